using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using Terminal.Core.Ports;

namespace Terminal.Host
{
    /// <summary>
    /// <see cref="ILedgerStore"/> on a host directory, with the device's contract made durable:
    /// every mutating call opens, writes, <c>fsync</c>s (<see cref="FileStream.Flush(bool)"/>) and
    /// closes, and calls that create, rename or delete a name also <c>fsync</c> the directory
    /// (on Linux and macOS), so a returned call survives a power cut of the host.
    /// <list type="bullet">
    /// <item>An append that fails part-way is truncated back, so the file holds all of it or none.
    /// (A host power cut can still tear an append; the ledger's CRC frames detect that.)</item>
    /// <item>Rename never overwrites (<see cref="File.Move(string, string, bool)"/> with
    /// <c>overwrite: false</c>), as on the device's LittleFS.</item>
    /// <item><see cref="FreeBytes"/> is the volume's free space, or what is left of
    /// <see cref="CapacityBytes"/> when a capacity is set (to play a small flash partition).</item>
    /// </list>
    /// Used by the simulator and the ledger benchmark. Not thread-safe, like the ledger.
    /// </summary>
    public sealed class DirectoryLedgerStore : ILedgerStore
    {
        private readonly Dictionary<string, string> _paths = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>Opens (and creates if needed) the directory.</summary>
        /// <param name="directory">Where the ledger's files live; nothing else should be in it.</param>
        /// <param name="capacityBytes">Size of the pretend partition; 0 for the volume's free space.</param>
        /// <param name="durable">False skips every fsync (fast, for simulations that never lose power).</param>
        public DirectoryLedgerStore(string directory, long capacityBytes = 0, bool durable = true)
        {
            Directory = Path.GetFullPath(directory);
            CapacityBytes = capacityBytes;
            Durable = durable;
            System.IO.Directory.CreateDirectory(Directory);
        }

        /// <summary>The directory holding the files.</summary>
        public string Directory { get; }

        /// <summary>Pretend partition size (0: the volume's free space counts).</summary>
        public long CapacityBytes { get; }

        /// <summary>True when every mutating call is fsynced.</summary>
        public bool Durable { get; }

        /// <inheritdoc/>
        public long FreeBytes
        {
            get
            {
                if (CapacityBytes <= 0)
                {
                    return new DriveInfo(Directory).AvailableFreeSpace;
                }

                // Whole 4 KiB blocks per file, as a flash file system would count them.
                long used = 0;
                foreach (string file in System.IO.Directory.EnumerateFiles(Directory))
                {
                    used += (new FileInfo(file).Length + 4095) / 4096 * 4096;
                }

                return Math.Max(0, CapacityBytes - used);
            }
        }

        /// <inheritdoc/>
        public bool Exists(string name) => File.Exists(PathOf(name));

        /// <inheritdoc/>
        public int Length(string name)
        {
            FileInfo info = new FileInfo(PathOf(name));
            return info.Exists ? checked((int)info.Length) : -1;
        }

        /// <inheritdoc/>
        public int Read(string name, int position, byte[] buffer, int offset, int count)
        {
            using FileStream stream = new FileStream(PathOf(name), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
            if (position >= stream.Length)
            {
                return 0;
            }

            stream.Position = position;
            int total = 0;
            while (total < count)
            {
                int n = stream.Read(buffer, offset + total, count - total);
                if (n == 0)
                {
                    break;
                }

                total += n;
            }

            return total;
        }

        /// <inheritdoc/>
        public void Append(string name, byte[] buffer, int offset, int count)
        {
            string path = PathOf(name);
            bool existed = File.Exists(path);
            using (FileStream stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 1, FileOptions.None))
            {
                long before = stream.Length;
                try
                {
                    stream.Write(buffer, offset, count);
                    if (Durable)
                    {
                        stream.Flush(true);
                    }
                }
                catch (IOException)
                {
                    // All of it or none: cut back what may have reached the file (a full disk, typically).
                    stream.SetLength(before);
                    throw;
                }
            }

            if (!existed)
            {
                SyncDirectory();
            }
        }

        /// <inheritdoc/>
        public void Create(string name, byte[] buffer, int offset, int count)
        {
            using (FileStream stream = new FileStream(PathOf(name), FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1, FileOptions.None))
            {
                stream.Write(buffer, offset, count);
                if (Durable)
                {
                    stream.Flush(true);
                }
            }

            SyncDirectory();
        }

        /// <inheritdoc/>
        public void Rename(string from, string to)
        {
            File.Move(PathOf(from), PathOf(to), overwrite: false);
            SyncDirectory();
        }

        /// <inheritdoc/>
        public void Delete(string name)
        {
            string path = PathOf(name);
            if (!File.Exists(path))
            {
                return;
            }

            File.Delete(path);
            SyncDirectory();
        }

        /// <inheritdoc/>
        public string[] List(string prefix)
        {
            List<string> names = new List<string>();
            foreach (string file in System.IO.Directory.EnumerateFiles(Directory))
            {
                string name = Path.GetFileName(file);
                if (name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    names.Add(name);
                }
            }

            return names.ToArray();
        }

        private string PathOf(string name)
        {
            // The ledger passes the same few name strings again and again: build each path once.
            if (!_paths.TryGetValue(name, out string? path))
            {
                if (name.Length == 0 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name == "." || name == "..")
                {
                    throw new ArgumentException("Not a plain file name: " + name, nameof(name));
                }

                path = Path.Combine(Directory, name);
                if (_paths.Count > 4096)
                {
                    _paths.Clear();
                }

                _paths.Add(name, path);
            }

            return path;
        }

        /// <summary>Makes a created, renamed or deleted name durable (the directory entry itself).</summary>
        private void SyncDirectory()
        {
            if (!Durable || !(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD()))
            {
                // Windows (NTFS) journals directory changes itself and cannot fsync a directory.
                return;
            }

            int fd = NativeMethods.open(Directory, 0);
            if (fd < 0)
            {
                throw new IOException("Cannot open directory for fsync: " + Directory + " (errno " + Marshal.GetLastPInvokeError() + ")");
            }

            try
            {
                if (NativeMethods.fsync(fd) != 0)
                {
                    throw new IOException("fsync of directory failed: " + Directory + " (errno " + Marshal.GetLastPInvokeError() + ")");
                }
            }
            finally
            {
                NativeMethods.close(fd);
            }
        }

        private static class NativeMethods
        {
            [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
#pragma warning disable SA1300, IDE1006 // libc names
            public static extern int open(string path, int flags);

            [DllImport("libc", SetLastError = true)]
            public static extern int fsync(int fd);

            [DllImport("libc", SetLastError = true)]
            public static extern int close(int fd);
#pragma warning restore SA1300, IDE1006
        }
    }
}
