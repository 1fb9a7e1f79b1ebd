using System;
using System.Threading;
using Terminal.Host.Simulation;

namespace Terminal.Simulator;

/// <summary>The simulator at a real keyboard: the device display redrawn in the terminal.</summary>
public sealed class InteractiveConsole(TerminalRig rig)
{
    private readonly Random _random = new();
    private string _event = "ready";
    private bool _dirty = true;
    private bool _held;
    private string _drawnStatus = string.Empty;

    /// <summary>Runs until the user quits; returns the exit code.</summary>
    public int Run(CancellationToken cancel)
    {
        rig.Display.Changed += () => _dirty = true;
        rig.Signals.Signalled += s => _event = s == Terminal.Core.Ports.Signal.Success ? "beep (ok)" : "beep-beep (error)";
        Console.CursorVisible = false;
        try
        {
            while (!cancel.IsCancellationRequested)
            {
                while (Console.KeyAvailable)
                {
                    if (!Handle(Console.ReadKey(intercept: true)))
                    {
                        return 0;
                    }
                }

                rig.Step();
                string status = rig.Status();
                if (status != _drawnStatus)
                {
                    // Sync progress and connection changes show without a key press.
                    _dirty = true;
                    _drawnStatus = status;
                }

                if (_dirty)
                {
                    Draw();
                    _dirty = false;
                }

                Thread.Sleep(TerminalRig.StepMilliseconds);
            }

            return 0;
        }
        finally
        {
            Console.CursorVisible = true;
        }
    }

    private bool Handle(ConsoleKeyInfo info)
    {
        _dirty = true;
        if (info.Key == ConsoleKey.Escape || (info.Key == ConsoleKey.C && info.Modifiers.HasFlag(ConsoleModifiers.Control)))
        {
            return false;
        }

        char c = info.Key switch
        {
            ConsoleKey.Enter => '#',
            ConsoleKey.Backspace => '*',
            _ => info.KeyChar,
        };
        if (c == 'q')
        {
            return false;
        }

        if (rig.Keypad.Press(char.ToUpperInvariant(c)))
        {
            _event = "key " + char.ToUpperInvariant(c);
            return true;
        }

        foreach (SimulatedCard card in rig.Wallet.Cards)
        {
            if (card.Key == c.ToString())
            {
                rig.Field.Present(card.Uid, rig.Wallet.Tag(card), polls: 5, hold: false);
                _event = $"{card.Name} taps ({card.Hex})";
                return true;
            }
        }

        switch (c)
        {
            case 'm' when rig.Wallet.Secure:
                rig.Field.Present(rig.Wallet.Cards[0].Uid, rig.Wallet.MagicClone(), polls: 5, hold: false);
                _event = "a magic clone of Alice's card taps (same UID, pages and password; its own counter)";
                break;
            case 'n':
                byte[] uid = new byte[7];
                _random.NextBytes(uid);
                uid[0] = 0x04;
                SimulatedCard fresh = rig.Wallet.Resolve(Convert.ToHexString(uid));
                rig.Field.Present(uid, rig.Wallet.Tag(fresh), polls: 5, hold: false);
                _event = "a new card taps (" + fresh.Hex + ")";
                break;
            case 'o':
                rig.Field.Present(SimulatedCard.BankCard.Uid, null, polls: 5, hold: false);
                _event = "a bank card taps (not a shop card)";
                break;
            case 'h':
                _held = !_held;
                if (_held)
                {
                    SimulatedCard alice = rig.Wallet.Cards[0];
                    rig.Field.Present(alice.Uid, rig.Wallet.Tag(alice), polls: 0, hold: true);
                    _event = "Alice's card left on the reader";
                }
                else
                {
                    rig.Field.Lift();
                    _event = "card lifted";
                }

                break;
            case 't':
                rig.Field.TearNext();
                _event = "card pulled away mid-read";
                break;
            default:
                _event = $"'{c}' does nothing here (see the key list)";
                break;
        }

        return true;
    }

    private void Draw()
    {
        Console.Clear();
        Console.WriteLine("  Loyalty terminal simulator   data: " + rig.DataDirectory);
        Console.WriteLine();
        foreach (string row in rig.Display.Render())
        {
            Console.WriteLine("    " + row);
        }

        Console.WriteLine();
        Console.WriteLine("  Keypad  0-9 A B C D * #   (Enter = #, Backspace = *)");
        Console.WriteLine("          A sale  B voucher  C void (PIN " + rig.Settings.CashierPin + ")  D no card / cancel");
        if (rig.Wallet.Secure)
        {
            Console.WriteLine("  Cards   j Alice   k Bob   l Chloe   n new card   (NTAG215, signed at first tap)");
            Console.WriteLine("          m magic clone of Alice's card   o bank card   h leave Alice's card on / lift   t pull away mid-read");
        }
        else
        {
            Console.WriteLine("  Cards   j Alice (4-byte UID)   k Bob (7)   l Chloe (10)   n new card   o bank card");
            Console.WriteLine("          h leave Alice's card on the reader / lift   t pull a card away mid-read");
        }
        Console.WriteLine("  Quit    q or Esc");
        Console.WriteLine();
        Console.WriteLine("  last: " + _event);
        Console.WriteLine("  " + rig.Status());
    }
}
