using System;
using System.IO;
using Terminal.Core.Ports;

namespace Terminal.Provision.DeviceSim
{
    /// <summary>
    /// <see cref="ILedgerStore"/> on a host directory, one file per name, with a simulated
    /// partition size. Tool-local stand-in until the host store adapter lands in Terminal.Host.
    /// </summary>
    public sealed class DirectoryStore : ILedgerStore
    {
        private readonly string _root;
        private readonly long _capacity;

        public DirectoryStore(string root, long capacity = 256 * 1024)
        {
            _root = root;
            _capacity = capacity;
            Directory.CreateDirectory(root);
        }

        public long FreeBytes
        {
            get
            {
                long used = 0;
                foreach (string f in Directory.GetFiles(_root))
                {
                    used += new FileInfo(f).Length;
                }

                return _capacity - used;
            }
        }

        public bool Exists(string name) => File.Exists(PathOf(name));

        public int Length(string name) => File.Exists(PathOf(name)) ? (int)new FileInfo(PathOf(name)).Length : -1;

        public int Read(string name, int position, byte[] buffer, int offset, int count)
        {
            using var f = new FileStream(PathOf(name), FileMode.Open, FileAccess.Read);
            f.Position = position;
            int total = 0;
            int n;
            while (total < count && (n = f.Read(buffer, offset + total, count - total)) > 0)
            {
                total += n;
            }

            return total;
        }

        public void Append(string name, byte[] buffer, int offset, int count)
        {
            using var f = new FileStream(PathOf(name), FileMode.Append, FileAccess.Write);
            f.Write(buffer, offset, count);
            f.Flush(true);
        }

        public void Create(string name, byte[] buffer, int offset, int count)
        {
            using var f = new FileStream(PathOf(name), FileMode.CreateNew, FileAccess.Write);
            f.Write(buffer, offset, count);
            f.Flush(true);
        }

        public void Rename(string from, string to) => File.Move(PathOf(from), PathOf(to), overwrite: false);

        public void Delete(string name) => File.Delete(PathOf(name));

        public string[] List(string prefix)
        {
            string[] files = Directory.GetFiles(_root, prefix + "*");
            for (int i = 0; i < files.Length; i++)
            {
                files[i] = Path.GetFileName(files[i]);
            }

            return files;
        }

        private string PathOf(string name)
        {
            if (name.Length == 0 || name.IndexOfAny(new[] { '/', '\\' }) >= 0 || name.StartsWith('.'))
            {
                throw new ArgumentException("bad store name: " + name);
            }

            return Path.Combine(_root, name);
        }
    }
}
