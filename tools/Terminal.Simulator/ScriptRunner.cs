using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Terminal.Host.Simulation;

namespace Terminal.Simulator;

/// <summary>
/// Runs the simulator from a script (one command per line) on a stepped clock, so a whole
/// shift at the counter replays in milliseconds and the same way every time.
/// </summary>
public sealed class ScriptRunner(TerminalRig rig, SteppedClock clock, TextWriter output)
{
    /// <summary>Help text listing the commands.</summary>
    public const string Help = """
        Commands (one per line; blank lines and lines starting with ';' are ignored):
          keys <keys>        press keypad keys, e.g. keys A2599#1   (0-9 A B C D * #)
          tap <card>         tap a card: Alice, Bob, Chloe, bank, or a UID in hex (4, 7 or 10 bytes;
                             7 bytes is a blank NTAG215 unless --uid-only)
          clone              tap a magic clone of Alice's card (same UID, pages and password)
          hold <card>        leave a card on the reader      lift   take it away
          torn               a card pulled away mid-read
          sync [seconds]     wait (real time, default 20 s) until the cloud acknowledged everything
          online [seconds]   wait (real time) until the terminal is connected to its broker
          wait <ms>          let time pass (screens time out)
          expect <text>      fail unless the display shows <text>
          show | status      print the display | the ledger status
          quit               stop
        """;

    /// <summary>Commands run so far.</summary>
    public int Commands { get; private set; }

    /// <summary>Runs every line; returns the process exit code (0 ok, 1 expectation failed, 2 bad input).</summary>
    public int Run(TextReader input)
    {
        int lineNumber = 0;
        string? line;
        while ((line = input.ReadLine()) != null)
        {
            lineNumber++;
            string text = line.Trim();
            if (text.Length == 0 || text.StartsWith(';'))
            {
                continue;
            }

            string[] parts = text.Split(' ', 2, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            string command = parts[0].ToLowerInvariant();
            string argument = parts.Length > 1 ? parts[1] : string.Empty;
            Commands++;
            try
            {
                switch (command)
                {
                    case "keys":
                        foreach (char key in argument.Where(c => c != ' '))
                        {
                            if (!rig.Keypad.Press(char.ToUpperInvariant(key)))
                            {
                                return Bad(lineNumber, $"'{key}' is not a key on the keypad (0-9 A B C D * #)");
                            }

                            Turns(1);
                        }

                        Turns(2);
                        break;
                    case "tap":
                        Present(rig.Wallet.Resolve(argument), hold: false);
                        Turns(6);
                        break;
                    case "clone":
                        if (!rig.Wallet.Secure)
                        {
                            return Bad(lineNumber, "clone needs NTAG cards (run without --uid-only)");
                        }

                        rig.Field.Present(rig.Wallet.Cards[0].Uid, rig.Wallet.MagicClone(), polls: 3, hold: false);
                        Turns(6);
                        break;
                    case "hold":
                        Present(rig.Wallet.Resolve(argument), hold: true);
                        Turns(3);
                        break;
                    case "lift":
                        rig.Field.Lift();
                        Turns(3);
                        break;
                    case "torn":
                        rig.Field.TearNext();
                        Turns(2);
                        break;
                    case "sync":
                    case "online":
                        int seconds = 20;
                        if (argument.Length > 0 && (!int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out seconds) || seconds > 600))
                        {
                            return Bad(lineNumber, command + " takes a number of seconds, e.g. " + command + " 10");
                        }

                        if (rig.BrokerEndpoint == null)
                        {
                            return Bad(lineNumber, command + " needs a cloud: run with --cloud or --broker");
                        }

                        if (!WaitReal(seconds, command == "sync" ? () => rig.Online && rig.Ledger.UnsyncedCount == 0 : () => rig.Online))
                        {
                            output.WriteLine($"line {lineNumber}: not {(command == "sync" ? "synced" : "online")} after {seconds} s ({rig.Status()})");
                            return 1;
                        }

                        output.WriteLine($"> {text}");
                        output.WriteLine("  " + rig.Status());
                        continue;
                    case "wait":
                        if (!int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out int ms) || ms > 86_400_000)
                        {
                            return Bad(lineNumber, "wait needs milliseconds, e.g. wait 5000");
                        }

                        clock.Advance(ms);
                        Turns(1);
                        break;
                    case "expect":
                        if (!Shows(argument))
                        {
                            output.WriteLine($"line {lineNumber}: expected the display to show \"{argument}\"");
                            Print();
                            return 1;
                        }

                        continue;
                    case "show":
                        break;
                    case "status":
                        output.WriteLine(rig.Status());
                        continue;
                    case "quit":
                    case "exit":
                        return 0;
                    default:
                        return Bad(lineNumber, $"unknown command '{parts[0]}'\n{Help}");
                }
            }
            catch (ArgumentException e)
            {
                return Bad(lineNumber, e.Message);
            }

            output.WriteLine($"> {text}");
            Print();
        }

        return 0;
    }

    private void Present(SimulatedCard card, bool hold) =>
        rig.Field.Present(card.Uid, rig.Wallet.Tag(card), polls: 3, hold: hold);

    private bool WaitReal(int seconds, Func<bool> done)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            Turns(1);
            if (done())
            {
                return true;
            }

            System.Threading.Thread.Sleep(TerminalRig.StepMilliseconds);
        }

        return done();
    }

    private bool Shows(string text) =>
        Enumerable.Range(0, Terminal.Core.Flow.Screen.Height).Any(i => rig.Display.Line(i).Contains(text, StringComparison.Ordinal));

    private void Print()
    {
        foreach (string row in rig.Display.Render())
        {
            output.WriteLine("  " + row);
        }
    }

    private void Turns(int count)
    {
        for (int i = 0; i < count; i++)
        {
            rig.Step();
            clock.Advance(TerminalRig.StepMilliseconds);
        }
    }

    private int Bad(int line, string message)
    {
        output.WriteLine($"line {line}: {message}");
        return 2;
    }
}
