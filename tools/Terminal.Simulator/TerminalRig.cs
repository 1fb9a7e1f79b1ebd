using System;
using System.IO;
using Terminal.Core.Config;
using Terminal.Core.Flow;
using Terminal.Core.Ledger;
using Terminal.Core.Ports;
using Terminal.Core.Rules;
using Terminal.Host;
using Terminal.Host.Simulation;

namespace Terminal.Simulator;

/// <summary>
/// The real portable core composed with simulated hardware: what Program.cs does on the
/// device, with host adapters instead of device ones.
/// </summary>
public sealed class TerminalRig
{
    /// <summary>Loop period, as on the device.</summary>
    public const int StepMilliseconds = 20;

    /// <summary>Builds the rig over a data folder and mounts the ledger.</summary>
    public TerminalRig(string dataDirectory, IClock clock, LedgerOptions options)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
        Store = new DirectoryLedgerStore(Path.Combine(DataDirectory, "ledger"));
        Clock = clock;
        Ledger = new Ledger(Store, options);
        Ledger.Mount();
        Settings = new TerminalSettings();
        Flow = new TapFlow(Ledger, EarnRules.Default(), VoucherCatalog.Default(), Settings, Display, Signals, Clock);
    }

    public string DataDirectory { get; }

    public DirectoryLedgerStore Store { get; }

    public IClock Clock { get; }

    public Ledger Ledger { get; }

    public TerminalSettings Settings { get; }

    public TapFlow Flow { get; }

    public QueueKeypad Keypad { get; } = new();

    public SimulatedCardReader Reader { get; } = new();

    public TextDisplay Display { get; } = new();

    public SignalLog Signals { get; } = new();

    /// <summary>One turn of the device's main loop.</summary>
    public void Step() => Flow.Step(Keypad, Reader);

    /// <summary>One-line status for the bottom of the simulator screen.</summary>
    public string Status() =>
        $"seq {Ledger.LastSequence}  unsynced {Ledger.UnsyncedCount}  cards {Ledger.CardCount}  pending {Ledger.PendingCount}  state {Flow.State}";

    /// <summary>Folds everything into the card table before the process ends.</summary>
    public void Shutdown()
    {
        try
        {
            Ledger.MaintainAll();
        }
        catch (IOException e)
        {
            Console.Error.WriteLine("simulator: could not fold the journal at exit (" + e.Message + "); it is replayed at next start.");
        }
    }
}
