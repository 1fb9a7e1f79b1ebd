namespace Terminal.Core.Tests.Fakes
{
    /// <summary>
    /// Thrown by <see cref="SimulatedLittleFs"/> and <see cref="CutLedgerStore"/> when the simulated power fails. It deliberately
    /// does not derive from <see cref="System.IO.IOException"/>: code under test must not be able
    /// to mistake a dead device for a full or failing disk and carry on.
    /// </summary>
    public sealed class PowerCutException : System.Exception
    {
        /// <summary>Creates the exception.</summary>
        public PowerCutException(string message)
            : base(message)
        {
        }
    }
}
