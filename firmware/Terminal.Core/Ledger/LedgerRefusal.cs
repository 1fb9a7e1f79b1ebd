namespace Terminal.Core.Ledger
{
    /// <summary>Why the ledger refused a transaction.</summary>
    public enum LedgerRefusal
    {
        /// <summary>Not refused.</summary>
        None = 0,

        /// <summary>The flash partition is full.</summary>
        StorageFull = 1,

        /// <summary>Too many transactions wait for the cloud.</summary>
        BacklogFull = 2,

        /// <summary>The card table is full.</summary>
        CardsFull = 3,

        /// <summary>Maintenance is overdue; run it and retry.</summary>
        Busy = 4,

        /// <summary>The card's points at this terminal would leave the range its record holds (±8,388,607).</summary>
        BalanceLimit = 5,
    }
}
