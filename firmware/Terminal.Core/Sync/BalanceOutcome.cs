namespace Terminal.Core.Sync
{
    /// <summary>What the ledger did with a balance message.</summary>
    public enum BalanceOutcome
    {
        /// <summary>
        /// Taken: the balance cursor moved to the message's end, with its card states in the same
        /// durable append (an empty range moves the cursor in RAM only: it holds nothing to lose).
        /// </summary>
        Applied = 0,

        /// <summary>Already held (a duplicate or an older message): nothing written.</summary>
        Stale = 1,

        /// <summary>The message does not follow on from the cursor (one went missing): nothing written, a resync is due.</summary>
        Gap = 2,

        /// <summary>No room now (pending index or flash): nothing written, a resync is due once there is room.</summary>
        Deferred = 3,
    }
}
