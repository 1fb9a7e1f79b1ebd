using Terminal.Core.Encoding;
using Terminal.Core.Sync;

namespace Terminal.Core.Ledger
{
    /// <summary>
    /// The cloud's view of cards (docs/adr/0009-cloud-view-in-the-card-record.md). What the other
    /// terminals did to a card lives in the card's own 16-byte record, beside this terminal's part,
    /// so it costs no flash beyond the card table the capacity budget already holds.
    /// <list type="bullet">
    /// <item><c>nlog</c>: each accepted balance message, appended as one CRC-sealed record (one
    /// durable commit); its card states wait in a RAM index, like unfolded journal records, and go
    /// into the shards with the next fold round.</item>
    /// <item><c>nfold</c>: the log a fold round is working through (renamed from <c>nlog</c> when
    /// the round starts, deleted when it ends), so messages keep arriving during a round.</item>
    /// <item><c>nstate</c>: the balance cursor once the log that moved it is folded and deleted.</item>
    /// <item><c>nblock</c>: the blocked-card list, sorted account keys, with its version.</item>
    /// <item><c>ncfg</c>: the last earn-rules and catalogue payload, as received.</item>
    /// </list>
    /// A card state from the cloud is absolute (the other terminals' net points and voucher bits),
    /// so folding a log twice after a power cut changes nothing; the cursor rule of
    /// <see cref="ApplyCloudBalances"/> keeps an older state from ever replacing a newer one.
    /// </summary>
    public sealed partial class Ledger
    {
        /// <summary>Name of the log of accepted balance messages.</summary>
        public const string CloudLogName = "nlog";

        /// <summary>Name of the balance log a fold round is working through.</summary>
        public const string CloudFoldName = "nfold";

        /// <summary>Name of the sync state file (balance cursor).</summary>
        public const string CloudStateName = "nstate";

        /// <summary>Name of the stored cloud configuration.</summary>
        public const string CloudConfigName = "ncfg";

        /// <summary>Name of the blocked-card list.</summary>
        public const string BlockedName = "nblock";

        private const ushort LogMagic = 0x314C; // "L1"
        private const ushort CloudStateMagic = 0x3253; // "S2"
        private const ushort BlockedMagic = 0x3142; // "B1"
        private const int LogHeader = 20;
        private const int LogEntry = 14;
        private const int CloudStateLength = 16;
        private const int BlockedHeader = 12;
        private const int BlockedFilterBytes = 512;

        private readonly byte[] _cloudState = new byte[CloudStateLength];
        private readonly CloudStats _cloudStats = new CloudStats();
        private readonly byte[] _blockedFilter = new byte[BlockedFilterBytes];

        // Card states from accepted balance messages not folded into the shards yet, in arrival
        // order (a later entry for a card replaces an earlier one). [0, _cloudFoldCount) came from
        // nfold, the rest from nlog; a round folds [0, _cloudRoundCount).
        private ulong[] _cloudKey;
        private int[] _cloudPoints;
        private ushort[] _cloudVouchers;
        private bool[] _cloudDone;
        private int _cloudCount;
        private int _cloudFoldCount;
        private int _cloudRoundCount;
        private bool _foldLogExists;
        private int _logLength;
        private long _logEnd;
        private long _foldEnd;

        private long _balanceCursor;
        private long _stateCursor;
        private long _blockedVersion;
        private int _blockedCount;

        /// <summary>What the cloud state did since this ledger object was created.</summary>
        public CloudStats CloudStats
        {
            get { return _cloudStats; }
        }

        /// <summary>Version of the blocked-card list in force (0 = none received).</summary>
        public long BlockedListVersion
        {
            get { return _blockedVersion; }
        }

        /// <summary>Cards on the blocked list in force.</summary>
        public int BlockedCount
        {
            get { return _blockedCount; }
        }

        /// <summary>The terminal holds every cloud change up to this number (0 = none yet).</summary>
        public long BalanceCursor
        {
            get { return _balanceCursor; }
        }

        /// <summary>Card states the RAM index can still take before a fold round frees it.</summary>
        public int CloudRoom
        {
            get { return _cloudKey.Length - _cloudCount; }
        }

        /// <summary>Card states from the cloud waiting to be folded into the card table.</summary>
        public int CloudPendingCount
        {
            get { return _cloudCount; }
        }

        /// <summary>
        /// Takes a balance message covering the cloud changes (From, End]. Applied only when it
        /// follows on from <see cref="BalanceCursor"/> (From ≤ cursor &lt; End): then every card
        /// state in it is newer than what is held, and the cursor moves to End in the same durable
        /// append. Older messages are <see cref="BalanceOutcome.Stale"/>; a message after a missing
        /// one is a <see cref="BalanceOutcome.Gap"/>; no room is <see cref="BalanceOutcome.Deferred"/>.
        /// Only Applied writes anything; the other outcomes call for a resync from the cursor.
        /// </summary>
        public BalanceOutcome ApplyCloudBalances(BalanceBatch batch)
        {
            EnsureMounted();
            if (batch.End <= _balanceCursor)
            {
                _cloudStats.MessagesStale++;
                return BalanceOutcome.Stale;
            }

            if (batch.From > _balanceCursor)
            {
                _cloudStats.Gaps++;
                return BalanceOutcome.Gap;
            }

            int n = batch.Count;
            if (n == 0)
            {
                // An empty range (the changes of this terminal's own batch): nothing to store, so no
                // flash write. The cursor moves in RAM; the next stored message carries it to flash,
                // and if power fails first, the resync from the older cursor brings nothing new.
                _balanceCursor = batch.End;
                return BalanceOutcome.Applied;
            }

            int length = LogHeader + (n * LogEntry) + 4;
            if (n > CloudRoom || length > _shard.Length)
            {
                _cloudStats.Deferred++;
                return BalanceOutcome.Deferred;
            }

            // An append past LittleFS's inline limit copies the file's last block: ask for a block
            // more than the record, and never from the reserve that keeps the ledger maintainable.
            // Free space is measured afresh for those (a file-system walk, between taps only).
            long needed = _logLength + length <= 512 ? 0 : 4096 + (((length + 4095) / 4096) * 4096);
            if (needed > 0)
            {
                RefreshFree();
            }

            if (_freeBytes - needed < _options.ReserveBytes)
            {
                LastRefusal = LedgerRefusal.StorageFull;
                _cloudStats.Deferred++;
                return BalanceOutcome.Deferred;
            }

            LittleEndian.WriteUInt16(_shard, 0, LogMagic);
            LittleEndian.WriteUInt16(_shard, 2, (ushort)n);
            WriteInt64(_shard, 4, batch.From);
            WriteInt64(_shard, 12, batch.End);
            for (int i = 0; i < n; i++)
            {
                CardBalance card = batch.At(i);
                int at = LogHeader + (i * LogEntry);
                LittleEndian.WriteUInt64(_shard, at, AccountKey(card.Key));
                LittleEndian.WriteInt32(_shard, at + 8, card.OtherPoints);
                LittleEndian.WriteUInt16(_shard, at + 12, card.OtherVouchers);
            }

            int sealedLength = AtomicFile.Seal(_shard, 0, length - 4);
            try
            {
                // The one durable commit: the states and the new cursor together.
                _store.Append(CloudLogName, _shard, 0, sealedLength);
            }
            catch (System.IO.IOException)
            {
                _freeBytes = 0;
                LastRefusal = LedgerRefusal.StorageFull;
                _cloudStats.Deferred++;
                return BalanceOutcome.Deferred;
            }

            _logLength += sealedLength;

            IndexLogRecord(n);
            _balanceCursor = batch.End;
            _logEnd = batch.End;
            _cloudStats.CardsApplied += n;
            return BalanceOutcome.Applied;
        }

        /// <summary>
        /// Replaces the blocked-card list with <paramref name="count"/> account keys (sorted in
        /// place), unless a list of this version or newer is in force. Returns true when it applied
        /// the list. The list and its version are one file, replaced atomically.
        /// </summary>
        public bool ApplyBlockedList(ulong[] keys, int count, long version)
        {
            EnsureMounted();
            if (version <= _blockedVersion)
            {
                return false;
            }

            if (BlockedHeader + (count * 8) + 4 > _shard.Length)
            {
                throw new System.ArgumentOutOfRangeException("count");
            }

            for (int i = 0; i < count; i++)
            {
                keys[i] = AccountKey(keys[i]);
            }

            // Insertion sort: at most a few hundred keys, once per list version.
            for (int i = 1; i < count; i++)
            {
                ulong k = keys[i];
                int j = i - 1;
                while (j >= 0 && keys[j] > k)
                {
                    keys[j + 1] = keys[j];
                    j--;
                }

                keys[j + 1] = k;
            }

            int unique = 0;
            for (int i = 0; i < count; i++)
            {
                if (unique == 0 || keys[unique - 1] != keys[i])
                {
                    keys[unique] = keys[i];
                    unique++;
                }
            }

            LittleEndian.WriteUInt16(_shard, 0, BlockedMagic);
            LittleEndian.WriteUInt16(_shard, 2, (ushort)unique);
            WriteInt64(_shard, 4, version);
            for (int i = 0; i < unique; i++)
            {
                LittleEndian.WriteUInt64(_shard, BlockedHeader + (i * 8), keys[i]);
            }

            int length = AtomicFile.Seal(_shard, 0, BlockedHeader + (unique * 8));
            AtomicFile.Replace(_store, BlockedName, BlockedName + AtomicFile.NewSuffix, _shard, 0, length);
            _blockedVersion = version;
            _blockedCount = unique;
            System.Array.Clear(_blockedFilter, 0, BlockedFilterBytes);
            for (int i = 0; i < unique; i++)
            {
                SetFilterBit(keys[i]);
            }

            _cloudStats.BlockedListsApplied++;
            return true;
        }

        /// <summary>Stores the configuration payload as received (<paramref name="scratch"/> needs length + 4 bytes).</summary>
        public void SaveCloudConfig(byte[] payload, int length, byte[] scratch)
        {
            EnsureMounted();
            System.Array.Copy(payload, scratch, length);
            int sealedLength = AtomicFile.Seal(scratch, 0, length);
            AtomicFile.Replace(_store, CloudConfigName, CloudConfigName + AtomicFile.NewSuffix, scratch, 0, sealedLength);
        }

        /// <summary>
        /// Reads the stored configuration payload into <paramref name="into"/>; returns its length,
        /// or -1 when none is stored or it does not fit or fails its check.
        /// </summary>
        public int LoadCloudConfig(byte[] into)
        {
            EnsureMounted();
            AtomicFile.Recover(_store, CloudConfigName, CloudConfigName + AtomicFile.NewSuffix, into);
            int length = _store.Length(CloudConfigName);
            if (length < 4 || length > into.Length)
            {
                return -1;
            }

            if (_store.Read(CloudConfigName, 0, into, 0, length) != length || !AtomicFile.IsSealed(into, 0, length))
            {
                _cloudStats.CorruptFiles++;
                return -1;
            }

            return length - 4;
        }

        /// <summary>The part of a card key the card record stores (48 bits; docs/adr/0009).</summary>
        public static ulong AccountKey(ulong key)
        {
            return key & 0xFFFFFFFFFFFFUL;
        }

        /// <summary>
        /// Overlays the unfolded cloud states of <paramref name="key"/> on a lookup; returns true
        /// when there was one (then <paramref name="points"/> and <paramref name="vouchers"/> hold the newest).
        /// </summary>
        private bool PendingCloudState(ulong key, ref int points, ref ushort vouchers)
        {
            bool found = false;
            for (int i = 0; i < _cloudCount; i++)
            {
                if (_cloudKey[i] == key)
                {
                    points = _cloudPoints[i];
                    vouchers = _cloudVouchers[i];
                    found = true;
                }
            }

            return found;
        }

        /// <summary>True when the blocked list holds the key: a RAM filter first, then a binary search of <c>nblock</c>.</summary>
        private bool IsBlocked(ulong key)
        {
            if (_blockedCount == 0 || (_blockedFilter[FilterBit(key) >> 3] & (1 << (FilterBit(key) & 7))) == 0)
            {
                return false;
            }

            int low = 0;
            int high = _blockedCount - 1;
            while (low <= high)
            {
                int mid = (low + high) / 2;
                if (_store.Read(BlockedName, BlockedHeader + (mid * 8), _io, 0, 8) != 8)
                {
                    return false;
                }

                ulong k = LittleEndian.ReadUInt64(_io, 0);
                if (k == key)
                {
                    return true;
                }

                if (k < key)
                {
                    low = mid + 1;
                }
                else
                {
                    high = mid - 1;
                }
            }

            return false;
        }

        private static int FilterBit(ulong key)
        {
            return (int)((key * 0x9E3779B97F4A7C15UL) >> 52);
        }

        private void SetFilterBit(ulong key)
        {
            int bit = FilterBit(key);
            _blockedFilter[bit >> 3] = (byte)(_blockedFilter[bit >> 3] | (1 << (bit & 7)));
        }

        private void AllocateCloudIndex()
        {
            int capacity = _options.CloudCapacity;
            _cloudKey = new ulong[capacity];
            _cloudPoints = new int[capacity];
            _cloudVouchers = new ushort[capacity];
            _cloudDone = new bool[capacity];
        }

        /// <summary>Mount: repairs interrupted replacements, reads the cursor and blocked list, replays the logs.</summary>
        private void LoadCloud()
        {
            _cloudCount = 0;
            _cloudFoldCount = 0;
            _cloudRoundCount = 0;
            _logLength = 0;
            AtomicFile.Recover(_store, CloudStateName, CloudStateName + AtomicFile.NewSuffix, _cloudState);
            AtomicFile.Recover(_store, BlockedName, BlockedName + AtomicFile.NewSuffix, _shard);

            int length = _store.Length(CloudStateName);
            _stateCursor = 0;
            if (length >= 0)
            {
                bool valid = length == CloudStateLength
                    && _store.Read(CloudStateName, 0, _cloudState, 0, length) == length
                    && AtomicFile.IsSealed(_cloudState, 0, length)
                    && LittleEndian.ReadUInt16(_cloudState, 0) == CloudStateMagic;
                if (valid)
                {
                    _stateCursor = ReadInt64(_cloudState, 4);
                }
                else
                {
                    // Costs a resync from 0; never a wrong balance (the cursor only moves back).
                    _cloudStats.CorruptFiles++;
                }

                Stats.BytesReadAtMount += length;
            }

            _balanceCursor = _stateCursor;
            LoadBlocked();

            _foldLogExists = _store.Exists(CloudFoldName);
            _foldEnd = 0;
            _logEnd = 0;
            bool whole = true;
            if (_foldLogExists)
            {
                whole = ReplayLog(CloudFoldName, out _foldEnd) == _store.Length(CloudFoldName);
                _cloudFoldCount = _cloudCount;
            }

            // Past a damaged record the cursor must not move on, so the resync brings those states.
            if (whole)
            {
                ReplayLog(CloudLogName, out _logEnd);
            }

            // Appends go after the whole file, intact or not: its size decides the space they need.
            _logLength = _store.Length(CloudLogName);
            if (_logLength < 0)
            {
                _logLength = 0;
            }
        }

        private void LoadBlocked()
        {
            _blockedVersion = 0;
            _blockedCount = 0;
            System.Array.Clear(_blockedFilter, 0, BlockedFilterBytes);
            int length = _store.Length(BlockedName);
            if (length < 0)
            {
                return;
            }

            if (length > _shard.Length || _store.Read(BlockedName, 0, _shard, 0, length) != length
                || !AtomicFile.IsSealed(_shard, 0, length) || LittleEndian.ReadUInt16(_shard, 0) != BlockedMagic
                || BlockedHeader + (LittleEndian.ReadUInt16(_shard, 2) * 8) + 4 != length)
            {
                // The retained list arrives again at the next connection and is applied (version 0 here).
                _cloudStats.CorruptFiles++;
                return;
            }

            Stats.BytesReadAtMount += length;
            _blockedCount = LittleEndian.ReadUInt16(_shard, 2);
            _blockedVersion = ReadInt64(_shard, 4);
            for (int i = 0; i < _blockedCount; i++)
            {
                SetFilterBit(LittleEndian.ReadUInt64(_shard, BlockedHeader + (i * 8)));
            }
        }

        /// <summary>
        /// Indexes the intact records of a balance log, moving the cursor to their ends. Returns the
        /// length of the intact part; <paramref name="end"/> is the last intact record's end (0 when none).
        /// </summary>
        private int ReplayLog(string name, out long end)
        {
            end = 0;
            int length = _store.Length(name);
            int position = 0;
            while (position + LogHeader + 4 <= length)
            {
                if (_store.Read(name, position, _io, 0, LogHeader) != LogHeader || LittleEndian.ReadUInt16(_io, 0) != LogMagic)
                {
                    _cloudStats.CorruptFiles++;
                    break;
                }

                int n = LittleEndian.ReadUInt16(_io, 2);
                int record = LogHeader + (n * LogEntry) + 4;
                if (record > _shard.Length || position + record > length
                    || _store.Read(name, position, _shard, 0, record) != record || !AtomicFile.IsSealed(_shard, 0, record))
                {
                    // Bit rot, not a cut (each record is one atomic append): the states from here on
                    // come again with the resync from the cursor, which did not move past them.
                    _cloudStats.CorruptFiles++;
                    break;
                }

                if (n > CloudRoom)
                {
                    // Only under a build with a smaller index than the one that wrote the log.
                    _cloudStats.CardsDropped += n;
                    break;
                }

                IndexLogRecord(n);
                end = ReadInt64(_shard, 12);
                if (end > _balanceCursor)
                {
                    _balanceCursor = end;
                }

                position += record;
            }

            if (length > 0)
            {
                Stats.BytesReadAtMount += position;
            }

            return position;
        }

        /// <summary>Adds the entries of the log record held in the shard buffer to the RAM index.</summary>
        private void IndexLogRecord(int n)
        {
            for (int i = 0; i < n; i++)
            {
                int at = LogHeader + (i * LogEntry);
                int points = LittleEndian.ReadInt32(_shard, at + 8);
                if (points > LittleEndian.Int24Max || points < LittleEndian.Int24Min)
                {
                    // The record's field is 24 bits (±8,388,607 points): keep the nearest value and say so.
                    points = points > 0 ? LittleEndian.Int24Max : LittleEndian.Int24Min;
                    _cloudStats.Clamped++;
                }

                _cloudKey[_cloudCount] = LittleEndian.ReadUInt64(_shard, at);
                _cloudPoints[_cloudCount] = points;
                _cloudVouchers[_cloudCount] = LittleEndian.ReadUInt16(_shard, at + 12);
                _cloudDone[_cloudCount] = false;
                _cloudCount++;
            }
        }

        /// <summary>
        /// At the start of a fold round: the round takes the states of <c>nfold</c>, renaming
        /// <c>nlog</c> to it first when no earlier round left one behind.
        /// </summary>
        private void StartCloudRound()
        {
            if (!_foldLogExists && _cloudCount > 0 && _store.Exists(CloudLogName))
            {
                _store.Rename(CloudLogName, CloudFoldName);
                _foldLogExists = true;
                _cloudFoldCount = _cloudCount;
                _foldEnd = _logEnd;
                _logLength = 0;
                _logEnd = 0;
            }

            _cloudRoundCount = _foldLogExists ? _cloudFoldCount : 0;
            for (int i = 0; i < _cloudRoundCount; i++)
            {
                _cloudDone[i] = false;
            }
        }

        /// <summary>
        /// At the end of a fold round (after meta): keeps the cursor the folded log carried in
        /// <c>nstate</c>, deletes the log and drops its states from the index.
        /// </summary>
        private void FinishCloudRound()
        {
            if (!_foldLogExists)
            {
                return;
            }

            if (_foldEnd > _stateCursor)
            {
                WriteCloudState(_foldEnd);
            }

            _store.Delete(CloudFoldName);
            _foldLogExists = false;
            int left = _cloudCount - _cloudRoundCount;
            if (left > 0)
            {
                System.Array.Copy(_cloudKey, _cloudRoundCount, _cloudKey, 0, left);
                System.Array.Copy(_cloudPoints, _cloudRoundCount, _cloudPoints, 0, left);
                System.Array.Copy(_cloudVouchers, _cloudRoundCount, _cloudVouchers, 0, left);
            }

            _cloudCount = left;
            _cloudFoldCount = 0;
            _cloudRoundCount = 0;
        }

        private void WriteCloudState(long cursor)
        {
            System.Array.Clear(_cloudState, 0, CloudStateLength);
            LittleEndian.WriteUInt16(_cloudState, 0, CloudStateMagic);
            WriteInt64(_cloudState, 4, cursor);
            int length = AtomicFile.Seal(_cloudState, 0, CloudStateLength - 4);
            AtomicFile.Replace(_store, CloudStateName, CloudStateName + AtomicFile.NewSuffix, _cloudState, 0, length);
            _stateCursor = cursor;
        }

        private static long ReadInt64(byte[] buffer, int offset)
        {
            return (long)LittleEndian.ReadUInt64(buffer, offset);
        }

        private static void WriteInt64(byte[] buffer, int offset, long value)
        {
            LittleEndian.WriteUInt64(buffer, offset, (ulong)value);
        }
    }
}
