namespace Terminal.Core.Tests.Fakes
{
    /// <summary>Thrown by <see cref="CutLedgerStore"/> when the simulated power fails.</summary>
    public sealed class PowerCutException : System.Exception
    {
        /// <summary>Creates the exception.</summary>
        public PowerCutException(string message)
            : base(message)
        {
        }
    }
}
