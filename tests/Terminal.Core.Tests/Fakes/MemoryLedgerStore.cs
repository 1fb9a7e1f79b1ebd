using System.Collections;
using Terminal.Core.Ports;

namespace Terminal.Core.Tests.Fakes
{
    /// <summary>
    /// In-memory <see cref="ILedgerStore"/> with the LittleFS contract (atomic calls, rename that
    /// refuses an existing target). Counts commits so tests can check "one close per tap".
    /// </summary>
    public sealed class MemoryLedgerStore : ILedgerStore
    {
        private readonly Hashtable _files = new Hashtable();

        /// <summary>Creates a store reporting <paramref name="freeBytes"/> of free space.</summary>
        public MemoryLedgerStore(long freeBytes)
        {
            Free = freeBytes;
        }

        /// <summary>Creates a roomy store.</summary>
        public MemoryLedgerStore()
            : this(1024 * 1024)
        {
        }

        /// <summary>Free space reported (tests lower it to simulate a full partition).</summary>
        public long Free { get; set; }

        /// <summary>Mutating calls so far (each is one close on the device).</summary>
        public int Commits { get; private set; }

        /// <summary>Bytes passed to Append and Create.</summary>
        public long BytesWritten { get; private set; }

        /// <inheritdoc/>
        public long FreeBytes
        {
            get { return Free; }
        }

        /// <inheritdoc/>
        public bool Exists(string name)
        {
            return _files.Contains(name);
        }

        /// <inheritdoc/>
        public int Length(string name)
        {
            byte[] data = (byte[])_files[name];
            return data == null ? -1 : data.Length;
        }

        /// <inheritdoc/>
        public int Read(string name, int position, byte[] buffer, int offset, int count)
        {
            byte[] data = (byte[])_files[name];
            if (data == null)
            {
                throw new System.IO.IOException("no such file: " + name);
            }

            int n = data.Length - position;
            if (n > count)
            {
                n = count;
            }

            if (n <= 0)
            {
                return 0;
            }

            System.Array.Copy(data, position, buffer, offset, n);
            return n;
        }

        /// <inheritdoc/>
        public void Append(string name, byte[] buffer, int offset, int count)
        {
            byte[] old = (byte[])_files[name];
            int oldLength = old == null ? 0 : old.Length;
            byte[] data = new byte[oldLength + count];
            if (old != null)
            {
                System.Array.Copy(old, data, oldLength);
            }

            System.Array.Copy(buffer, offset, data, oldLength, count);
            _files[name] = data;
            Commits++;
            BytesWritten += count;
        }

        /// <inheritdoc/>
        public void Create(string name, byte[] buffer, int offset, int count)
        {
            if (_files.Contains(name))
            {
                throw new System.IO.IOException("exists: " + name);
            }

            byte[] data = new byte[count];
            System.Array.Copy(buffer, offset, data, 0, count);
            _files[name] = data;
            Commits++;
            BytesWritten += count;
        }

        /// <inheritdoc/>
        public void Rename(string from, string to)
        {
            if (_files.Contains(to))
            {
                throw new System.IO.IOException("exists: " + to);
            }

            object data = _files[from];
            if (data == null)
            {
                throw new System.IO.IOException("no such file: " + from);
            }

            _files.Remove(from);
            _files[to] = data;
            Commits++;
        }

        /// <inheritdoc/>
        public void Delete(string name)
        {
            if (_files.Contains(name))
            {
                _files.Remove(name);
                Commits++;
            }
        }

        /// <inheritdoc/>
        public string[] List(string prefix)
        {
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

        /// <summary>Replaces a file's bytes directly (to simulate corruption in tests); not a store operation.</summary>
        public void Poke(string name, byte[] data)
        {
            _files[name] = data;
        }
    }
}
