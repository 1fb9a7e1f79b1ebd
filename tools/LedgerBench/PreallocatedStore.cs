using System;
using System.Collections.Generic;
using Terminal.Core.Ports;

namespace LedgerBench
{
    /// <summary>
    /// An in-memory store that allocates nothing once each file name has been seen: it exists so
    /// the benchmark can measure what the ledger itself allocates per tap, apart from any adapter.
    /// </summary>
    public sealed class PreallocatedStore : ILedgerStore
    {
        private readonly Dictionary<string, Entry> _files = new Dictionary<string, Entry>(StringComparer.Ordinal);

        public long FreeBytes => long.MaxValue / 2;

        /// <summary>Bytes this store allocated itself (a buffer for each new file name), to subtract.</summary>
        public long OwnAllocations { get; private set; }

        public static PreallocatedStore CopyOf(ILedgerStore source)
        {
            PreallocatedStore store = new PreallocatedStore();
            byte[] buffer = new byte[1 << 20];
            foreach (string name in source.List(string.Empty))
            {
                int n = source.Read(name, 0, buffer, 0, buffer.Length);
                store.Create(name, buffer, 0, n);
            }

            return store;
        }

        public bool Exists(string name) => _files.TryGetValue(name, out Entry e) && e.Exists;

        public int Length(string name) => _files.TryGetValue(name, out Entry e) && e.Exists ? e.Length : -1;

        public int Read(string name, int position, byte[] buffer, int offset, int count)
        {
            Entry e = _files[name];
            int n = Math.Max(0, Math.Min(count, e.Length - position));
            Buffer.BlockCopy(e.Data, position, buffer, offset, n);
            return n;
        }

        public void Append(string name, byte[] buffer, int offset, int count)
        {
            Entry e = Get(name);
            if (!e.Exists)
            {
                e.Exists = true;
                e.Length = 0;
            }

            Buffer.BlockCopy(buffer, offset, e.Data, e.Length, count);
            e.Length += count;
        }

        public void Create(string name, byte[] buffer, int offset, int count)
        {
            Entry e = Get(name);
            if (e.Exists)
            {
                throw new System.IO.IOException("exists: " + name);
            }

            e.Exists = true;
            e.Length = count;
            Buffer.BlockCopy(buffer, offset, e.Data, 0, count);
        }

        public void Rename(string from, string to)
        {
            Entry source = _files[from];
            Entry target = Get(to);
            if (target.Exists || !source.Exists)
            {
                throw new System.IO.IOException("rename " + from + " -> " + to);
            }

            // Swap the buffers so neither side allocates.
            (target.Data, source.Data) = (source.Data, target.Data);
            target.Length = source.Length;
            target.Exists = true;
            source.Exists = false;
        }

        public void Delete(string name)
        {
            if (_files.TryGetValue(name, out Entry e))
            {
                e.Exists = false;
            }
        }

        public string[] List(string prefix)
        {
            List<string> names = new List<string>();
            foreach (KeyValuePair<string, Entry> pair in _files)
            {
                if (pair.Value.Exists && pair.Key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    names.Add(pair.Key);
                }
            }

            return names.ToArray();
        }

        private Entry Get(string name)
        {
            if (!_files.TryGetValue(name, out Entry e))
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                e = new Entry();
                _files.Add(name, e);
                OwnAllocations += GC.GetAllocatedBytesForCurrentThread() - before;
            }

            return e;
        }

        private sealed class Entry
        {
            public byte[] Data = new byte[20000];
            public int Length;
            public bool Exists;
        }
    }
}
