using Terminal.Core.Ports;

namespace Terminal.Core.Tests.Fakes
{
    /// <summary>Diagnostics with values a test sets.</summary>
    public sealed class FakeDiagnostics : IDiagnosticsSource
    {
        /// <summary>Creates diagnostics of a terminal that has never synced.</summary>
        public FakeDiagnostics()
        {
            FirmwareVersion = "0.1.0";
            LastError = string.Empty;
        }

        /// <inheritdoc />
        public string FirmwareVersion { get; set; }

        /// <inheritdoc />
        public int CardCount { get; set; }

        /// <inheritdoc />
        public uint TransactionCount { get; set; }

        /// <inheritdoc />
        public int UnsyncedCount { get; set; }

        /// <inheritdoc />
        public uint LastSyncUnixSeconds { get; set; }

        /// <inheritdoc />
        public string LastError { get; set; }
    }
}
