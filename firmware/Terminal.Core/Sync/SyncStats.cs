namespace Terminal.Core.Sync
{
    /// <summary>What the sync engine did since it started (diagnostics and tests).</summary>
    public sealed class SyncStats
    {
        /// <summary>Transaction batches handed to the link.</summary>
        public int BatchesSent { get; set; }

        /// <summary>Transactions in those batches (resends included).</summary>
        public int TransactionsSent { get; set; }

        /// <summary>Acknowledgements that moved the synced mark.</summary>
        public int AcksApplied { get; set; }

        /// <summary>Acknowledgements that changed nothing (duplicates, retained copies).</summary>
        public int AcksIgnored { get; set; }

        /// <summary>Acknowledgements beyond the journal (a reused terminal id; nothing is marked).</summary>
        public int AcksBeyondJournal { get; set; }

        /// <summary>Resends from the last acknowledgement (timeouts, gap hints, new sessions).</summary>
        public int Rewinds { get; set; }

        /// <summary>Acknowledgement timeouts.</summary>
        public int Timeouts { get; set; }

        /// <summary>Configurations applied.</summary>
        public int ConfigsApplied { get; set; }

        /// <summary>Balance messages applied.</summary>
        public int BalanceMessages { get; set; }

        /// <summary>Status messages sent early to ask the cloud for a balance resync.</summary>
        public int ResyncRequests { get; set; }

        /// <summary>Blocked-card lists applied.</summary>
        public int BlockedLists { get; set; }

        /// <summary>Incoming messages refused (garbage, oversized, unknown topic, invalid values).</summary>
        public int Rejected { get; set; }

        /// <summary>Why the last message was refused.</summary>
        public string LastRejectReason { get; set; }

        /// <summary>Operations that threw (for example a full store); retried later.</summary>
        public int Failures { get; set; }
    }
}
