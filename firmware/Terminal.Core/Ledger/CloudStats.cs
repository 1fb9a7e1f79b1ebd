namespace Terminal.Core.Ledger
{
    /// <summary>Counters of the cloud's view of cards (states from other terminals, blocked cards).</summary>
    public sealed class CloudStats
    {
        /// <summary>Card states taken from applied balance messages.</summary>
        public int CardsApplied { get; set; }

        /// <summary>Balance messages ignored because the cursor had already passed their end.</summary>
        public int MessagesStale { get; set; }

        /// <summary>Balance messages that did not follow on from the cursor (one went missing).</summary>
        public int Gaps { get; set; }

        /// <summary>Balance messages put off for lack of room (RAM index or flash).</summary>
        public int Deferred { get; set; }

        /// <summary>Card states that found their shard full (the terminal then shows its own part only).</summary>
        public int CardsDropped { get; set; }

        /// <summary>Card states whose points were clamped to the record's 24-bit range.</summary>
        public int Clamped { get; set; }

        /// <summary>Blocked-card lists applied.</summary>
        public int BlockedListsApplied { get; set; }

        /// <summary>Files that failed their CRC (not expected from power cuts on LittleFS).</summary>
        public int CorruptFiles { get; set; }
    }
}
