using Terminal.Core.Provisioning;
using Terminal.Core.Sync;

namespace Terminal.Device.Provisioning
{
    /// <summary>
    /// Sends the sync engine's diagnostics to the service port as log lines, where a technician
    /// sees them (`terminal-provision -v`), and keeps the last one for the Diagnostics command.
    /// The terminal has no other console: COM1 belongs to nanoFramework's debugger.
    /// </summary>
    public sealed class ServiceLog : ISyncLog
    {
        private readonly ProvisioningService _service;
        private readonly LedgerDiagnostics _diagnostics;

        /// <summary>Writes through <paramref name="service"/>; records the last line in <paramref name="diagnostics"/>.</summary>
        public ServiceLog(ProvisioningService service, LedgerDiagnostics diagnostics)
        {
            _service = service;
            _diagnostics = diagnostics;
        }

        /// <inheritdoc/>
        public void Write(string line)
        {
            _service.Log(line);
            _diagnostics.LastError = line;
        }

        /// <summary>A log line that is not an error (boot progress).</summary>
        public void Info(string line)
        {
            _service.Log(line);
        }
    }
}
