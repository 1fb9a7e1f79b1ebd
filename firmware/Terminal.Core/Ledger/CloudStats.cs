namespace Terminal.Core.Ledger
{
    /// <summary>Counters of the cloud state kept beside the ledger (card states from other terminals, blocked cards).</summary>
    public sealed class CloudStats
    {
        /// <summary>Card states stored or replaced.</summary>
        public int CardsApplied { get; set; }

        /// <summary>Card states ignored because the stored one is as new or newer.</summary>
        public int CardsStale { get; set; }

        /// <summary>Card states that did not fit their file (the terminal then shows its own view only).</summary>
        public int CardsDropped { get; set; }

        /// <summary>Blocked-card lists applied.</summary>
        public int BlockedListsApplied { get; set; }

        /// <summary>Files that failed their CRC and were started afresh.</summary>
        public int CorruptFiles { get; set; }
    }
}
