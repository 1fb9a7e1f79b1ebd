using System.Collections;
using Terminal.Core.Ports;

namespace Terminal.Core.Tests.Fakes
{
    /// <summary>
    /// An <see cref="ILedgerStore"/> that behaves and costs like the ESP32 LittleFS drive
    /// nanoFramework builds (see ../shared/nanoframework-api/README.md, "The ESP32 flash drive").
    /// <list type="bullet">
    /// <item>Durability: each mutating call is durable when it returns and has no effect when power
    /// fails during it, except that opening a file for writing already made an empty file durable
    /// (nanoFramework syncs right after open): a cut during the close of a Create, or of an Append
    /// that creates its file, leaves that file empty.</item>
    /// <item>Power cuts: <see cref="CutBefore"/> fails the power before operation number N (every call
    /// counts, reads included); <see cref="CutDuringClose"/> makes it fail inside that call's close
    /// instead. A dead store throws <see cref="PowerCutException"/> on every call until <see cref="PowerOn"/>.
    /// <see cref="Fork"/> copies the durable state cheaply (copy-on-write), for harnesses that
    /// examine every cut point in one pass.</item>
    /// <item>Space: 4096-byte blocks; files up to 512 bytes live inline in their directory's
    /// metadata pair; larger files take CTZ skip-list blocks (4 bytes of pointers per block but the
    /// first, more on blocks with trailing zero bits in their index); a metadata pair holds at most
    /// half a block of compacted entries, then splits. The partition also holds the firmware's own
    /// root directory and foreign files (Wi-Fi, certificates), given in bytes.</item>
    /// <item>Cost: commits (closes), metadata commits (the sync at open plus the close, each padded
    /// to the 128-byte program unit), bytes written and programmed, data erases (every block a
    /// close writes fresh, including the copy of a partly filled last block), metadata erases
    /// (compactions and splits of a pair), bytes read.</item>
    /// </list>
    /// Written in the nanoFramework subset so the device test project can run it too.
    /// </summary>
    public sealed class SimulatedLittleFs : ILedgerStore
    {
        /// <summary>Erase block size of the ESP32 flash.</summary>
        public const int BlockSize = 4096;

        /// <summary>Largest file LittleFS keeps inline in directory metadata (cache size 512).</summary>
        public const int InlineMax = 512;

        /// <summary>Program unit: every metadata commit is padded to it.</summary>
        public const int ProgramUnit = 128;

        /// <summary>The I: partition on a 4 MB module.</summary>
        public const long SmallPartitionBytes = 256 * 1024;

        /// <summary>The I: partition on an 8 MB module.</summary>
        public const long LargePartitionBytes = 2 * 1024 * 1024;

        /// <summary>Space assumed for nanoFramework's network, Wi-Fi and certificate files (4 blocks).</summary>
        public const long DefaultForeignBytes = 16384;

        // Root directory pair (superblock + root entries); the ledger's own directory pairs are counted apart.
        private const int RootBlocks = 2;

        // lfs_dir_splittingcompact keeps a compacted metadata block at most half full.
        private const int MetadataHalf = BlockSize / 2;

        // Revision count, CRC and padding of a metadata block.
        private const int MetadataOverhead = 40;

        private readonly long _partitionBytes;
        private readonly long _foreignBytes;
        private readonly int _totalBlocks;
        private readonly int _foreignBlocks;
        private Hashtable _files = new Hashtable();
        private ArrayList _pairs = new ArrayList();
        private int _dataBlocks;
        private long _operations;

        /// <summary>Creates an empty, formatted partition of <paramref name="partitionBytes"/>, of which
        /// <paramref name="foreignBytes"/> are taken by other files.</summary>
        public SimulatedLittleFs(long partitionBytes, long foreignBytes)
        {
            _partitionBytes = partitionBytes;
            _foreignBytes = foreignBytes;
            _totalBlocks = (int)(partitionBytes / BlockSize);
            _foreignBlocks = (int)((foreignBytes + BlockSize - 1) / BlockSize);
            MetaPair first = new MetaPair();
            first.FirstName = string.Empty;
            _pairs.Add(first);
            CutBefore = -1;
        }

        /// <summary>256 KiB partition, minus the default Wi-Fi and certificate files.</summary>
        public static SimulatedLittleFs Small()
        {
            return new SimulatedLittleFs(SmallPartitionBytes, DefaultForeignBytes);
        }

        /// <summary>2 MiB partition, minus the default Wi-Fi and certificate files.</summary>
        public static SimulatedLittleFs Large()
        {
            return new SimulatedLittleFs(LargePartitionBytes, DefaultForeignBytes);
        }

        /// <summary>Partition size in bytes.</summary>
        public long PartitionBytes
        {
            get { return _partitionBytes; }
        }

        /// <summary>Blocks in the partition.</summary>
        public int TotalBlocks
        {
            get { return _totalBlocks; }
        }

        /// <summary>Blocks in use: root pair, foreign files, ledger metadata pairs and file data.</summary>
        public int UsedBlocks
        {
            get { return RootBlocks + _foreignBlocks + (2 * _pairs.Count) + _dataBlocks; }
        }

        /// <summary>Metadata pairs of the ledger's directory.</summary>
        public int MetadataPairs
        {
            get { return _pairs.Count; }
        }

        /// <summary>Files in the ledger's directory.</summary>
        public int FileCount
        {
            get { return _files.Count; }
        }

        /// <summary>Store calls so far, each a possible cut point (counts across <see cref="PowerOn"/>).</summary>
        public long Operations
        {
            get { return _operations; }
        }

        /// <summary>Power fails right before operation number N (0-based); -1 for never.</summary>
        public long CutBefore { get; set; }

        /// <summary>When set, the cut happens inside the close of operation <see cref="CutBefore"/> instead of before it.</summary>
        public bool CutDuringClose { get; set; }

        /// <summary>True after a cut until <see cref="PowerOn"/>.</summary>
        public bool PoweredOff { get; private set; }

        /// <summary>Sees each call before it runs (trace, fork-based fault harness).</summary>
        public IStoreObserver Observer { get; set; }

        /// <summary>Mutating calls that took effect (closes, renames, deletes).</summary>
        public long Commits { get; private set; }

        /// <summary>Metadata log commits: the sync after open plus the close, renames and deletes.</summary>
        public long MetadataCommits { get; private set; }

        /// <summary>Bytes handed to Append and Create.</summary>
        public long BytesWritten { get; private set; }

        /// <summary>Bytes programmed into flash: file data, copies of partly filled blocks, metadata commits.</summary>
        public long BytesProgrammed { get; private set; }

        /// <summary>Blocks erased for file data (4 KiB each).</summary>
        public long DataErases { get; private set; }

        /// <summary>Blocks erased to compact or split metadata pairs.</summary>
        public long MetadataErases { get; private set; }

        /// <summary>All erases.</summary>
        public long Erases
        {
            get { return DataErases + MetadataErases; }
        }

        /// <summary>Bytes returned by Read.</summary>
        public long BytesRead { get; private set; }

        /// <summary>Read calls (each one an open, seek, read and close on the device).</summary>
        public long ReadCalls { get; private set; }

        /// <summary>Bytes still free, in whole blocks.</summary>
        public long FreeBytes
        {
            get
            {
                Enter(StoreOperation.FreeBytes, null, 0, 0, null);
                return FreeBlocks() * (long)BlockSize;
            }
        }

        /// <summary>The ledger directory's metadata pairs, for diagnostics: "first name: files, log bytes; ...".</summary>
        public string DescribeMetadata()
        {
            string text = string.Empty;
            for (int i = 0; i < _pairs.Count; i++)
            {
                MetaPair pair = (MetaPair)_pairs[i];
                text = text + "'" + pair.FirstName + "': " + pair.Files.ToString() + " files, live " + LiveBytes(i).ToString() + " B, log " + pair.LogBytes.ToString() + " B; ";
            }

            return text;
        }

        /// <summary>Zeroes the cost counters (not <see cref="Operations"/>).</summary>
        public void ResetCounters()
        {
            Commits = 0;
            MetadataCommits = 0;
            BytesWritten = 0;
            BytesProgrammed = 0;
            DataErases = 0;
            MetadataErases = 0;
            BytesRead = 0;
            ReadCalls = 0;
        }

        /// <summary>Power comes back: the files are whatever was durable; no cut is armed.</summary>
        public void PowerOn()
        {
            PoweredOff = false;
            CutBefore = -1;
            CutDuringClose = false;
        }

        /// <summary>
        /// A copy of the durable state, as a power cut right now would leave it, with fresh counters,
        /// no observer and no cut armed. File contents are shared until either side writes.
        /// </summary>
        public SimulatedLittleFs Fork()
        {
            SimulatedLittleFs copy = new SimulatedLittleFs(_partitionBytes, _foreignBytes);
            copy._pairs = new ArrayList();
            for (int i = 0; i < _pairs.Count; i++)
            {
                MetaPair pair = (MetaPair)_pairs[i];
                MetaPair twin = new MetaPair();
                twin.FirstName = pair.FirstName;
                twin.Files = pair.Files;
                twin.LogBytes = pair.LogBytes;
                copy._pairs.Add(twin);
            }

            foreach (object key in _files.Keys)
            {
                SimFile file = (SimFile)_files[key];
                file.Shared = true;
                copy._files[key] = file;
            }

            copy._dataBlocks = _dataBlocks;
            return copy;
        }

        /// <summary>True when a cut inside the close of this call leaves a different state than a cut before it
        /// (the call creates its file, and the empty file survives).</summary>
        public bool CloseCutDiffers(StoreOperation operation, string name)
        {
            return (operation == StoreOperation.Append || operation == StoreOperation.Create) && !_files.Contains(name);
        }

        /// <summary>Applies what a cut inside the close of this call leaves behind (see <see cref="CloseCutDiffers"/>).</summary>
        public void InterruptClose(StoreOperation operation, string name)
        {
            if (CloseCutDiffers(operation, name))
            {
                AddEntry(name, new SimFile());
            }
        }

        /// <inheritdoc/>
        public bool Exists(string name)
        {
            Enter(StoreOperation.Exists, name, 0, 0, null);
            return _files.Contains(name);
        }

        /// <inheritdoc/>
        public int Length(string name)
        {
            Enter(StoreOperation.Length, name, 0, 0, null);
            SimFile file = (SimFile)_files[name];
            return file == null ? -1 : file.Length;
        }

        /// <inheritdoc/>
        public int Read(string name, int position, byte[] buffer, int offset, int count)
        {
            Enter(StoreOperation.Read, name, position, count, null);
            SimFile file = (SimFile)_files[name];
            if (file == null)
            {
                throw new System.IO.IOException("No such file: " + name);
            }

            ReadCalls++;
            int n = file.Length - position;
            if (n > count)
            {
                n = count;
            }

            if (n <= 0)
            {
                return 0;
            }

            System.Array.Copy(file.Data, position, buffer, offset, n);
            BytesRead += n;
            return n;
        }

        /// <inheritdoc/>
        public void Append(string name, byte[] buffer, int offset, int count)
        {
            SimFile file = (SimFile)_files[name];
            Enter(StoreOperation.Append, name, file == null ? 0 : file.Length, count, null);
            if (file == null)
            {
                // Open creates the entry and nanoFramework syncs it at once.
                file = new SimFile();
                AddEntry(name, file);
            }
            else
            {
                // The sync after open commits a new modification time.
                MetadataCommit(PairOf(name), 12);
            }

            Write(name, file, buffer, offset, count);
        }

        /// <inheritdoc/>
        public void Create(string name, byte[] buffer, int offset, int count)
        {
            Enter(StoreOperation.Create, name, 0, count, null);
            if (_files.Contains(name))
            {
                throw new System.IO.IOException("File exists: " + name);
            }

            SimFile file = new SimFile();
            AddEntry(name, file);
            Write(name, file, buffer, offset, count);
        }

        /// <inheritdoc/>
        public void Rename(string from, string to)
        {
            Enter(StoreOperation.Rename, from, 0, 0, to);
            SimFile file = (SimFile)_files[from];
            if (file == null)
            {
                throw new System.IO.IOException("No such file: " + from);
            }

            if (_files.Contains(to))
            {
                throw new System.IO.IOException("File exists: " + to);
            }

            int fromPair = PairOf(from);
            _files.Remove(from);
            ((MetaPair)_pairs[fromPair]).Files--;
            _files[to] = file;
            int toPair = PairOf(to);
            ((MetaPair)_pairs[toPair]).Files++;
            MetadataCommit(toPair, EntryBytes(to, file) + 4);
            if (fromPair != toPair)
            {
                MetadataCommit(fromPair, 4);
                DropIfEmpty(fromPair);
            }

            Commits++;
        }

        /// <inheritdoc/>
        public void Delete(string name)
        {
            Enter(StoreOperation.Delete, name, 0, 0, null);
            SimFile file = (SimFile)_files[name];
            if (file == null)
            {
                return;
            }

            int pair = PairOf(name);
            _files.Remove(name);
            ((MetaPair)_pairs[pair]).Files--;
            if (file.Outlined)
            {
                _dataBlocks -= CtzBlocks(file.Length);
            }

            MetadataCommit(pair, 4);
            DropIfEmpty(pair);
            Commits++;
        }

        /// <inheritdoc/>
        public string[] List(string prefix)
        {
            Enter(StoreOperation.List, prefix, 0, 0, null);
            ArrayList names = new ArrayList();
            foreach (object key in _files.Keys)
            {
                string name = (string)key;
                if (name.StartsWith(prefix))
                {
                    names.Add(name);
                }
            }

            string[] result = new string[names.Count];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = (string)names[i];
            }

            return result;
        }

        /// <summary>Blocks a file of <paramref name="length"/> bytes takes outside metadata (CTZ skip list).</summary>
        public static int CtzBlocks(int length)
        {
            int blocks = 0;
            int capacity = 0;
            while (capacity < length)
            {
                capacity += BlockCapacity(blocks);
                blocks++;
            }

            return blocks;
        }

        private static int BlockCapacity(int index)
        {
            if (index == 0)
            {
                return BlockSize;
            }

            int zeros = 0;
            while ((index & (1 << zeros)) == 0)
            {
                zeros++;
            }

            return BlockSize - (4 * (zeros + 1));
        }

        /// <summary>Leading blocks that <paramref name="length"/> bytes fill completely; an append leaves them alone.</summary>
        private static int FullBlocks(int length)
        {
            int blocks = 0;
            int capacity = BlockCapacity(0);
            while (capacity <= length)
            {
                blocks++;
                capacity += BlockCapacity(blocks);
            }

            return blocks;
        }

        private static int CapacityOf(int blocks)
        {
            int capacity = 0;
            for (int i = 0; i < blocks; i++)
            {
                capacity += BlockCapacity(i);
            }

            return capacity;
        }

        private static int Align(int bytes)
        {
            return ((bytes + ProgramUnit - 1) / ProgramUnit) * ProgramUnit;
        }

        private static int CompareNames(string a, string b)
        {
            int n = a.Length < b.Length ? a.Length : b.Length;
            for (int i = 0; i < n; i++)
            {
                int d = a[i] - b[i];
                if (d != 0)
                {
                    return d;
                }
            }

            return a.Length - b.Length;
        }

        private static int EntryBytes(string name, SimFile file)
        {
            // Create tag, name tag + name, struct tag + (inline data or CTZ head and size), mtime attribute.
            return 4 + 4 + name.Length + 4 + (file.Outlined ? 8 : file.Length) + 12;
        }

        private void Enter(StoreOperation operation, string name, int position, int count, string other)
        {
            if (PoweredOff)
            {
                throw new PowerCutException("The power is off");
            }

            if (Observer != null)
            {
                Observer.BeforeOperation(this, _operations, operation, name, position, count, other);
            }

            if (_operations == CutBefore)
            {
                _operations++;
                if (CutDuringClose)
                {
                    InterruptClose(operation, name);
                }

                PoweredOff = true;
                throw new PowerCutException("Power cut at operation " + CutBefore.ToString());
            }

            _operations++;
        }

        private int FreeBlocks()
        {
            int free = _totalBlocks - UsedBlocks;
            return free < 0 ? 0 : free;
        }

        private void AddEntry(string name, SimFile file)
        {
            _files[name] = file;
            int pair = PairOf(name);
            ((MetaPair)_pairs[pair]).Files++;
            MetadataCommit(pair, EntryBytes(name, file));
        }

        private void Write(string name, SimFile file, byte[] buffer, int offset, int count)
        {
            int oldLength = file.Length;
            int newLength = oldLength + count;
            bool outline = file.Outlined || newLength > InlineMax;
            int newBlocks = 0;
            int copied = 0;
            if (outline)
            {
                int kept = file.Outlined ? FullBlocks(oldLength) : 0;
                newBlocks = CtzBlocks(newLength) - kept;

                // The partly filled last block (or the inline data) is copied into a fresh block.
                copied = oldLength - CapacityOf(kept);
                int oldBlocks = file.Outlined ? CtzBlocks(oldLength) : 0;
                if (CtzBlocks(newLength) - oldBlocks > FreeBlocks())
                {
                    // LFS_ERR_NOSPC at close: the data is not written (an empty new file stays, see Append).
                    throw new System.IO.IOException("No space left on device");
                }

                _dataBlocks += CtzBlocks(newLength) - oldBlocks;
            }

            if (file.Shared)
            {
                SimFile own = new SimFile();
                own.Data = new byte[newLength + 64];
                System.Array.Copy(file.Data, own.Data, oldLength);
                own.Length = oldLength;
                own.Outlined = file.Outlined;
                _files[name] = own;
                file = own;
            }
            else if (file.Data.Length < newLength)
            {
                byte[] grown = new byte[newLength * 2];
                System.Array.Copy(file.Data, grown, oldLength);
                file.Data = grown;
            }

            System.Array.Copy(buffer, offset, file.Data, oldLength, count);
            file.Length = newLength;
            file.Outlined = outline;
            DataErases += newBlocks;
            BytesProgrammed += outline ? copied + count : 0;
            BytesWritten += count;
            MetadataCommit(PairOf(name), 4 + (outline ? 8 : newLength) + 12);
            Commits++;
        }

        private int PairOf(string name)
        {
            int found = 0;
            for (int i = 1; i < _pairs.Count; i++)
            {
                if (CompareNames(((MetaPair)_pairs[i]).FirstName, name) <= 0)
                {
                    found = i;
                }
            }

            return found;
        }

        private void MetadataCommit(int index, int bytes)
        {
            // Tags plus the CRC tag, padded to the program unit.
            int size = Align(bytes + 8);
            MetaPair pair = (MetaPair)_pairs[index];
            MetadataCommits++;
            BytesProgrammed += size;
            pair.LogBytes += size;
            if (pair.LogBytes <= BlockSize - MetadataOverhead)
            {
                return;
            }

            // The active block is full: erase the other block of the pair and write the live entries there.
            MetadataErases++;
            int live = LiveBytes(index);
            // lfs_dir_splittingcompact: a split needs a new pair; when none can be allocated
            // (LFS_ERR_NOSPC) LittleFS compacts in place instead, with degraded performance.
            if (live > MetadataHalf && pair.Files > 1 && FreeBlocks() >= 2)
            {
                Split(index);
                MetadataErases++;
                live = LiveBytes(index);
                MetaPair added = (MetaPair)_pairs[index + 1];
                added.LogBytes = Align(LiveBytes(index + 1) + 8);
                BytesProgrammed += added.LogBytes;
            }

            pair.LogBytes = Align(live + 8);
            BytesProgrammed += pair.LogBytes;
        }

        private int LiveBytes(int index)
        {
            int live = 0;
            foreach (object key in _files.Keys)
            {
                string name = (string)key;
                if (PairOf(name) == index)
                {
                    live += EntryBytes(name, (SimFile)_files[key]);
                }
            }

            return live;
        }

        private void Split(int index)
        {
            ArrayList names = new ArrayList();
            foreach (object key in _files.Keys)
            {
                string name = (string)key;
                if (PairOf(name) != index)
                {
                    continue;
                }

                int at = names.Count;
                while (at > 0 && CompareNames((string)names[at - 1], name) > 0)
                {
                    at--;
                }

                names.Insert(at, name);
            }

            int half = names.Count / 2;
            MetaPair added = new MetaPair();
            added.FirstName = (string)names[half];
            added.Files = names.Count - half;
            ((MetaPair)_pairs[index]).Files = half;
            _pairs.Insert(index + 1, added);
        }

        private void DropIfEmpty(int index)
        {
            if (index > 0 && ((MetaPair)_pairs[index]).Files == 0)
            {
                _pairs.RemoveAt(index);
            }
        }

        private sealed class SimFile
        {
            public byte[] Data = new byte[64];
            public int Length;
            public bool Outlined;
            public bool Shared;
        }

        private sealed class MetaPair
        {
            public string FirstName;
            public int Files;
            public int LogBytes;
        }
    }
}
