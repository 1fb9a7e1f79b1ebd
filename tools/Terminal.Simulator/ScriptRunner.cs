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
          tap <card>         tap a card: Alice, Bob, Chloe, or a UID in hex (4, 7 or 10 bytes)
          hold <card>        leave a card on the reader      lift   take it away
          torn               a card pulled away mid-read
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
                        rig.Reader.Tap(CardArgument(argument), polls: 3);
                        Turns(6);
                        break;
                    case "hold":
                        rig.Reader.Hold(CardArgument(argument));
                        Turns(3);
                        break;
                    case "lift":
                        rig.Reader.Lift();
                        Turns(3);
                        break;
                    case "torn":
                        rig.Reader.TearNext();
                        Turns(2);
                        break;
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

    /// <summary>A card by name or hex UID; throws ArgumentException with a helpful message.</summary>
    public static byte[] CardArgument(string argument)
    {
        SimulatedCard? named = SimulatedCard.Defaults.FirstOrDefault(c => c.Name.Equals(argument, StringComparison.OrdinalIgnoreCase));
        if (named != null)
        {
            return named.Uid;
        }

        try
        {
            byte[] uid = Convert.FromHexString(argument);
            if (uid.Length is 4 or 7 or 10)
            {
                return uid;
            }
        }
        catch (FormatException)
        {
        }

        throw new ArgumentException($"'{argument}' is not a card: use Alice, Bob, Chloe or a 4, 7 or 10-byte UID in hex");
    }
}
