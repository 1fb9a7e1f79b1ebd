using System.Threading;

namespace Terminal.Cloud
{
    /// <summary>Counters of the sync service (thread-safe).</summary>
    public sealed class CloudStats
    {
        private long _batches;
        private long _applied;
        private long _duplicates;
        private long _conflicts;
        private long _gaps;
        private long _rejected;
        private long _balanceMessages;
        private long _acks;
        private long _blockLists;

        /// <summary>Batches processed.</summary>
        public long Batches => Interlocked.Read(ref _batches);

        /// <summary>Transactions stored.</summary>
        public long Applied => Interlocked.Read(ref _applied);

        /// <summary>Transactions received again (no-ops).</summary>
        public long Duplicates => Interlocked.Read(ref _duplicates);

        /// <summary>Duplicates that differed from the stored copy.</summary>
        public long Conflicts => Interlocked.Read(ref _conflicts);

        /// <summary>Batches that did not follow on.</summary>
        public long Gaps => Interlocked.Read(ref _gaps);

        /// <summary>Messages refused.</summary>
        public long Rejected => Interlocked.Read(ref _rejected);

        /// <summary>Balance messages sent to terminals.</summary>
        public long BalanceMessages => Interlocked.Read(ref _balanceMessages);

        /// <summary>Acknowledgements published.</summary>
        public long Acks => Interlocked.Read(ref _acks);

        /// <summary>Blocked lists published because the card-trust checks blocked cards.</summary>
        public long BlockLists => Interlocked.Read(ref _blockLists);

        /// <summary>Reason of the last refusal.</summary>
        public string? LastRejectReason { get; internal set; }

        internal void Batch(BatchResult r)
        {
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _applied, r.Applied);
            Interlocked.Add(ref _duplicates, r.Duplicates);
            Interlocked.Add(ref _conflicts, r.Conflicts);
            if (r.GapAt > 0)
            {
                Interlocked.Increment(ref _gaps);
            }
        }

        internal void Reject(string reason)
        {
            Interlocked.Increment(ref _rejected);
            LastRejectReason = reason;
        }

        internal void Balance() => Interlocked.Increment(ref _balanceMessages);

        internal void Ack() => Interlocked.Increment(ref _acks);

        internal void Blocked() => Interlocked.Increment(ref _blockLists);

        /// <inheritdoc/>
        public override string ToString()
        {
            return $"batches={Batches} applied={Applied} duplicates={Duplicates} conflicts={Conflicts} gaps={Gaps} rejected={Rejected} acks={Acks} balance-messages={BalanceMessages} block-lists={BlockLists}";
        }
    }
}
