using System;
using System.IO;
using Terminal.Core.Ports;

namespace Terminal.Device.Storage
{
    /// <summary>
    /// <see cref="ILedgerStore"/> on the ESP32's internal LittleFS drive (I:). Each mutating call is
    /// exactly one open-write-close: nanoFramework's LittleFS makes data durable when the file is
    /// closed (FileStream.Flush does not), and a cut before the close leaves the file as it was at the
    /// last close. Geometry and driver behaviour: shared nanoframework-api README, "The ESP32 flash drive".
    /// </summary>
    public sealed class LittleFsLedgerStore : ILedgerStore
    {
        /// <summary>LittleFS block (erase unit) of nf-interpreter's ESP32 partition.</summary>
        public const int BlockBytes = 4096;

        /// <summary>Files up to this size live inline in their directory's metadata, not in blocks of their own.</summary>
        public const int InlineMaxBytes = 512;

        /// <summary>Metadata per file, estimated: name, struct and the modification-time attribute nanoFramework adds.</summary>
        public const int EntryBytes = 64;

        // littlefs splits a metadata pair when its live content no longer fits in about half a block.
        private const int PairLiveBytes = BlockBytes / 2;

        // nanoFramework's own files (Wi-Fi, certificates) change outside this class; recount now and then.
        private const int RescanEvery = 256;

        private readonly string _driveRoot;
        private readonly string _folder;
        private readonly long _partitionBytes;
        private bool _counted;
        private int _mutations;
        private int _directories;
        private long _inlineBytes;
        private long _blocks;

        /// <summary>Opens (and on first boot creates) the ledger folder.</summary>
        /// <param name="driveRoot">Root of the drive, "I:\\"; every file on it counts against free space.</param>
        /// <param name="folder">Folder of the ledger files, for example "I:\\ledger".</param>
        /// <param name="partitionBytes">Size of the partition (256 KiB on 4 MB flash, 2 MiB on 8 MB).</param>
        public LittleFsLedgerStore(string driveRoot, string folder, long partitionBytes)
        {
            _driveRoot = driveRoot;
            _folder = folder;
            _partitionBytes = partitionBytes;
            if (!Directory.Exists(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        /// <summary>
        /// Free space, estimated. The API lists have no free-space member for the drive (DriveInfo offers
        /// TotalSize only), so this is the partition size minus what littlefs needs for what is stored:
        /// whole 4 KiB blocks for each file above 512 bytes (plus its skip-list pointers), and two blocks
        /// per metadata pair, one pair per directory and one more per 2 KiB of inline files and entries.
        /// The estimate errs high on use, so the ledger refuses new work early rather than late.
        /// Counted by walking the drive once, then kept up to date by every call here.
        /// </summary>
        public long FreeBytes
        {
            get
            {
                if (!_counted || _mutations >= RescanEvery)
                {
                    Count();
                }

                long pairs = _directories + ((_inlineBytes + PairLiveBytes - 1) / PairLiveBytes);
                long used = (_blocks + (2 * pairs)) * BlockBytes;
                long free = _partitionBytes - used;
                return free > 0 ? free : 0;
            }
        }

        /// <inheritdoc/>
        public bool Exists(string name)
        {
            return File.Exists(PathOf(name));
        }

        /// <inheritdoc/>
        public int Length(string name)
        {
            return (int)LengthOrMissing(PathOf(name));
        }

        /// <inheritdoc/>
        public int Read(string name, int position, byte[] buffer, int offset, int count)
        {
            using (FileStream stream = new FileStream(PathOf(name), FileMode.Open, FileAccess.Read))
            {
                if (position >= stream.Length)
                {
                    return 0;
                }

                stream.Seek(position, SeekOrigin.Begin);
                int total = 0;
                while (total < count)
                {
                    int read = stream.Read(buffer, offset + total, count - total);
                    if (read <= 0)
                    {
                        break;
                    }

                    total += read;
                }

                return total;
            }
        }

        /// <inheritdoc/>
        public void Append(string name, byte[] buffer, int offset, int count)
        {
            string path = PathOf(name);
            long before = LengthOrMissing(path);

            // Open (creating if needed), seek to the end, write, close: the close is the commit. A new
            // file can survive a cut empty (the driver syncs right after opening), which holds none of
            // the bytes, as the port allows.
            using (FileStream stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite))
            {
                stream.Seek(0, SeekOrigin.End);
                stream.Write(buffer, offset, count);
            }

            Changed(before, (before < 0 ? 0 : before) + count);
        }

        /// <inheritdoc/>
        public void Create(string name, byte[] buffer, int offset, int count)
        {
            string path = PathOf(name);
            if (File.Exists(path))
            {
                throw new IOException("exists: " + name);
            }

            using (FileStream stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
            {
                if (count > 0)
                {
                    stream.Write(buffer, offset, count);
                }
            }

            Changed(-1, count);
        }

        /// <inheritdoc/>
        public void Rename(string from, string to)
        {
            string target = PathOf(to);

            // littlefs's own rename would replace the target; the port promises to refuse instead.
            if (File.Exists(target))
            {
                throw new IOException("exists: " + to);
            }

            File.Move(PathOf(from), target);
            _mutations++;
        }

        /// <inheritdoc/>
        public void Delete(string name)
        {
            string path = PathOf(name);
            long before = LengthOrMissing(path);
            if (before < 0)
            {
                return;
            }

            File.Delete(path);
            Changed(before, -1);
        }

        /// <inheritdoc/>
        public string[] List(string prefix)
        {
            string[] paths = Directory.GetFiles(_folder);
            string[] matches = new string[paths.Length];
            int count = 0;
            for (int i = 0; i < paths.Length; i++)
            {
                string name = Path.GetFileName(paths[i]);
                if (name.StartsWith(prefix))
                {
                    matches[count] = name;
                    count++;
                }
            }

            string[] result = new string[count];
            Array.Copy(matches, result, count);
            return result;
        }

        private string PathOf(string name)
        {
            return _folder + "\\" + name;
        }

        private static long LengthOrMissing(string path)
        {
            return File.Exists(path) ? new FileInfo(path).Length : -1;
        }

        private void Changed(long lengthBefore, long lengthAfter)
        {
            if (_counted)
            {
                Account(lengthBefore, -1);
                Account(lengthAfter, 1);
            }

            _mutations++;
        }

        private void Count()
        {
            _directories = 0;
            _inlineBytes = 0;
            _blocks = 0;
            Walk(_driveRoot);
            _counted = true;
            _mutations = 0;
        }

        private void Walk(string directory)
        {
            _directories++;
            string[] files = Directory.GetFiles(directory);
            for (int i = 0; i < files.Length; i++)
            {
                Account(new FileInfo(files[i]).Length, 1);
            }

            string[] children = Directory.GetDirectories(directory);
            for (int i = 0; i < children.Length; i++)
            {
                Walk(children[i]);
            }
        }

        private void Account(long length, int sign)
        {
            if (length < 0)
            {
                return;
            }

            if (length <= InlineMaxBytes)
            {
                _inlineBytes += sign * (length + EntryBytes);
                return;
            }

            // A file's blocks form a CTZ skip list: block n carries (trailing zeros of n) + 1 pointers of
            // 4 bytes, under 8 bytes per block on average.
            long withPointers = length + (8 * ((length / BlockBytes) + 1));
            _inlineBytes += sign * EntryBytes;
            _blocks += sign * ((withPointers + BlockBytes - 1) / BlockBytes);
        }
    }
}
