namespace Terminal.Core.Ledger
{
    /// <summary>The ledger refused an operation; <see cref="Reason"/> says why in display-ready words.</summary>
    public sealed class LedgerException : System.Exception
    {
        /// <summary>Creates the exception.</summary>
        public LedgerException(LedgerRefusal reason, string message)
            : base(message)
        {
            Reason = reason;
        }

        /// <summary>Machine-readable reason.</summary>
        public LedgerRefusal Reason { get; private set; }
    }
}
