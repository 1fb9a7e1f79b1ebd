using Terminal.Core.Encoding;
using Terminal.Core.Sync;

namespace Terminal.Core.Ledger
{
    /// <summary>
    /// Cloud state kept beside the journal (docs/adr/0005-mqtt-sync.md). It never touches the
    /// journal or the card shards: the terminal's own history stays exactly what it recorded.
    /// <list type="bullet">
    /// <item><c>nXXXX</c>: remote card files, 24 bytes per card: key, the other terminals' net
    /// points and voucher bits, flags (known, blocked) and the cloud version of that state.
    /// <see cref="Lookup"/> adds them to the local state, so a balance is
    /// "own journal + what the others did", which no unsynced local record can invalidate.</item>
    /// <item><c>nstate</c>: remote file count, blocked-list version, balance resync cursor.</item>
    /// <item><c>ncfg</c>: the last earn-rules and catalogue payload, as received.</item>
    /// </list>
    /// Every file is replaced with <see cref="AtomicFile"/>, and every update carries a version,
    /// so a message applied twice, or again after a power cut, changes nothing.
    /// RAM: a 32-byte state buffer; remote files are rewritten through the shard buffer between
    /// taps and read through the 512-byte I/O buffer during a lookup.
    /// </summary>
    public sealed partial class Ledger
    {
        /// <summary>Prefix of remote card files.</summary>
        public const string RemotePrefix = "n";

        /// <summary>Name of the sync state file.</summary>
        public const string CloudStateName = "nstate";

        /// <summary>Name of the stored cloud configuration.</summary>
        public const string CloudConfigName = "ncfg";

        private const ushort RemoteMagic = 0x3152; // "R1"
        private const ushort CloudStateMagic = 0x3153; // "S1"
        private const int RemoteHeader = 12;
        private const int RemoteRecord = 24;
        private const int CloudStateLength = 32;
        private const int CardsPerRemoteFile = 200;
        private const byte RemoteKnown = 0x01;
        private const byte RemoteBlocked = 0x02;

        private readonly byte[] _cloudState = new byte[CloudStateLength];
        private readonly CloudStats _cloudStats = new CloudStats();
        private bool _cloudReady;
        private int _remoteFiles;
        private long _blockedVersion;
        private long _balanceCursor;

        /// <summary>What the cloud state did since this ledger object was created.</summary>
        public CloudStats CloudStats
        {
            get { return _cloudStats; }
        }

        /// <summary>Version of the blocked-card list in force (0 = none received).</summary>
        public long BlockedListVersion
        {
            get
            {
                EnsureCloud();
                return _blockedVersion;
            }
        }

        /// <summary>Cloud change number up to which a balance resync completed (0 = never).</summary>
        public long BalanceCursor
        {
            get
            {
                EnsureCloud();
                return _balanceCursor;
            }
        }

        /// <summary>
        /// Stores card states from the cloud, newest version wins per card. Entries are grouped
        /// by file so each touched file is rewritten once. Returns how many were applied.
        /// </summary>
        public int ApplyCloudBalances(BalanceBatch batch)
        {
            EnsureMounted();
            EnsureCloud();
            BalancesDropped = 0;
            int applied = 0;
            int n = batch.Count;
            bool[] done = new bool[n];
            for (int i = 0; i < n; i++)
            {
                if (done[i])
                {
                    continue;
                }

                int file = RemoteFileOf(batch.At(i).Key);
                int count = LoadRemote(file);
                bool changed = false;
                int groupApplied = 0;
                for (int j = i; j < n; j++)
                {
                    CardBalance card = batch.At(j);
                    if (done[j] || RemoteFileOf(card.Key) != file)
                    {
                        continue;
                    }

                    done[j] = true;
                    int slot = FindRemote(count, card.Key);
                    if (slot >= 0 && ReadInt64(_shard, RecordAt(slot) + 16) >= card.Version)
                    {
                        _cloudStats.CardsStale++;
                        continue;
                    }

                    if (slot < 0)
                    {
                        slot = AddRemote(ref count, card.Key);
                        if (slot < 0)
                        {
                            BalancesDropped++;
                            continue;
                        }
                    }

                    int at = RecordAt(slot);
                    LittleEndian.WriteInt32(_shard, at + 8, card.OtherPoints);
                    LittleEndian.WriteUInt16(_shard, at + 12, card.OtherVouchers);
                    _shard[at + 14] = (byte)(_shard[at + 14] | RemoteKnown);
                    WriteInt64(_shard, at + 16, card.Version);
                    changed = true;
                    groupApplied++;
                }

                if (changed && !TrySaveRemote(file, count))
                {
                    // Not written: the caller keeps its balance cursor, so the cloud sends these
                    // cards again later (after the backlog synced and compaction freed space).
                    BalancesDropped += groupApplied;
                    continue;
                }

                applied += groupApplied;
                _cloudStats.CardsApplied += groupApplied;
            }

            return applied;
        }

        /// <summary>
        /// Cards of the last <see cref="ApplyCloudBalances"/> that were not kept (no room): the
        /// sync engine must not move the balance cursor past them.
        /// </summary>
        public int BalancesDropped { get; private set; }

        /// <summary>
        /// Writes a cloud-view file unless that would eat into the space kept back for the ledger's
        /// own maintenance: the ledger (the shoppers' points) always wins over the cloud's view.
        /// </summary>
        private bool TrySaveRemote(int file, int count)
        {
            long needed = ((RemoteHeader + (count * RemoteRecord) + 4 + 4095) / 4096) * 4096;
            RefreshFree();
            if (_freeBytes - needed < _options.ReserveBytes)
            {
                LastRefusal = LedgerRefusal.StorageFull;
                return false;
            }

            try
            {
                SaveRemote(file, count);
                return true;
            }
            catch (System.IO.IOException)
            {
                // A file system that ran out of blocks refuses the write as a whole.
                _freeBytes = 0;
                LastRefusal = LedgerRefusal.StorageFull;
                return false;
            }
        }

        /// <summary>
        /// Replaces the blocked-card list with <paramref name="count"/> account keys, unless a list
        /// of this version or newer is already in force. Returns true when it applied the list.
        /// A power cut part-way leaves the version unchanged, so the retained list is applied again.
        /// </summary>
        public bool ApplyBlockedList(ulong[] keys, int count, long version)
        {
            EnsureMounted();
            EnsureCloud();
            if (version <= _blockedVersion)
            {
                return false;
            }

            for (int file = 0; file < _remoteFiles; file++)
            {
                int records = LoadRemote(file);
                bool changed = false;
                for (int slot = 0; slot < records; slot++)
                {
                    int at = RecordAt(slot);
                    if ((_shard[at + 14] & RemoteBlocked) != 0)
                    {
                        _shard[at + 14] = (byte)(_shard[at + 14] & ~RemoteBlocked);
                        changed = true;
                    }
                }

                for (int k = 0; k < count; k++)
                {
                    if (RemoteFileOf(keys[k]) != file)
                    {
                        continue;
                    }

                    int slot = FindRemote(records, keys[k]);
                    if (slot < 0)
                    {
                        slot = AddRemote(ref records, keys[k]);
                        if (slot < 0)
                        {
                            continue;
                        }
                    }

                    int at = RecordAt(slot);
                    _shard[at + 14] = (byte)(_shard[at + 14] | RemoteBlocked);
                    changed = true;
                }

                if (changed)
                {
                    records = DropEmptyRemotes(records);
                    SaveRemote(file, records);
                }
            }

            _blockedVersion = version;
            WriteCloudState();
            _cloudStats.BlockedListsApplied++;
            return true;
        }

        /// <summary>Records that a balance resync covered every cloud change up to <paramref name="cursor"/>.</summary>
        public void SetBalanceCursor(long cursor)
        {
            EnsureMounted();
            EnsureCloud();
            if (cursor <= _balanceCursor)
            {
                return;
            }

            _balanceCursor = cursor;
            WriteCloudState();
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

        /// <summary>Adds the cloud's view of the card to a lookup (called at the end of <see cref="Lookup"/>).</summary>
        private void ApplyCloud(ulong key, CardState state)
        {
            EnsureCloud();
            string name = RemoteName(RemoteFileOf(key));
            int length = _store.Length(name);
            if (length < RemoteHeader + 4)
            {
                return;
            }

            _store.Read(name, 0, _io, 0, RemoteHeader);
            if (LittleEndian.ReadUInt16(_io, 0) != RemoteMagic)
            {
                return;
            }

            int count = LittleEndian.ReadUInt16(_io, 2);
            int perChunk = _io.Length / RemoteRecord;
            int position = RemoteHeader;
            int index = 0;
            while (index < count)
            {
                int n = count - index;
                if (n > perChunk)
                {
                    n = perChunk;
                }

                _store.Read(name, position, _io, 0, n * RemoteRecord);
                for (int i = 0; i < n; i++)
                {
                    int o = i * RemoteRecord;
                    if (LittleEndian.ReadUInt64(_io, o) != key)
                    {
                        continue;
                    }

                    byte flags = _io[o + 14];
                    state.Exists = true;
                    state.Balance += LittleEndian.ReadInt32(_io, o + 8);
                    state.VouchersUsed = (ushort)(state.VouchersUsed | LittleEndian.ReadUInt16(_io, o + 12));
                    if ((flags & RemoteBlocked) != 0)
                    {
                        state.Flags = (byte)(state.Flags | CardState.FlagBlocked);
                    }

                    return;
                }

                index += n;
                position += n * RemoteRecord;
            }
        }

        private void EnsureCloud()
        {
            if (_cloudReady)
            {
                return;
            }

            // Finish or roll back a replacement a power cut interrupted.
            string[] names = _store.List(RemotePrefix);
            for (int i = 0; i < names.Length; i++)
            {
                string name = names[i];
                if (name.EndsWith(AtomicFile.NewSuffix) && name != CloudConfigName + AtomicFile.NewSuffix)
                {
                    string baseName = name.Substring(0, name.Length - AtomicFile.NewSuffix.Length);
                    AtomicFile.Recover(_store, baseName, name, _shard);
                }
            }

            int length = _store.Length(CloudStateName);
            bool valid = length == CloudStateLength
                && _store.Read(CloudStateName, 0, _cloudState, 0, length) == length
                && AtomicFile.IsSealed(_cloudState, 0, length)
                && LittleEndian.ReadUInt16(_cloudState, 0) == CloudStateMagic;
            if (valid)
            {
                _remoteFiles = LittleEndian.ReadUInt16(_cloudState, 2);
                _blockedVersion = ReadInt64(_cloudState, 4);
                _balanceCursor = ReadInt64(_cloudState, 12);
            }
            else
            {
                if (length >= 0)
                {
                    // Damaged state only costs a full resync and a re-applied blocked list.
                    _cloudStats.CorruptFiles++;
                }

                _remoteFiles = (_options.MaxCards + CardsPerRemoteFile - 1) / CardsPerRemoteFile;
                if (_remoteFiles < 1)
                {
                    _remoteFiles = 1;
                }

                _blockedVersion = 0;
                _balanceCursor = 0;
            }

            _cloudReady = true;
            if (!valid)
            {
                WriteCloudState();
            }
        }

        private void WriteCloudState()
        {
            System.Array.Clear(_cloudState, 0, CloudStateLength);
            LittleEndian.WriteUInt16(_cloudState, 0, CloudStateMagic);
            LittleEndian.WriteUInt16(_cloudState, 2, (ushort)_remoteFiles);
            WriteInt64(_cloudState, 4, _blockedVersion);
            WriteInt64(_cloudState, 12, _balanceCursor);
            int length = AtomicFile.Seal(_cloudState, 0, CloudStateLength - 4);
            AtomicFile.Replace(_store, CloudStateName, CloudStateName + AtomicFile.NewSuffix, _cloudState, 0, length);
        }

        private int RemoteFileOf(ulong key)
        {
            return (int)((key >> 16) % (ulong)_remoteFiles);
        }

        private static string RemoteName(int file)
        {
            return RemotePrefix + file.ToString("X4");
        }

        private int RemoteCapacity
        {
            get { return (_shard.Length - RemoteHeader - 4) / RemoteRecord; }
        }

        private static int RecordAt(int slot)
        {
            return RemoteHeader + (slot * RemoteRecord);
        }

        /// <summary>Loads a remote file into the shard buffer; returns its record count (0 when absent or damaged).</summary>
        private int LoadRemote(int file)
        {
            string name = RemoteName(file);
            int length = _store.Length(name);
            if (length <= 0)
            {
                return 0;
            }

            if (length > _shard.Length || _store.Read(name, 0, _shard, 0, length) != length
                || !AtomicFile.IsSealed(_shard, 0, length) || LittleEndian.ReadUInt16(_shard, 0) != RemoteMagic)
            {
                // The cloud re-sends card states on the next resync.
                _cloudStats.CorruptFiles++;
                return 0;
            }

            return LittleEndian.ReadUInt16(_shard, 2);
        }

        private void SaveRemote(int file, int count)
        {
            LittleEndian.WriteUInt16(_shard, 0, RemoteMagic);
            LittleEndian.WriteUInt16(_shard, 2, (ushort)count);
            LittleEndian.WriteUInt32(_shard, 4, 0);
            LittleEndian.WriteUInt32(_shard, 8, 0);
            string name = RemoteName(file);
            int length = AtomicFile.Seal(_shard, 0, RemoteHeader + (count * RemoteRecord));
            AtomicFile.Replace(_store, name, name + AtomicFile.NewSuffix, _shard, 0, length);
        }

        private int FindRemote(int count, ulong key)
        {
            for (int i = 0; i < count; i++)
            {
                if (LittleEndian.ReadUInt64(_shard, RecordAt(i)) == key)
                {
                    return i;
                }
            }

            return -1;
        }

        private int AddRemote(ref int count, ulong key)
        {
            if (count >= RemoteCapacity)
            {
                _cloudStats.CardsDropped++;
                return -1;
            }

            int slot = count;
            count++;
            int at = RecordAt(slot);
            System.Array.Clear(_shard, at, RemoteRecord);
            LittleEndian.WriteUInt64(_shard, at, key);
            return slot;
        }

        /// <summary>Removes records that say nothing any more (unblocked, never given a balance).</summary>
        private int DropEmptyRemotes(int count)
        {
            int kept = 0;
            for (int i = 0; i < count; i++)
            {
                int at = RecordAt(i);
                if (_shard[at + 14] == 0)
                {
                    continue;
                }

                if (kept != i)
                {
                    System.Array.Copy(_shard, at, _shard, RecordAt(kept), RemoteRecord);
                }

                kept++;
            }

            return kept;
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
