using Terminal.Core.Config;
using Terminal.Core.Flow;
using Terminal.Core.Ledger;
using Terminal.Core.Rules;

namespace Terminal.Core.Tests.Fakes
{
    /// <summary>The real core (ledger + flow) wired to fakes: a terminal on the test bench.</summary>
    public sealed class TestTerminal
    {
        /// <summary>A terminal over a fresh in-memory store.</summary>
        public TestTerminal()
            : this(new MemoryLedgerStore(), new FakeClock())
        {
        }

        /// <summary>A terminal over an existing store (to simulate a reboot).</summary>
        public TestTerminal(MemoryLedgerStore store, FakeClock clock)
        {
            Store = store;
            Clock = clock;
            Settings = new TerminalSettings();
            Ledger = new Terminal.Core.Ledger.Ledger(store, LedgerOptions.Small());
            Ledger.Mount();
            Keypad = new ScriptedKeypad();
            Reader = new ScriptedCardReader();
            Display = new RecordingDisplay();
            Indicator = new RecordingIndicator();
            Flow = new TapFlow(Ledger, EarnRules.Default(), VoucherCatalog.Default(), Settings, Display, Indicator, Clock);
        }

        public MemoryLedgerStore Store { get; private set; }

        public FakeClock Clock { get; private set; }

        public TerminalSettings Settings { get; private set; }

        public Terminal.Core.Ledger.Ledger Ledger { get; private set; }

        public ScriptedKeypad Keypad { get; private set; }

        public ScriptedCardReader Reader { get; private set; }

        public RecordingDisplay Display { get; private set; }

        public RecordingIndicator Indicator { get; private set; }

        public TapFlow Flow { get; private set; }

        /// <summary>Runs the main loop <paramref name="turns"/> times, 20 ms apart.</summary>
        public void Step(int turns)
        {
            for (int i = 0; i < turns; i++)
            {
                Flow.Step(Keypad, Reader);
                Clock.Advance(20);
            }
        }

        /// <summary>Presses keys, one per loop turn.</summary>
        public void Press(string keys)
        {
            Keypad.Type(keys);
            Step(keys.Length + 1);
        }

        /// <summary>Places a card for a few polls, then takes it away.</summary>
        public void Tap(byte[] uid)
        {
            Reader.Place(uid);
            Step(3);
            Reader.Remove();
            Step(3);
        }

        /// <summary>Waits long enough for result, balance and error screens to time out.</summary>
        public void WaitForIdle()
        {
            Clock.Advance(10000);
            Step(1);
        }
    }
}
