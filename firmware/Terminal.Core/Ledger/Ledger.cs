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
    /// <item><c>cXXXX</c>: card shards, 16 bytes per card (this terminal's part and the other
    /// terminals' part of the account, see <see cref="CardRecord"/>), replaced atomically at checkpoints.</item>
    /// <item><c>meta</c>: watermarks (checkpointed, synced, last sequence), replaced atomically.</item>
    /// </list>
    /// RAM is fixed at mount: one shard buffer, one I/O buffer, an index of the journal records
    /// not yet folded into the card table, and the list of segment files.
    /// A tap is one shard read (<see cref="Lookup"/>) and one append (<c>Commit</c>);
    /// folding the journal into the card table runs between taps, a few shards per
    /// <see cref="Maintain"/> call, so no single call stalls the terminal for long.
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

        private const string MetaNewName = MetaName + AtomicFile.NewSuffix;
        // Magic, card count, applied sequence, counted basis, round number.
        private const int ShardHeader = 16;
        // A card record: 48-bit account key, this terminal's points (24-bit) and once-per-card
        // vouchers, then the other terminals' points (24-bit) and vouchers as the cloud last said.
        private const int CardRecord = 16;
        private const int RecordOwnPoints = 6;
        private const int RecordOwnVouchers = 9;
        private const int RecordOtherPoints = 11;
        private const int RecordOtherVouchers = 14;
        private const ushort ShardMagic = 0x3243; // "C2"
        private const ushort MetaMagic = 0x324D; // "M2": 16-byte records with the cloud's part (ADR 0009)
        private const ushort MetaMagicFormat1 = 0x314D; // "M1": the layout before ADR 0009
        private const int MetaLength = 32;
        private const int Frame = TransactionCodec.FrameLength;

        // Shard files are padded past LittleFS's 512-byte inline limit. Small inline shards early in
        // a shop's life would fill the directory's metadata pairs, which then split, and LittleFS
        // never merges pairs again: 2 blocks per split lost for good (docs/adr/0002).
        private const int MinShardFile = 516;

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

        // Journal records with a card effect that the card table does not hold yet, in sequence order.
        private readonly uint[] _pendingSeq;
        private readonly ulong[] _pendingKey;
        private readonly int[] _pendingPoints;
        private readonly ushort[] _pendingVoucher;
        private readonly byte[] _pendingKind;
        private readonly bool[] _pendingDone;
        private int _pendingCount;
        private int _pendingEnrols;

        // The fold in progress: pending records [0, _roundCount) go into the shards, one shard at a
        // time, each shard replaced atomically and stamped with _roundTarget; meta records the new
        // checkpoint once every shard is done.
        private bool _roundActive;
        private uint _roundTarget;
        private int _roundCount;
        private int _roundAdded;

        // Journal segments, oldest first (first sequence number and file name).
        private uint[] _segmentFirst = new uint[8];
        private string[] _segmentNames = new string[8];
        private int _segmentCount;

        private string[] _shardNames;
        private string[] _shardNewNames;
        private bool[] _shardExists;
        private int _shardCount;
        private uint _checkpointSeq;
        private uint _syncedSeq;
        private uint _lastSeq;
        private int _cardCount;

        // Fold rounds completed (in meta) and the number of the round in progress (stamped on the
        // shards it writes): a round that folds only cloud states leaves the checkpoint where it
        // is, so the sequence stamp alone cannot tell whether a shard's cards are counted yet.
        private uint _epoch;
        private uint _roundEpoch;
        private uint _segmentLastSeq;
        private int _segmentLength;
        private bool _segmentClosed;
        private int _tailLength;
        private bool _tailCorrupt;
        private bool _mounted;
        private uint _lastRecordSeq;
        private long _freeBytes;

        // Card count of the shard the last lookup read, so an enrolment needs no second read.
        private int _lookupShard = -1;
        private int _lookupShardCount;

        // This terminal's part of the last looked-up card, so a commit can refuse what its 24-bit
        // field cannot hold instead of clamping it later.
        private ulong _lookupKey;
        private int _lookupOwnPoints;

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
            AllocateCloudIndex();
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

        /// <summary>Everything up to this sequence is folded into the card table (durably).</summary>
        public uint CheckpointSequence
        {
            get { return _checkpointSeq; }
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

        /// <summary>Journal segment files on the store.</summary>
        public int SegmentCount
        {
            get { return _segmentCount; }
        }

        /// <summary>Free space of the store as last measured (at mount, after each maintenance step, and at the first commit into an empty tail).</summary>
        public long FreeBytes
        {
            get { return _freeBytes; }
        }

        /// <summary>
        /// Status flag for the cloud: the partition is down to the space kept for maintenance,
        /// so taps are refused until acknowledged transactions can be compacted away.
        /// </summary>
        public bool StorageFull
        {
            get { return _freeBytes < _options.ReserveBytes || LastRefusal == LedgerRefusal.StorageFull; }
        }

        /// <summary>Why the last <c>Commit</c> was refused, or <see cref="LedgerRefusal.None"/> after a success.</summary>
        public LedgerRefusal LastRefusal { get; private set; }

        /// <summary>True when <see cref="Maintain"/> has work to do.</summary>
        public bool NeedsMaintenance
        {
            get
            {
                return _tailLength >= _options.TailFlushBytes || _tailCorrupt || _roundActive || RoundDue;
            }
        }

        /// <summary>Opens the ledger, formatting an empty store and repairing what a power cut left.</summary>
        public void Mount()
        {
            _mounted = false;
            Stats.Clear();
            _pendingCount = 0;
            _pendingEnrols = 0;
            _roundActive = false;
            _roundCount = 0;
            _lookupShard = -1;
            _last.Clear();
            LastRefusal = LedgerRefusal.None;
            ReadOrFormatMeta();
            BuildShardNames();
            RecoverShards();

            // Before the journal scan, which may fold (a fold takes the cloud's states too).
            LoadCloud();
            LoadSegments();
            ScanJournal();
            _mounted = true;
            if (_tailCorrupt)
            {
                // New appends must never land behind unreadable bytes.
                FlushTail();
            }

            RefreshFree();
        }

        /// <summary>
        /// Looks a card up. Fills <paramref name="state"/> and returns true when it has an account.
        /// One store read (the card's shard, into the shard buffer); allocates nothing.
        /// </summary>
        public bool Lookup(CardUid uid, CardState state)
        {
            EnsureMounted();
            state.Clear();
            ulong key = AccountKey(uid.Key());
            int shard = ShardOf(key);
            uint applied = 0;
            int count = 0;
            int otherPoints = 0;
            ushort otherVouchers = 0;
            if (_shardExists[shard])
            {
                int length = _store.Read(_shardNames[shard], 0, _shard, 0, _shard.Length);
                if (length >= ShardHeader + 4 && LittleEndian.ReadUInt16(_shard, 0) == ShardMagic)
                {
                    count = LittleEndian.ReadUInt16(_shard, 2);
                    applied = LittleEndian.ReadUInt32(_shard, 4);
                    int fits = (length - ShardHeader - 4) / CardRecord;
                    if (count > fits)
                    {
                        count = fits;
                    }

                    int slot = FindCard(count, key);
                    if (slot >= 0)
                    {
                        int o = ShardHeader + (slot * CardRecord);
                        state.Exists = true;
                        state.Balance = LittleEndian.ReadInt24(_shard, o + RecordOwnPoints);
                        state.VouchersUsed = LittleEndian.ReadUInt16(_shard, o + RecordOwnVouchers);
                        otherPoints = LittleEndian.ReadInt24(_shard, o + RecordOtherPoints);
                        otherVouchers = LittleEndian.ReadUInt16(_shard, o + RecordOtherVouchers);
                    }
                }
            }

            _lookupShard = shard;
            _lookupShardCount = count;
            for (int i = 0; i < _pendingCount; i++)
            {
                if (_pendingKey[i] == key && _pendingSeq[i] > applied)
                {
                    ApplyToState(state, (TransactionKind)_pendingKind[i], _pendingPoints[i], _pendingVoucher[i]);
                }
            }

            // This terminal's part is complete here; the other terminals' part is added to it.
            _lookupKey = key;
            _lookupOwnPoints = state.Balance;
            if (PendingCloudState(key, ref otherPoints, ref otherVouchers))
            {
                state.Exists = true;
            }

            state.Balance += otherPoints;
            state.VouchersUsed = (ushort)(state.VouchersUsed | otherVouchers);
            if (IsBlocked(key))
            {
                state.Flags = (byte)(state.Flags | CardState.FlagBlocked);
            }

            return state.Exists;
        }

        /// <summary>
        /// Makes one or two records durable in a single store commit (one close on the device) and
        /// assigns their sequence numbers. Pass <c>null</c> as <paramref name="second"/> for one record.
        /// Throws <see cref="LedgerException"/> when refused; then nothing was written.
        /// Never compacts or folds: that is <see cref="Maintain"/>'s job, between taps.
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
            CheckCapacity(first, second, n);
            CheckBalanceLimit(first, second, third);
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
            try
            {
                _store.Append(TailName, _frames, 0, length);
            }
            catch (System.IO.IOException)
            {
                // LittleFS refuses a write it has no blocks for as a whole; report it like a full partition.
                _freeBytes = 0;
                throw Refuse(LedgerRefusal.StorageFull, "Memory full - sync needed");
            }

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

            LastRefusal = LedgerRefusal.None;
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
        /// Between-taps housekeeping, bounded per call: moves the tail into a segment, folds at
        /// most <see cref="LedgerOptions.ShardsPerMaintain"/> shards of the journal into the card
        /// table, and drops acknowledged segments once a fold completes. Returns true when it did anything.
        /// </summary>
        public bool Maintain()
        {
            EnsureMounted();
            try
            {
                return MaintainStep();
            }
            catch (System.IO.IOException)
            {
                // No room to finish: refuse taps as "memory full" (and tell the cloud) until space is back.
                _freeBytes = 0;
                throw;
            }
        }

        private bool MaintainStep()
        {
            bool worked = false;
            if (_tailLength >= _options.TailFlushBytes || _tailCorrupt)
            {
                FlushTail();
                worked = true;
            }

            if (!_roundActive && RoundDue)
            {
                StartRound(_lastSeq);
            }

            if (_roundActive)
            {
                FoldStep(_options.ShardsPerMaintain);
                worked = true;
            }

            if (worked)
            {
                RefreshFree();
            }

            return worked;
        }

        /// <summary>True when enough journal records or cloud states wait (or the checkpoint lags) to start a fold round.</summary>
        private bool RoundDue
        {
            get
            {
                return _pendingCount >= _options.CheckpointThreshold
                    || _lastSeq - _checkpointSeq >= (uint)_options.CheckpointLag
                    || _cloudCount >= _options.CloudThreshold;
            }
        }

        /// <summary>Folds everything pending into the card table now (for example when idle or before shutdown).</summary>
        public void MaintainAll()
        {
            EnsureMounted();
            try
            {
                if (_tailLength > 0 || _tailCorrupt)
                {
                    FlushTail();
                }

                while (_roundActive || _pendingCount > 0 || _checkpointSeq < _lastSeq || _cloudCount > 0)
                {
                    if (!_roundActive)
                    {
                        StartRound(_lastSeq);
                    }

                    FoldStep(int.MaxValue);
                }
            }
            catch (System.IO.IOException)
            {
                _freeBytes = 0;
                throw;
            }

            RefreshFree();
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

            uint before = _syncedSeq;
            _syncedSeq = sequence;
            try
            {
                WriteMeta();
            }
            catch (System.IO.IOException)
            {
                _syncedSeq = before;
                throw;
            }

            if (CompactSegments())
            {
                RefreshFree();
            }
        }

        /// <summary>
        /// Copies up to <paramref name="max"/> records with sequence ≥ <paramref name="fromSequence"/>,
        /// in order, into <paramref name="into"/> (pre-allocated records). Returns how many.
        /// Reads only from the segment holding <paramref name="fromSequence"/> on; allocates nothing.
        /// </summary>
        public int ReadJournal(uint fromSequence, Transaction[] into, int max)
        {
            EnsureMounted();
            int start = 0;
            for (int i = 0; i < _segmentCount; i++)
            {
                if (_segmentFirst[i] <= fromSequence)
                {
                    start = i;
                }
            }

            int found = 0;
            uint lastSeen = 0;
            for (int i = start; i <= _segmentCount && found < max; i++)
            {
                string name = i < _segmentCount ? _segmentNames[i] : TailName;
                if (i < _segmentCount && i == start)
                {
                    OpenAt(name, _segmentFirst[i], fromSequence);
                }
                else
                {
                    _scanner.Open(_store, name, 0);
                }

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

        private void CheckCapacity(Transaction first, Transaction second, int records)
        {
            if (UnsyncedCount + records > _options.MaxUnsynced)
            {
                throw Refuse(LedgerRefusal.BacklogFull, "Backlog full - sync needed");
            }

            if (_tailLength == 0)
            {
                // Once per tail (every few taps): other files on the partition change too. Otherwise the
                // figure from the last maintenance holds, since appends to the inline tail take no blocks.
                RefreshFree();
            }

            if (_freeBytes < _options.ReserveBytes)
            {
                throw Refuse(LedgerRefusal.StorageFull, "Memory full - sync needed");
            }

            if (_tailLength + (records * Frame) > _options.TailMaxBytes
                || _pendingCount + records > _pendingSeq.Length)
            {
                // Maintenance is overdue (it runs as soon as the flow is idle).
                throw Refuse(LedgerRefusal.Busy, "Busy - tap again");
            }

            if (first.Kind == TransactionKind.Enrol || (second != null && second.Kind == TransactionKind.Enrol))
            {
                Transaction enrol = first.Kind == TransactionKind.Enrol ? first : second;
                if (CardCount >= _options.MaxCards)
                {
                    throw Refuse(LedgerRefusal.CardsFull, "Card list full");
                }

                int shard = ShardOf(AccountKey(enrol.Uid.Key()));
                int inShard = 0;
                if (shard == _lookupShard)
                {
                    inShard = _lookupShardCount;
                }
                else if (_shardExists[shard] && _store.Read(_shardNames[shard], 0, _io, 0, ShardHeader) == ShardHeader)
                {
                    inShard = LittleEndian.ReadUInt16(_io, 2);
                }

                if (inShard + PendingNewCards(shard) >= _options.ShardMaxCards)
                {
                    throw Refuse(LedgerRefusal.CardsFull, "Card list full");
                }
            }
        }

        /// <summary>
        /// Refuses records that would take the looked-up card's own part past what its 24-bit
        /// field holds (±8,388,607 points): a clear refusal instead of a clamped balance.
        /// </summary>
        private void CheckBalanceLimit(Transaction first, Transaction second, Transaction third)
        {
            long own = _lookupOwnPoints;
            bool touched = false;
            for (int i = 0; i < 3; i++)
            {
                Transaction t = i == 0 ? first : i == 1 ? second : third;
                if (t != null && t.Uid.Length > 0 && HasCardEffect(t.Kind) && AccountKey(t.Uid.Key()) == _lookupKey)
                {
                    own += t.Points;
                    touched = true;
                }
            }

            if (touched && (own > LittleEndian.Int24Max || own < LittleEndian.Int24Min))
            {
                throw Refuse(LedgerRefusal.BalanceLimit, "Balance limit reached");
            }
        }

        /// <summary>
        /// Records waiting for a shard that may add a card to it: enrolments, and cloud states
        /// (counted whether or not the card is already there, so the check stays on the safe side).
        /// A fold applies the journal first, so an accepted enrolment always finds its slot.
        /// </summary>
        private int PendingNewCards(int shard)
        {
            int n = 0;
            for (int i = 0; i < _pendingCount; i++)
            {
                if (_pendingKind[i] == (byte)TransactionKind.Enrol && ShardOf(_pendingKey[i]) == shard)
                {
                    n++;
                }
            }

            for (int i = 0; i < _cloudCount; i++)
            {
                if (ShardOf(_cloudKey[i]) == shard)
                {
                    n++;
                }
            }

            return n;
        }

        private LedgerException Refuse(LedgerRefusal reason, string message)
        {
            LastRefusal = reason;
            return new LedgerException(reason, message);
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
                // Only at mount, when the journal holds more unfolded records than this build's
                // index (Commit refuses before that): fold what is indexed, then go on.
                FoldAll(_pendingSeq[_pendingCount - 1]);
            }

            int i = _pendingCount;
            _pendingSeq[i] = t.Sequence;
            _pendingKey[i] = AccountKey(t.Uid.Key());
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

        private void RefreshFree()
        {
            _freeBytes = _store.FreeBytes;
            if (LastRefusal == LedgerRefusal.StorageFull && _freeBytes >= _options.ReserveBytes)
            {
                LastRefusal = LedgerRefusal.None;
            }
        }

        private void BuildShardNames()
        {
            _shardNames = new string[_shardCount];
            _shardNewNames = new string[_shardCount];
            _shardExists = new bool[_shardCount];
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

        /// <summary>Parses "XXXX"-style upper-case hex digits of a name; -1 when not a number.</summary>
        private static long ParseHex(string name, int from, int digits)
        {
            if (name.Length != from + digits)
            {
                return -1;
            }

            long value = 0;
            for (int c = from; c < name.Length; c++)
            {
                int d = HexDigit(name[c]);
                if (d < 0)
                {
                    return -1;
                }

                value = (value << 4) | (uint)d;
            }

            return value;
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
            Stats.RepairedFiles += AtomicFile.Recover(_store, MetaName, MetaNewName, _meta) ? 1 : 0;
            int length = _store.Length(MetaName);
            if (length < 0)
            {
                _shardCount = _options.ShardCount;
                _checkpointSeq = 0;
                _syncedSeq = 0;
                _lastSeq = 0;
                _cardCount = 0;
                _epoch = 0;
                WriteMeta();
                Stats.Formatted = true;
                return;
            }

            int read = length <= _meta.Length ? _store.Read(MetaName, 0, _meta, 0, length) : 0;
            Stats.BytesReadAtMount += read;
            if (read >= 2 && LittleEndian.ReadUInt16(_meta, 0) == MetaMagicFormat1 && AtomicFile.IsSealed(_meta, 0, read))
            {
                // No terminal in the field has this layout, so there is no migration: say what it is.
                throw new LedgerException(LedgerRefusal.None, "Ledger of an earlier build (format 1): erase it to start format 2");
            }

            if (read != MetaLength || !AtomicFile.IsSealed(_meta, 0, MetaLength) || LittleEndian.ReadUInt16(_meta, 0) != MetaMagic)
            {
                throw new LedgerException(LedgerRefusal.None, "Ledger metadata damaged");
            }

            _shardCount = LittleEndian.ReadUInt16(_meta, 4);
            _checkpointSeq = LittleEndian.ReadUInt32(_meta, 8);
            _syncedSeq = LittleEndian.ReadUInt32(_meta, 12);
            _lastSeq = LittleEndian.ReadUInt32(_meta, 16);
            _cardCount = LittleEndian.ReadInt32(_meta, 20);
            _epoch = LittleEndian.ReadUInt32(_meta, 24);
        }

        private void WriteMeta()
        {
            System.Array.Clear(_meta, 0, _meta.Length);
            LittleEndian.WriteUInt16(_meta, 0, MetaMagic);
            LittleEndian.WriteUInt16(_meta, 4, (ushort)_shardCount);
            LittleEndian.WriteUInt32(_meta, 8, _checkpointSeq);
            LittleEndian.WriteUInt32(_meta, 12, _syncedSeq);
            LittleEndian.WriteUInt32(_meta, 16, _lastSeq > _checkpointSeq ? _lastSeq : _checkpointSeq);
            LittleEndian.WriteInt32(_meta, 20, _cardCount);
            LittleEndian.WriteUInt32(_meta, 24, _epoch);
            int length = AtomicFile.Seal(_meta, 0, MetaLength - 4);
            AtomicFile.Replace(_store, MetaName, MetaNewName, _meta, 0, length);
        }

        private void RecoverShards()
        {
            string[] names = _store.List(ShardPrefix);
            for (int i = 0; i < names.Length; i++)
            {
                long shard = ParseHex(names[i], ShardPrefix.Length, 4);
                if (shard >= 0 && shard < _shardCount)
                {
                    _shardExists[shard] = true;
                }
            }

            for (int i = 0; i < names.Length; i++)
            {
                string name = names[i];
                if (!name.EndsWith(AtomicFile.NewSuffix))
                {
                    continue;
                }

                string baseName = name.Substring(0, name.Length - AtomicFile.NewSuffix.Length);
                if (AtomicFile.Recover(_store, baseName, name, _shard))
                {
                    Stats.RepairedFiles++;
                }

                long shard = ParseHex(baseName, ShardPrefix.Length, 4);
                if (shard >= 0 && shard < _shardCount && _store.Exists(baseName))
                {
                    _shardExists[shard] = true;
                }
            }
        }

        /// <summary>Lists the segment files into RAM, oldest first, dropping an empty newest one.</summary>
        private void LoadSegments()
        {
            string[] names = _store.List(SegmentPrefix);
            if (_segmentFirst.Length < names.Length + 4)
            {
                _segmentFirst = new uint[names.Length + 8];
                _segmentNames = new string[names.Length + 8];
            }

            _segmentCount = 0;
            for (int i = 0; i < names.Length; i++)
            {
                long value = ParseHex(names[i], SegmentPrefix.Length, 8);
                if (value < 0)
                {
                    continue;
                }

                // Insertion sort: a few dozen segments at most.
                int j = _segmentCount;
                while (j > 0 && _segmentFirst[j - 1] > (uint)value)
                {
                    _segmentFirst[j] = _segmentFirst[j - 1];
                    _segmentNames[j] = _segmentNames[j - 1];
                    j--;
                }

                _segmentFirst[j] = (uint)value;
                _segmentNames[j] = names[i];
                _segmentCount++;
            }

            if (_segmentCount > 0 && _store.Length(_segmentNames[_segmentCount - 1]) == 0)
            {
                // Created by an append whose data never became durable (the open was synced).
                _store.Delete(_segmentNames[_segmentCount - 1]);
                _segmentCount--;
                _segmentNames[_segmentCount] = null;
                Stats.RepairedFiles++;
            }
        }

        private void AddSegment(uint first, string name)
        {
            if (_segmentCount == _segmentFirst.Length)
            {
                uint[] firsts = new uint[_segmentCount * 2];
                string[] names = new string[_segmentCount * 2];
                System.Array.Copy(_segmentFirst, firsts, _segmentCount);
                System.Array.Copy(_segmentNames, names, _segmentCount);
                _segmentFirst = firsts;
                _segmentNames = names;
            }

            _segmentFirst[_segmentCount] = first;
            _segmentNames[_segmentCount] = name;
            _segmentCount++;
        }

        private void ScanJournal()
        {
            _segmentLength = 0;
            _segmentClosed = _segmentCount == 0;
            _segmentLastSeq = 0;
            _lastRecordSeq = 0;

            // Start at the record after the checkpoint: boot reads the unfolded records and the
            // newest segment's last frame, never the whole history.
            uint wanted = _checkpointSeq + 1;
            int start = 0;
            for (int i = 0; i < _segmentCount; i++)
            {
                if (_segmentFirst[i] <= wanted)
                {
                    start = i;
                }
            }

            uint seen = _checkpointSeq;
            for (int i = start; i < _segmentCount; i++)
            {
                string name = _segmentNames[i];
                if (i == start)
                {
                    OpenAt(name, _segmentFirst[i], wanted);
                }
                else
                {
                    _scanner.Open(_store, name, 0);
                }

                uint max = ScanFile(ref seen);
                if (i == _segmentCount - 1)
                {
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
                _scanner.Open(_store, TailName, 0);
                ScanFile(ref seen);
                _tailCorrupt = _scanner.Corrupt;
            }

            if (seen > _lastSeq)
            {
                _lastSeq = seen;
            }
        }

        /// <summary>
        /// Opens a segment at the frame of <paramref name="wanted"/> (segments hold consecutive
        /// sequence numbers from the one in their name), or at its last frame when it ends
        /// before that; falls back to the start when the frame there is not the expected one.
        /// </summary>
        private void OpenAt(string name, uint first, uint wanted)
        {
            int length = _store.Length(name);
            long position = wanted > first ? (long)(wanted - first) * Frame : 0;
            if (position > length - Frame)
            {
                position = length - Frame;
            }

            if (position <= 0)
            {
                _scanner.Open(_store, name, 0);
                return;
            }

            _scanner.Open(_store, name, (int)position);
            uint expected = first + (uint)(position / Frame);
            if (!_scanner.Peek(_scratch) || _scratch.Sequence != expected)
            {
                if (!_mounted)
                {
                    Stats.BytesReadAtMount += _scanner.BytesRead;
                }

                _scanner.Open(_store, name, 0);
            }
        }

        /// <summary>Replays the open journal file; returns the highest sequence in it (0 when none).</summary>
        private uint ScanFile(ref uint seen)
        {
            uint max = 0;
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

        /// <summary>
        /// Moves the tail's records into the current segment, then replaces the tail with an empty
        /// file, so the next tap appends to an existing file (creating a name costs more: a larger
        /// metadata commit on the device, a directory fsync on a host).
        /// </summary>
        private void FlushTail()
        {
            if (_store.Length(TailName) <= 0)
            {
                _tailLength = 0;
                _tailCorrupt = false;
                return;
            }

            int capacity = _flush.Length / Frame;
            int inChunk = 0;
            uint chunkFirst = 0;
            uint chunkLast = 0;
            _scanner.Open(_store, TailName, 0);
            // Records already in a segment (a flush cut before the tail was deleted), or already
            // acknowledged and folded (their segment was compacted meanwhile), are not moved again.
            uint skip = _syncedSeq < _checkpointSeq ? _syncedSeq : _checkpointSeq;
            if (_segmentLastSeq > skip)
            {
                skip = _segmentLastSeq;
            }

            while (_scanner.Next(_scratch))
            {
                if (_scratch.Sequence <= skip)
                {
                    continue;
                }

                if (inChunk == 0)
                {
                    chunkFirst = _scratch.Sequence;
                }

                chunkLast = _scratch.Sequence;
                TransactionCodec.Encode(_scratch, _flush, inChunk * Frame);
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
            _store.Create(TailName, _frames, 0, 0);
        }

        private void AppendToSegment(int frames, uint firstSeq, uint lastSeq)
        {
            int bytes = frames * Frame;
            bool fresh = _segmentCount == 0 || _segmentClosed || _segmentLength + bytes > _options.SegmentBytes
                || firstSeq != _segmentLastSeq + 1;
            if (fresh)
            {
                // A segment holds consecutive sequence numbers only, so boot can seek by number.
                string name = SegmentName(firstSeq);
                int length = _store.Length(name);
                if (length > 0)
                {
                    throw new LedgerException(LedgerRefusal.None, "Segment exists: " + name);
                }

                _store.Append(name, _flush, 0, bytes);
                AddSegment(firstSeq, name);
                _segmentLength = bytes;
                _segmentClosed = false;
            }
            else
            {
                _store.Append(_segmentNames[_segmentCount - 1], _flush, 0, bytes);
                _segmentLength += bytes;
            }

            _segmentLastSeq = lastSeq;
        }

        private void StartRound(uint target)
        {
            StartCloudRound();
            _roundActive = true;
            _roundEpoch = _epoch + 1;
            _roundTarget = target;
            _roundCount = _pendingCount;
            _roundAdded = 0;
            for (int i = 0; i < _roundCount; i++)
            {
                _pendingDone[i] = false;
            }
        }

        /// <summary>Folds the shards of up to <paramref name="maxShards"/> round records; finishes the round when none is left.</summary>
        private void FoldStep(int maxShards)
        {
            int folded = 0;
            for (int i = 0; i < _roundCount + _cloudRoundCount; i++)
            {
                bool journal = i < _roundCount;
                int j = journal ? i : i - _roundCount;
                if (journal ? _pendingDone[j] : _cloudDone[j])
                {
                    continue;
                }

                if (folded == maxShards)
                {
                    return;
                }

                FoldShard(ShardOf(journal ? _pendingKey[j] : _cloudKey[j]));
                folded++;
            }

            FinishRound();
        }

        /// <summary>Applies every round record of one shard and replaces the shard file atomically.</summary>
        private void FoldShard(int shard)
        {
            int count;
            uint applied;
            int basis;
            uint epoch;
            LoadShard(shard, out count, out applied, out basis, out epoch);

            // Cards of this shard that meta's card count already includes: a shard stamped with a round
            // meta has not recorded was written by a fold that a cut stopped before meta was updated.
            int counted = epoch > _epoch ? basis : count;
            bool changed = false;
            for (int j = 0; j < _roundCount; j++)
            {
                if (_pendingDone[j] || _pendingSeq[j] <= applied || ShardOf(_pendingKey[j]) != shard)
                {
                    continue;
                }

                count = ApplyToShard(count, j);
                changed = true;
            }

            // The cloud's states are absolute, so folding one again after a cut changes nothing;
            // in index order, the newest state of a card is written last.
            for (int j = 0; j < _cloudRoundCount; j++)
            {
                if (_cloudDone[j] || ShardOf(_cloudKey[j]) != shard)
                {
                    continue;
                }

                count = ApplyCloudToShard(count, j);
                changed = true;
            }

            if (changed)
            {
                LittleEndian.WriteUInt16(_shard, 0, ShardMagic);
                LittleEndian.WriteUInt16(_shard, 2, (ushort)count);
                LittleEndian.WriteUInt32(_shard, 4, _roundTarget);
                LittleEndian.WriteUInt32(_shard, 8, (uint)counted);
                LittleEndian.WriteUInt32(_shard, 12, _roundEpoch);
                int content = ShardHeader + (count * CardRecord);
                if (content < MinShardFile - 4)
                {
                    // Never inline (see MinShardFile): zero padding, covered by the CRC like the rest.
                    System.Array.Clear(_shard, content, MinShardFile - 4 - content);
                    content = MinShardFile - 4;
                }

                int length = AtomicFile.Seal(_shard, 0, content);

                AtomicFile.Replace(_store, _shardNames[shard], _shardNewNames[shard], _shard, 0, length);
                _shardExists[shard] = true;
            }

            // Marked only now: a refused write leaves the records to fold again.
            for (int j = 0; j < _roundCount; j++)
            {
                if (!_pendingDone[j] && ShardOf(_pendingKey[j]) == shard)
                {
                    _pendingDone[j] = true;
                }
            }

            for (int j = 0; j < _cloudRoundCount; j++)
            {
                if (!_cloudDone[j] && ShardOf(_cloudKey[j]) == shard)
                {
                    _cloudDone[j] = true;
                }
            }

            _roundAdded += count - counted;
            if (_lookupShard == shard)
            {
                _lookupShard = -1;
            }
        }

        /// <summary>Records the new checkpoint, drops the folded records from the index and compacts.</summary>
        private void FinishRound()
        {
            uint checkpoint = _checkpointSeq;
            int cards = _cardCount;
            if (_roundTarget > _checkpointSeq)
            {
                _checkpointSeq = _roundTarget;
            }

            if (_checkpointSeq > _lastSeq)
            {
                _lastSeq = _checkpointSeq;
            }

            _cardCount += _roundAdded;
            _epoch = _roundEpoch;
            try
            {
                WriteMeta();
            }
            catch (System.IO.IOException)
            {
                _checkpointSeq = checkpoint;
                _cardCount = cards;
                _epoch = _roundEpoch - 1;
                throw;
            }

            int left = _pendingCount - _roundCount;
            if (left > 0)
            {
                System.Array.Copy(_pendingSeq, _roundCount, _pendingSeq, 0, left);
                System.Array.Copy(_pendingKey, _roundCount, _pendingKey, 0, left);
                System.Array.Copy(_pendingPoints, _roundCount, _pendingPoints, 0, left);
                System.Array.Copy(_pendingVoucher, _roundCount, _pendingVoucher, 0, left);
                System.Array.Copy(_pendingKind, _roundCount, _pendingKind, 0, left);
            }

            _pendingCount = left;
            _pendingEnrols = 0;
            for (int i = 0; i < _pendingCount; i++)
            {
                if (_pendingKind[i] == (byte)TransactionKind.Enrol)
                {
                    _pendingEnrols++;
                }
            }

            FinishCloudRound();
            _roundActive = false;
            _roundCount = 0;
            _roundAdded = 0;
            if (_mounted)
            {
                // Not while mount is still scanning the files compaction could delete.
                CompactSegments();
            }
        }

        /// <summary>Completes a whole fold up to <paramref name="target"/> (mount only).</summary>
        private void FoldAll(uint target)
        {
            if (_roundActive)
            {
                FoldStep(int.MaxValue);
            }

            StartRound(target);
            FoldStep(int.MaxValue);
        }

        private void LoadShard(int shard, out int count, out uint applied, out int basis, out uint epoch)
        {
            string name = _shardNames[shard];
            count = 0;
            applied = 0;
            basis = 0;
            epoch = 0;
            if (!_shardExists[shard])
            {
                return;
            }

            int length = _store.Length(name);
            if (length <= 0)
            {
                return;
            }

            if (length > _shard.Length || _store.Read(name, 0, _shard, 0, length) != length
                || !AtomicFile.IsSealed(_shard, 0, length) || LittleEndian.ReadUInt16(_shard, 0) != ShardMagic
                || ShardHeader + (LittleEndian.ReadUInt16(_shard, 2) * CardRecord) + 4 > length)
            {
                // Bit rot, not a power cut (replacement is atomic). The cloud re-sends balances;
                // starting this shard empty keeps the terminal working and is reported.
                Stats.CorruptFiles++;
                return;
            }

            count = LittleEndian.ReadUInt16(_shard, 2);
            applied = LittleEndian.ReadUInt32(_shard, 4);
            basis = (int)LittleEndian.ReadUInt32(_shard, 8);
            epoch = LittleEndian.ReadUInt32(_shard, 12);
        }

        private int ApplyToShard(int count, int pending)
        {
            int slot = SlotFor(ref count, _pendingKey[pending]);
            if (slot < 0)
            {
                Stats.DroppedCards++;
                return count;
            }

            int at = ShardHeader + (slot * CardRecord);
            CardState state = _shardState;
            state.Clear();
            state.Balance = LittleEndian.ReadInt24(_shard, at + RecordOwnPoints);
            state.VouchersUsed = LittleEndian.ReadUInt16(_shard, at + RecordOwnVouchers);
            ApplyToState(state, (TransactionKind)_pendingKind[pending], _pendingPoints[pending], _pendingVoucher[pending]);
            int points = state.Balance;
            if (points > LittleEndian.Int24Max || points < LittleEndian.Int24Min)
            {
                // Commit refuses this for a looked-up card; a record committed without a lookup
                // (tools, tests) keeps the nearest value and is counted.
                points = points > 0 ? LittleEndian.Int24Max : LittleEndian.Int24Min;
                Stats.ClampedBalances++;
            }

            LittleEndian.WriteInt24(_shard, at + RecordOwnPoints, points);
            LittleEndian.WriteUInt16(_shard, at + RecordOwnVouchers, state.VouchersUsed);
            return count;
        }

        private int ApplyCloudToShard(int count, int entry)
        {
            int slot = SlotFor(ref count, _cloudKey[entry]);
            if (slot < 0)
            {
                _cloudStats.CardsDropped++;
                return count;
            }

            int at = ShardHeader + (slot * CardRecord);
            LittleEndian.WriteInt24(_shard, at + RecordOtherPoints, _cloudPoints[entry]);
            LittleEndian.WriteUInt16(_shard, at + RecordOtherVouchers, _cloudVouchers[entry]);
            return count;
        }

        /// <summary>Slot of a card in the shard buffer, adding an empty record when absent; -1 when the shard is full.</summary>
        private int SlotFor(ref int count, ulong key)
        {
            int slot = FindCard(count, key);
            if (slot >= 0)
            {
                return slot;
            }

            if (count >= _options.ShardMaxCards)
            {
                return -1;
            }

            slot = count;
            count++;
            int o = ShardHeader + (slot * CardRecord);
            System.Array.Clear(_shard, o, CardRecord);
            LittleEndian.WriteUInt48(_shard, o, key);
            return slot;
        }

        /// <summary>Slot of a card among the first <paramref name="count"/> records of the shard buffer, or -1.</summary>
        private int FindCard(int count, ulong key)
        {
            for (int i = 0; i < count; i++)
            {
                if (LittleEndian.ReadUInt48(_shard, ShardHeader + (i * CardRecord)) == key)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>Deletes segments whose records are all acknowledged and folded into the card table; true when any.</summary>
        private bool CompactSegments()
        {
            uint limit = _syncedSeq < _checkpointSeq ? _syncedSeq : _checkpointSeq;
            int deleted = 0;
            while (deleted < _segmentCount)
            {
                bool newest = deleted == _segmentCount - 1;
                uint lastInSegment = newest ? _segmentLastSeq : _segmentFirst[deleted + 1] - 1;
                if (lastInSegment > limit)
                {
                    break;
                }

                _store.Delete(_segmentNames[deleted]);
                Stats.SegmentsCompacted++;
                deleted++;
            }

            if (deleted == 0)
            {
                return false;
            }

            int left = _segmentCount - deleted;
            System.Array.Copy(_segmentFirst, deleted, _segmentFirst, 0, left);
            System.Array.Copy(_segmentNames, deleted, _segmentNames, 0, left);
            for (int i = left; i < _segmentCount; i++)
            {
                _segmentNames[i] = null;
            }

            _segmentCount = left;
            if (left == 0)
            {
                _segmentLength = 0;
                _segmentClosed = true;
            }

            return true;
        }
    }
}
