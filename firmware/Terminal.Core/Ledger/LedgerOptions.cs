namespace Terminal.Core.Ledger
{
    /// <summary>Sizing of the ledger for a flash partition (see docs/adr/0002).</summary>
    public sealed class LedgerOptions
    {
        /// <summary>
        /// Card records per shard the shard count is sized for: 460 × 16 B = 7,376 B, inside the
        /// 8,188 bytes two LittleFS blocks hold (510 cards), with room for the spread of a hash.
        /// </summary>
        public const int CardsPerShardTarget = 460;

        /// <summary>Bytes of journal two LittleFS blocks hold in whole frames (163 × 50 B of 8,188 B).</summary>
        public const int TwoBlockSegment = 8150;

        /// <summary>Bytes of journal four LittleFS blocks hold in whole frames (327 × 50 B of 16,368 B).</summary>
        public const int FourBlockSegment = 16350;

        /// <summary>Creates options for a card and backlog capacity.</summary>
        public LedgerOptions(int maxCards, int maxUnsynced)
        {
            MaxCards = maxCards;
            MaxUnsynced = maxUnsynced;
            ShardCount = (maxCards + CardsPerShardTarget - 1) / CardsPerShardTarget;
            if (ShardCount < 1)
            {
                ShardCount = 1;
            }

            SegmentBytes = FourBlockSegment;
            TailFlushBytes = 400;
            TailMaxBytes = 2000;
            PendingCapacity = 192;
            CheckpointThreshold = 96;
            CheckpointLag = 256;
            ShardsPerMaintain = 2;
            ReserveBytes = 6 * 4096;
            ShardMaxCards = 600;
            CloudCapacity = 128;
            CloudThreshold = 64;
        }

        /// <summary>4 MB module: 256 KiB partition shared with Wi-Fi and certificates.</summary>
        public static LedgerOptions Small()
        {
            return new LedgerOptions(5000, 2000);
        }

        /// <summary>
        /// 8 MB module: 2 MiB partition. A bigger shop folds bigger batches: 109 shards share each
        /// fold, so 256 records per fold rewrite about 99 shards instead of 64 per 96 records
        /// (40% fewer bytes written per tap), for 3.8 KB more RAM in the pending index.
        /// </summary>
        public static LedgerOptions Large()
        {
            LedgerOptions options = new LedgerOptions(50000, 20000);
            options.PendingCapacity = 384;
            options.CheckpointThreshold = 256;
            options.CheckpointLag = 512;
            options.CloudCapacity = 256;
            options.CloudThreshold = 128;
            return options;
        }

        /// <summary>Most cards the terminal accepts.</summary>
        public int MaxCards { get; private set; }

        /// <summary>Most transactions kept waiting for the cloud before taps are refused.</summary>
        public int MaxUnsynced { get; private set; }

        /// <summary>Number of card-table files, fixed when the ledger is formatted.</summary>
        public int ShardCount { get; set; }

        /// <summary>Hard limit of cards in one shard (its RAM buffer).</summary>
        public int ShardMaxCards { get; set; }

        /// <summary>A sealed journal segment is closed to appends past this size.</summary>
        public int SegmentBytes { get; set; }

        /// <summary>The tail is moved into a segment between taps once it reaches this size (it stays inline in LittleFS metadata below 512 B).</summary>
        public int TailFlushBytes { get; set; }

        /// <summary>
        /// Hard limit of the tail: past it taps are refused until maintenance has run. Only reached
        /// when maintenance keeps failing; above 512 B every tap costs a block erase.
        /// </summary>
        public int TailMaxBytes { get; set; }

        /// <summary>Journal records not yet folded into the card table that RAM can index.</summary>
        public int PendingCapacity { get; set; }

        /// <summary>Maintenance folds the journal into the card table once this many records wait.</summary>
        public int CheckpointThreshold { get; set; }

        /// <summary>
        /// Maintenance also folds once the checkpoint lags this many records behind (records
        /// without a card effect, such as anonymous sales, never fill the index): bounds what boot
        /// reads, and lets acknowledged segments be compacted.
        /// </summary>
        public int CheckpointLag { get; set; }

        /// <summary>Most shard files one <c>Maintain</c> call rewrites (each is about one block erase on the device).</summary>
        public int ShardsPerMaintain { get; set; }

        /// <summary>
        /// Card states from the cloud that RAM can index before they are folded (14 B each); at
        /// least two balance messages of 64 cards, so one can arrive while a round folds the other.
        /// </summary>
        public int CloudCapacity { get; set; }

        /// <summary>Maintenance starts a fold round once this many cloud card states wait.</summary>
        public int CloudThreshold { get; set; }

        /// <summary>Free space kept back so maintenance can always rewrite a shard and the metadata.</summary>
        public long ReserveBytes { get; set; }
    }
}
