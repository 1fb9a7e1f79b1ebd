using Terminal.Core.Domain;
using Terminal.Core.Encoding;
using Terminal.Core.Ports;

namespace Terminal.Core.Ledger
{
    /// <summary>
    /// The terminal's local ledger: an append-only CRC-framed journal (the outbox to the cloud)
    /// plus a sharded card table that the journal is folded into between taps.
    /// Layout and reasoning: docs/adr/0002-ledger-layout.md.
    /// <list type="bullet">
    /// <item><c>tail</c>: the hot journal file. Each transaction is one append = one close.
    /// Kept under 512 B so LittleFS stores it inline in metadata (no block erase per tap).</item>
    /// <item><c>sXXXXXXXX</c>: sealed journal segments named by their first sequence number;
    /// the tail is moved into them between taps.</item>
    /// <item><c>cXXXX</c>: card shards, 16 bytes per card, replaced atomically at checkpoints.</item>
    /// <item><c>meta</c>: watermarks (checkpointed, synced, last sequence), replaced atomically.</item>
    /// </list>
    /// RAM is fixed at mount: one shard buffer, one I/O buffer, and an index of the journal
    /// records not yet folded into the card table.
    /// </summary>
    public sealed partial class Ledger
    {
        /// <summary>Name of the metadata file.</summary>
        public const string MetaName = "meta";

        /// <summary>Name of the hot journal file.</summary>
        public const string TailName = "tail";

        /// <summary>Prefix of journal segment files.</summary>
        public const string SegmentPrefix = "s";

        /// <summary>Prefix of card shard files.</summary>
        public const string ShardPrefix = "c";

        private const int ShardHeader = 12;
        private const int CardRecord = 16;
        private const ushort ShardMagic = 0x3143; // "C1"
        private const ushort MetaMagic = 0x314D; // "M1"
        private const int MetaLength = 28;

        private readonly ILedgerStore _store;
        private readonly LedgerOptions _options;
        private readonly byte[] _io = new byte[512];
        private readonly byte[] _frames = new byte[TransactionCodec.FrameLength * 3];
        private readonly byte[] _meta = new byte[64];
        private readonly byte[] _shard;
        private readonly JournalScanner _scanner;
        private readonly Transaction _scratch = new Transaction();
        private readonly Transaction _last = new Transaction();
        private readonly CardState _shardState = new CardState();
        private readonly byte[] _flush = new byte[TransactionCodec.FrameLength * 16];

        // Journal records with a card effect that the card table does not hold yet.
        private readonly uint[] _pendingSeq;
        private readonly ulong[] _pendingKey;
        private readonly int[] _pendingPoints;
        private readonly ushort[] _pendingVoucher;
        private readonly byte[] _pendingKind;
        private readonly bool[] _pendingDone;
        private int _pendingCount;
        private int _pendingEnrols;

        private string[] _shardNames;
        private string[] _shardNewNames;
        private int _shardCount;
        private uint _checkpointSeq;
        private uint _syncedSeq;
        private uint _lastSeq;
        private int _cardCount;
        private uint _segmentLastSeq;
        private string _segmentName;
        private int _segmentLength;
        private bool _segmentClosed;
        private int _tailLength;
        private bool _tailCorrupt;
        private bool _mounted;
        private uint _lastRecordSeq;

        /// <summary>Creates a ledger over a store; call <see cref="Mount"/> before use.</summary>
        public Ledger(ILedgerStore store, LedgerOptions options)
        {
            _store = store;
            _options = options;
            _shard = new byte[ShardHeader + (options.ShardMaxCards * CardRecord) + 4];
            _scanner = new JournalScanner(_io);
            int p = options.PendingCapacity;
            _pendingSeq = new uint[p];
            _pendingKey = new ulong[p];
            _pendingPoints = new int[p];
            _pendingVoucher = new ushort[p];
            _pendingKind = new byte[p];
            _pendingDone = new bool[p];
            Stats = new LedgerStats();
        }

        /// <summary>What mount and recovery did.</summary>
        public LedgerStats Stats { get; private set; }

        /// <summary>Sequence number of the newest transaction (0 when none).</summary>
        public uint LastSequence
        {
            get { return _lastSeq; }
        }

        /// <summary>Everything up to this sequence is acknowledged by the cloud.</summary>
        public uint SyncedSequence
        {
            get { return _syncedSeq; }
        }

        /// <summary>Transactions the cloud has not acknowledged yet.</summary>
        public int UnsyncedCount
        {
            get { return (int)(_lastSeq - _syncedSeq); }
        }

        /// <summary>Cards with an account.</summary>
        public int CardCount
        {
            get { return _cardCount + _pendingEnrols; }
        }

        /// <summary>Journal records waiting to be folded into the card table.</summary>
        public int PendingCount
        {
            get { return _pendingCount; }
        }

        /// <summary>True when <see cref="Maintain"/> has work to do.</summary>
        public bool NeedsMaintenance
        {
            get
            {
                return _tailLength >= _options.TailFlushBytes || _tailCorrupt
                    || _pendingCount >= _options.CheckpointThreshold;
            }
        }

        /// <summary>Opens the ledger, formatting an empty store and repairing what a power cut left.</summary>
        public void Mount()
        {
            Stats.Clear();
            _pendingCount = 0;
            _pendingEnrols = 0;
            _last.Clear();
            ReadOrFormatMeta();
            BuildShardNames();
            RecoverShards();
            ScanJournal();
            _mounted = true;
            if (_tailCorrupt)
            {
                // New appends must never land behind unreadable bytes.
                FlushTail();
            }
        }

        /// <summary>
        /// Looks a card up. Fills <paramref name="state"/> and returns true when it has an account.
        /// Reads one shard through a 512-byte buffer; allocates nothing.
        /// </summary>
        public bool Lookup(CardUid uid, CardState state)
        {
            EnsureMounted();
            state.Clear();
            ulong key = uid.Key();
            int shard = ShardOf(key);
            string name = _shardNames[shard];
            uint applied = 0;
            int length = _store.Length(name);
            if (length >= ShardHeader + 4)
            {
                _store.Read(name, 0, _io, 0, ShardHeader);
                int count = LittleEndian.ReadUInt16(_io, 2);
                applied = LittleEndian.ReadUInt32(_io, 4);
                int position = ShardHeader;
                int perChunk = _io.Length / CardRecord;
                int index = 0;
                while (index < count && !state.Exists)
                {
                    int n = count - index;
                    if (n > perChunk)
                    {
                        n = perChunk;
                    }

                    _store.Read(name, position, _io, 0, n * CardRecord);
                    for (int i = 0; i < n; i++)
                    {
                        int o = i * CardRecord;
                        if (LittleEndian.ReadUInt64(_io, o) == key)
                        {
                            state.Exists = true;
                            state.Balance = LittleEndian.ReadInt32(_io, o + 8);
                            state.VouchersUsed = LittleEndian.ReadUInt16(_io, o + 12);
                            state.Flags = _io[o + 14];
                            break;
                        }
                    }

                    index += n;
                    position += n * CardRecord;
                }
            }

            for (int i = 0; i < _pendingCount; i++)
            {
                if (_pendingKey[i] == key && _pendingSeq[i] > applied)
                {
                    ApplyToState(state, (TransactionKind)_pendingKind[i], _pendingPoints[i], _pendingVoucher[i]);
                }
            }

            ApplyCloud(key, state);
            return state.Exists;
        }

        /// <summary>
        /// Makes one or two records durable in a single store commit (one close on the device) and
        /// assigns their sequence numbers. Pass <c>null</c> as <paramref name="second"/> for one record.
        /// Throws <see cref="LedgerException"/> when refused; then nothing was written.
        /// </summary>
        public void Commit(Transaction first, Transaction second)
        {
            Commit(first, second, null);
        }

        /// <summary>
        /// Makes one to three records durable in a single store commit, in order, and assigns their
        /// sequence numbers: an enrolment commits Enrol, its <see cref="TransactionKind.CardEvidence"/>
        /// and the Earn together. <paramref name="third"/> needs <paramref name="second"/>.
        /// Throws <see cref="LedgerException"/> when refused; then nothing was written.
        /// </summary>
        public void Commit(Transaction first, Transaction second, Transaction third)
        {
            EnsureMounted();
            if (third != null && second == null)
            {
                throw new System.ArgumentNullException("second");
            }

            int n = second == null ? 1 : third == null ? 2 : 3;
            CheckCapacity(first, n);
            if (second != null)
            {
                CheckCapacity(second, n);
            }

            if (third != null)
            {
                CheckCapacity(third, n);
            }

            first.Sequence = _lastSeq + 1;
            int length = TransactionCodec.Encode(first, _frames, 0);
            if (second != null)
            {
                second.Sequence = _lastSeq + 2;
                length += TransactionCodec.Encode(second, _frames, length);
            }

            if (third != null)
            {
                third.Sequence = _lastSeq + 3;
                length += TransactionCodec.Encode(third, _frames, length);
            }

            // The one durable commit of the tap path.
            _store.Append(TailName, _frames, 0, length);
            _tailLength += length;
            Remember(first);
            if (second != null)
            {
                Remember(second);
            }

            if (third != null)
            {
                Remember(third);
            }
        }

        /// <summary>Copies the newest transaction into <paramref name="into"/>; false when there is none.</summary>
        public bool GetLast(Transaction into)
        {
            if (_last.Kind == TransactionKind.None)
            {
                return false;
            }

            into.CopyFrom(_last);
            return true;
        }

        /// <summary>
        /// Between-taps housekeeping: moves the tail into a segment, folds the journal into the
        /// card table and drops acknowledged segments. Returns true when it did anything.
        /// </summary>
        public bool Maintain()
        {
            EnsureMounted();
            bool worked = false;
            if (_tailLength >= _options.TailFlushBytes || _tailCorrupt)
            {
                FlushTail();
                worked = true;
            }

            if (_pendingCount >= _options.CheckpointThreshold)
            {
                Checkpoint();
                worked = true;
            }

            return worked;
        }

        /// <summary>Folds everything pending into the card table now (for example when idle or before shutdown).</summary>
        public void MaintainAll()
        {
            EnsureMounted();
            if (_tailLength > 0)
            {
                FlushTail();
            }

            if (_pendingCount > 0 || _checkpointSeq < _lastSeq)
            {
                Checkpoint();
            }
        }

        /// <summary>
        /// Records the cloud's acknowledgement of everything up to <paramref name="sequence"/> and
        /// deletes journal segments that are both acknowledged and folded into the card table.
        /// </summary>
        public void MarkSynced(uint sequence)
        {
            EnsureMounted();
            if (sequence > _lastSeq)
            {
                sequence = _lastSeq;
            }

            if (sequence <= _syncedSeq)
            {
                return;
            }

            _syncedSeq = sequence;
            WriteMeta();
            CompactSegments();
        }

        /// <summary>
        /// Copies up to <paramref name="max"/> records with sequence ≥ <paramref name="fromSequence"/>,
        /// in order, into <paramref name="into"/> (pre-allocated records). Returns how many.
        /// </summary>
        public int ReadJournal(uint fromSequence, Transaction[] into, int max)
        {
            EnsureMounted();
            uint[] segments = SortedSegments();
            int start = 0;
            for (int i = 0; i < segments.Length; i++)
            {
                if (segments[i] <= fromSequence)
                {
                    start = i;
                }
            }

            int found = 0;
            uint lastSeen = 0;
            for (int i = start; i <= segments.Length && found < max; i++)
            {
                string name = i < segments.Length ? SegmentName(segments[i]) : TailName;
                _scanner.Open(_store, name);
                while (found < max && _scanner.Next(_scratch))
                {
                    if (_scratch.Sequence >= fromSequence && _scratch.Sequence > lastSeen)
                    {
                        into[found].CopyFrom(_scratch);
                        found++;
                    }

                    if (_scratch.Sequence > lastSeen)
                    {
                        lastSeen = _scratch.Sequence;
                    }
                }
            }

            return found;
        }

        private void CheckCapacity(Transaction t, int records)
        {
            if (UnsyncedCount + records > _options.MaxUnsynced)
            {
                throw new LedgerException(LedgerRefusal.BacklogFull, "Backlog full - sync needed");
            }

            if (_store.FreeBytes < _options.ReserveBytes)
            {
                throw new LedgerException(LedgerRefusal.StorageFull, "Memory full - sync needed");
            }

            if (_pendingCount + records > _pendingSeq.Length)
            {
                throw new LedgerException(LedgerRefusal.Busy, "Busy - tap again");
            }

            if (t.Kind == TransactionKind.Enrol)
            {
                if (CardCount >= _options.MaxCards)
                {
                    throw new LedgerException(LedgerRefusal.CardsFull, "Card list full");
                }

                string name = _shardNames[ShardOf(t.Uid.Key())];
                int inShard = 0;
                if (_store.Length(name) >= ShardHeader)
                {
                    _store.Read(name, 0, _io, 0, ShardHeader);
                    inShard = LittleEndian.ReadUInt16(_io, 2);
                }

                if (inShard + _pendingEnrols >= _options.ShardMaxCards)
                {
                    throw new LedgerException(LedgerRefusal.CardsFull, "Card list full");
                }
            }
        }

        private void Remember(Transaction t)
        {
            _lastSeq = t.Sequence;
            _lastRecordSeq = t.Sequence;
            _last.CopyFrom(t);
            Index(t);
        }

        private void Index(Transaction t)
        {
            if (t.Uid.Length == 0 || !HasCardEffect(t.Kind))
            {
                return;
            }

            if (_pendingCount == _pendingSeq.Length)
            {
                // Only reachable at mount after a long run without maintenance.
                Checkpoint();
            }

            int i = _pendingCount;
            _pendingSeq[i] = t.Sequence;
            _pendingKey[i] = t.Uid.Key();
            _pendingPoints[i] = t.Points;
            _pendingVoucher[i] = t.VoucherId;
            _pendingKind[i] = (byte)t.Kind;
            _pendingCount++;
            if (t.Kind == TransactionKind.Enrol)
            {
                _pendingEnrols++;
            }
        }

        private static bool HasCardEffect(TransactionKind kind)
        {
            return kind == TransactionKind.Enrol || kind == TransactionKind.Earn
                || kind == TransactionKind.Redeem || kind == TransactionKind.Void;
        }

        /// <summary>The one place that says what a record does to a card.</summary>
        private static void ApplyToState(CardState state, TransactionKind kind, int points, ushort voucher)
        {
            state.Exists = true;
            state.Balance += points;
            if (voucher >= 1 && voucher <= 16)
            {
                ushort bit = (ushort)(1 << (voucher - 1));
                if (kind == TransactionKind.Redeem)
                {
                    state.VouchersUsed = (ushort)(state.VouchersUsed | bit);
                }
                else if (kind == TransactionKind.Void)
                {
                    state.VouchersUsed = (ushort)(state.VouchersUsed & ~bit);
                }
            }
        }

        private int ShardOf(ulong key)
        {
            return (int)((key >> 16) % (ulong)_shardCount);
        }

        private void EnsureMounted()
        {
            if (!_mounted)
            {
                throw new System.InvalidOperationException("Ledger not mounted");
            }
        }

        private void BuildShardNames()
        {
            _shardNames = new string[_shardCount];
            _shardNewNames = new string[_shardCount];
            for (int i = 0; i < _shardCount; i++)
            {
                _shardNames[i] = ShardPrefix + i.ToString("X4");
                _shardNewNames[i] = _shardNames[i] + AtomicFile.NewSuffix;
            }
        }

        private static string SegmentName(uint firstSequence)
        {
            return SegmentPrefix + firstSequence.ToString("X8");
        }

        private uint[] SortedSegments()
        {
            string[] names = _store.List(SegmentPrefix);
            uint[] result = new uint[names.Length];
            int count = 0;
            for (int i = 0; i < names.Length; i++)
            {
                string name = names[i];
                if (name.Length != 9)
                {
                    continue;
                }

                uint value = 0;
                bool ok = true;
                for (int c = 1; c < 9; c++)
                {
                    int d = HexDigit(name[c]);
                    if (d < 0)
                    {
                        ok = false;
                        break;
                    }

                    value = (value << 4) | (uint)d;
                }

                if (ok)
                {
                    // Insertion sort: a few dozen segments at most.
                    int j = count;
                    while (j > 0 && result[j - 1] > value)
                    {
                        result[j] = result[j - 1];
                        j--;
                    }

                    result[j] = value;
                    count++;
                }
            }

            if (count == result.Length)
            {
                return result;
            }

            uint[] trimmed = new uint[count];
            System.Array.Copy(result, trimmed, count);
            return trimmed;
        }

        private static int HexDigit(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            return -1;
        }

        private void ReadOrFormatMeta()
        {
            Stats.RepairedFiles += AtomicFile.Recover(_store, MetaName, MetaName + AtomicFile.NewSuffix, _meta) ? 1 : 0;
            int length = _store.Length(MetaName);
            if (length < 0)
            {
                _shardCount = _options.ShardCount;
                _checkpointSeq = 0;
                _syncedSeq = 0;
                _lastSeq = 0;
                _cardCount = 0;
                WriteMeta();
                Stats.Formatted = true;
                return;
            }

            int read = length <= _meta.Length ? _store.Read(MetaName, 0, _meta, 0, length) : 0;
            Stats.BytesReadAtMount += read;
            if (read != MetaLength || !AtomicFile.IsSealed(_meta, 0, MetaLength) || LittleEndian.ReadUInt16(_meta, 0) != MetaMagic)
            {
                throw new LedgerException(LedgerRefusal.None, "Ledger metadata damaged");
            }

            _shardCount = LittleEndian.ReadUInt16(_meta, 4);
            _checkpointSeq = LittleEndian.ReadUInt32(_meta, 8);
            _syncedSeq = LittleEndian.ReadUInt32(_meta, 12);
            _lastSeq = LittleEndian.ReadUInt32(_meta, 16);
            _cardCount = LittleEndian.ReadInt32(_meta, 20);
        }

        private void WriteMeta()
        {
            System.Array.Clear(_meta, 0, _meta.Length);
            LittleEndian.WriteUInt16(_meta, 0, MetaMagic);
            LittleEndian.WriteUInt16(_meta, 4, (ushort)_shardCount);
            LittleEndian.WriteUInt32(_meta, 8, _checkpointSeq);
            LittleEndian.WriteUInt32(_meta, 12, _syncedSeq);
            LittleEndian.WriteUInt32(_meta, 16, _lastSeq);
            LittleEndian.WriteInt32(_meta, 20, _cardCount);
            int length = AtomicFile.Seal(_meta, 0, MetaLength - 4);
            AtomicFile.Replace(_store, MetaName, MetaName + AtomicFile.NewSuffix, _meta, 0, length);
        }

        private void RecoverShards()
        {
            string[] names = _store.List(ShardPrefix);
            for (int i = 0; i < names.Length; i++)
            {
                string name = names[i];
                if (name.EndsWith(AtomicFile.NewSuffix))
                {
                    string baseName = name.Substring(0, name.Length - AtomicFile.NewSuffix.Length);
                    if (AtomicFile.Recover(_store, baseName, name, _shard))
                    {
                        Stats.RepairedFiles++;
                    }
                }
            }
        }

        private void ScanJournal()
        {
            uint[] segments = SortedSegments();
            _segmentName = null;
            _segmentLength = 0;
            _segmentClosed = false;
            _segmentLastSeq = 0;
            _lastRecordSeq = 0;

            if (segments.Length > 0)
            {
                // A segment created by an append that was cut before any data became durable.
                string newest = SegmentName(segments[segments.Length - 1]);
                if (_store.Length(newest) == 0)
                {
                    _store.Delete(newest);
                    Stats.RepairedFiles++;
                    uint[] fewer = new uint[segments.Length - 1];
                    System.Array.Copy(segments, fewer, fewer.Length);
                    segments = fewer;
                }
            }

            // Start at the segment that holds the first record not yet in the card table:
            // boot reads the unfolded records and the newest segment, never the whole history.
            uint wanted = _checkpointSeq + 1;
            int start = 0;
            for (int i = 0; i < segments.Length; i++)
            {
                if (segments[i] <= wanted)
                {
                    start = i;
                }
            }

            uint seen = _checkpointSeq;
            for (int i = start; i < segments.Length; i++)
            {
                string name = SegmentName(segments[i]);
                uint max = ScanFile(name, ref seen);
                if (i == segments.Length - 1)
                {
                    _segmentName = name;
                    _segmentLength = _scanner.ValidLength;
                    _segmentClosed = _scanner.Corrupt;
                    _segmentLastSeq = max;
                }
            }

            _tailLength = _store.Length(TailName);
            if (_tailLength < 0)
            {
                _tailLength = 0;
            }

            _tailCorrupt = false;
            if (_tailLength > 0)
            {
                ScanFile(TailName, ref seen);
                _tailCorrupt = _scanner.Corrupt;
            }

            if (seen > _lastSeq)
            {
                _lastSeq = seen;
            }
        }

        /// <summary>Replays one journal file; returns the highest sequence in it (0 when none).</summary>
        private uint ScanFile(string name, ref uint seen)
        {
            uint max = 0;
            _scanner.Open(_store, name);
            while (_scanner.Next(_scratch))
            {
                uint seq = _scratch.Sequence;
                if (seq > max)
                {
                    max = seq;
                }

                if (seq > _lastRecordSeq)
                {
                    _lastRecordSeq = seq;
                    _last.CopyFrom(_scratch);
                }

                if (seq <= seen)
                {
                    // Already folded in, or read twice (a tail flush was cut before the tail was deleted).
                    if (seq > _checkpointSeq)
                    {
                        Stats.DuplicateRecords++;
                    }

                    continue;
                }

                if (seen != 0 && seq != seen + 1)
                {
                    Stats.SequenceGaps++;
                }

                seen = seq;
                Index(_scratch);
                Stats.RecordsReplayed++;
            }

            Stats.BytesReadAtMount += _scanner.BytesRead;
            if (_scanner.Corrupt)
            {
                Stats.CorruptFiles++;
            }

            return max;
        }

        /// <summary>Moves the tail's records into the current segment, then deletes the tail.</summary>
        private void FlushTail()
        {
            if (_store.Length(TailName) <= 0)
            {
                _tailLength = 0;
                _tailCorrupt = false;
                return;
            }

            int capacity = _flush.Length / TransactionCodec.FrameLength;
            int inChunk = 0;
            uint chunkFirst = 0;
            uint chunkLast = 0;
            _scanner.Open(_store, TailName);
            while (_scanner.Next(_scratch))
            {
                if (_scratch.Sequence <= _segmentLastSeq)
                {
                    continue;
                }

                if (inChunk == 0)
                {
                    chunkFirst = _scratch.Sequence;
                }

                chunkLast = _scratch.Sequence;
                TransactionCodec.Encode(_scratch, _flush, inChunk * TransactionCodec.FrameLength);
                inChunk++;
                if (inChunk == capacity)
                {
                    AppendToSegment(inChunk, chunkFirst, chunkLast);
                    inChunk = 0;
                }
            }

            if (inChunk > 0)
            {
                AppendToSegment(inChunk, chunkFirst, chunkLast);
            }

            _store.Delete(TailName);
            _tailLength = 0;
            _tailCorrupt = false;
        }

        private void AppendToSegment(int frames, uint firstSeq, uint lastSeq)
        {
            int bytes = frames * TransactionCodec.FrameLength;
            if (_segmentName == null || _segmentClosed || _segmentLength + bytes > _options.SegmentBytes)
            {
                _segmentName = SegmentName(firstSeq);
                _segmentLength = _store.Length(_segmentName);
                if (_segmentLength < 0)
                {
                    _segmentLength = 0;
                }

                _segmentClosed = false;
            }

            _store.Append(_segmentName, _flush, 0, bytes);
            _segmentLength += bytes;
            _segmentLastSeq = lastSeq;
        }

        /// <summary>Folds every pending record into the card shards, then advances the checkpoint.</summary>
        private void Checkpoint()
        {
            uint target = _lastSeq;
            for (int i = 0; i < _pendingCount; i++)
            {
                _pendingDone[i] = false;
            }

            int added = 0;
            for (int i = 0; i < _pendingCount; i++)
            {
                if (_pendingDone[i])
                {
                    continue;
                }

                int shard = ShardOf(_pendingKey[i]);
                int count;
                uint applied;
                LoadShard(shard, out count, out applied);
                for (int j = i; j < _pendingCount; j++)
                {
                    if (_pendingDone[j] || ShardOf(_pendingKey[j]) != shard)
                    {
                        continue;
                    }

                    _pendingDone[j] = true;
                    if (_pendingSeq[j] <= applied)
                    {
                        continue;
                    }

                    int before = count;
                    count = ApplyToShard(count, j);
                    added += count - before;
                }

                LittleEndian.WriteUInt16(_shard, 0, ShardMagic);
                LittleEndian.WriteUInt16(_shard, 2, (ushort)count);
                LittleEndian.WriteUInt32(_shard, 4, target);
                LittleEndian.WriteUInt32(_shard, 8, 0);
                int length = AtomicFile.Seal(_shard, 0, ShardHeader + (count * CardRecord));
                AtomicFile.Replace(_store, _shardNames[shard], _shardNewNames[shard], _shard, 0, length);
            }

            _cardCount += added;
            _checkpointSeq = target;
            _pendingCount = 0;
            _pendingEnrols = 0;
            WriteMeta();
            CompactSegments();
        }

        private void LoadShard(int shard, out int count, out uint applied)
        {
            string name = _shardNames[shard];
            int length = _store.Length(name);
            count = 0;
            applied = 0;
            if (length <= 0)
            {
                return;
            }

            if (length > _shard.Length || _store.Read(name, 0, _shard, 0, length) != length
                || !AtomicFile.IsSealed(_shard, 0, length) || LittleEndian.ReadUInt16(_shard, 0) != ShardMagic)
            {
                // Bit rot, not a power cut (replacement is atomic). The cloud re-sends balances;
                // starting this shard empty keeps the terminal working and is reported.
                Stats.CorruptFiles++;
                return;
            }

            count = LittleEndian.ReadUInt16(_shard, 2);
            applied = LittleEndian.ReadUInt32(_shard, 4);
        }

        private int ApplyToShard(int count, int pending)
        {
            ulong key = _pendingKey[pending];
            int slot = -1;
            for (int i = 0; i < count; i++)
            {
                if (LittleEndian.ReadUInt64(_shard, ShardHeader + (i * CardRecord)) == key)
                {
                    slot = i;
                    break;
                }
            }

            if (slot < 0)
            {
                if (count >= _options.ShardMaxCards)
                {
                    Stats.DroppedCards++;
                    return count;
                }

                slot = count;
                count++;
                int o = ShardHeader + (slot * CardRecord);
                System.Array.Clear(_shard, o, CardRecord);
                LittleEndian.WriteUInt64(_shard, o, key);
            }

            int at = ShardHeader + (slot * CardRecord);
            CardState state = _shardState;
            state.Clear();
            state.Balance = LittleEndian.ReadInt32(_shard, at + 8);
            state.VouchersUsed = LittleEndian.ReadUInt16(_shard, at + 12);
            state.Flags = _shard[at + 14];
            ApplyToState(state, (TransactionKind)_pendingKind[pending], _pendingPoints[pending], _pendingVoucher[pending]);
            LittleEndian.WriteInt32(_shard, at + 8, state.Balance);
            LittleEndian.WriteUInt16(_shard, at + 12, state.VouchersUsed);
            _shard[at + 14] = state.Flags;
            return count;
        }

        /// <summary>Deletes segments whose records are all acknowledged and folded into the card table.</summary>
        private void CompactSegments()
        {
            uint limit = _syncedSeq < _checkpointSeq ? _syncedSeq : _checkpointSeq;
            uint[] segments = SortedSegments();
            for (int i = 0; i < segments.Length; i++)
            {
                bool newest = i == segments.Length - 1;
                uint lastInSegment = newest ? _segmentLastSeq : segments[i + 1] - 1;
                if (lastInSegment > limit)
                {
                    break;
                }

                _store.Delete(SegmentName(segments[i]));
                Stats.SegmentsCompacted++;
                if (newest)
                {
                    _segmentName = null;
                    _segmentLength = 0;
                }
            }
        }
    }
}
