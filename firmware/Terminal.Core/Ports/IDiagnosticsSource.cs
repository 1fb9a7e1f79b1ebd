namespace Terminal.Core.Ports
{
    /// <summary>What the rest of the firmware tells a technician through the service port's diagnostics.</summary>
    public interface IDiagnosticsSource
    {
        /// <summary>Firmware version string, e.g. "1.4.0".</summary>
        string FirmwareVersion { get; }

        /// <summary>Cards with an account in the local ledger.</summary>
        int CardCount { get; }

        /// <summary>Transactions ever recorded (the newest sequence number).</summary>
        uint TransactionCount { get; }

        /// <summary>Transactions the cloud has not acknowledged yet.</summary>
        int UnsyncedCount { get; }

        /// <summary>Unix seconds of the last successful sync, 0 when never.</summary>
        uint LastSyncUnixSeconds { get; }

        /// <summary>Last error worth a technician's attention, empty when none.</summary>
        string LastError { get; }
    }
}
