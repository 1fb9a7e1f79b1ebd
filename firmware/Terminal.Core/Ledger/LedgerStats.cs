namespace Terminal.Core.Ledger
{
    /// <summary>Counters from the last mount and since: what recovery found and did.</summary>
    public sealed class LedgerStats
    {
        /// <summary>True when the store was empty and a new ledger was written.</summary>
        public bool Formatted { get; set; }

        /// <summary>Bytes read from the store during mount (bounded: it does not grow with history).</summary>
        public int BytesReadAtMount { get; set; }

        /// <summary>Journal records replayed into the pending index at mount.</summary>
        public int RecordsReplayed { get; set; }

        /// <summary>Interrupted atomic replacements finished or rolled back.</summary>
        public int RepairedFiles { get; set; }

        /// <summary>Files with bytes that failed their CRC (not expected from power cuts on LittleFS).</summary>
        public int CorruptFiles { get; set; }

        /// <summary>Records seen twice at mount (a tail flush cut before the tail was deleted).</summary>
        public int DuplicateRecords { get; set; }

        /// <summary>Breaks in the sequence numbering found at mount (should stay 0).</summary>
        public int SequenceGaps { get; set; }

        /// <summary>Cards that did not fit their shard (should stay 0: enrolment is refused first).</summary>
        public int DroppedCards { get; set; }

        /// <summary>Own balances clamped to the record's 24-bit range at a fold (records committed without a lookup).</summary>
        public int ClampedBalances { get; set; }

        /// <summary>Journal segments deleted after acknowledgement and checkpoint.</summary>
        public int SegmentsCompacted { get; set; }

        /// <summary>Resets every counter.</summary>
        public void Clear()
        {
            Formatted = false;
            BytesReadAtMount = 0;
            RecordsReplayed = 0;
            RepairedFiles = 0;
            CorruptFiles = 0;
            DuplicateRecords = 0;
            SequenceGaps = 0;
            DroppedCards = 0;
            ClampedBalances = 0;
            SegmentsCompacted = 0;
        }
    }
}
