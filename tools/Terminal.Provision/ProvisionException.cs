using System;

namespace Terminal.Provision
{
    /// <summary>A failure the CLI explains to the technician, with the exit code it maps to.</summary>
    public class ProvisionException : Exception
    {
        public ProvisionException(int exitCode, string message, Exception? inner = null)
            : base(message, inner)
        {
            ExitCode = exitCode;
        }

        /// <summary>Process exit code (see <see cref="ExitCodes"/>).</summary>
        public int ExitCode { get; }
    }
}
