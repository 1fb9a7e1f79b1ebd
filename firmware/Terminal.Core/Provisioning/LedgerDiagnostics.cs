using Terminal.Core.Ports;

namespace Terminal.Core.Provisioning
{
    /// <summary>
    /// Diagnostics taken from the ledger, plus the facts other parts of the firmware report
    /// (the sync loop sets <see cref="LastSyncUnixSeconds"/>, anything may set <see cref="LastError"/>).
    /// </summary>
    public sealed class LedgerDiagnostics : IDiagnosticsSource
    {
        private readonly Ledger.Ledger _ledger;

        /// <summary>Creates diagnostics over a mounted ledger.</summary>
        public LedgerDiagnostics(Ledger.Ledger ledger, string firmwareVersion)
        {
            _ledger = ledger;
            FirmwareVersion = firmwareVersion;
            LastError = string.Empty;
        }

        /// <inheritdoc />
        public string FirmwareVersion { get; private set; }

        /// <inheritdoc />
        public int CardCount
        {
            get { return _ledger.CardCount; }
        }

        /// <inheritdoc />
        public uint TransactionCount
        {
            get { return _ledger.LastSequence; }
        }

        /// <inheritdoc />
        public int UnsyncedCount
        {
            get { return _ledger.UnsyncedCount; }
        }

        /// <inheritdoc />
        public uint LastSyncUnixSeconds { get; set; }

        /// <inheritdoc />
        public string LastError { get; set; }
    }
}
