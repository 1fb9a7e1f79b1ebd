using System.IO;
using Terminal.Core.Ports;

namespace Terminal.Core.Ledger.Harness
{
    /// <summary>
    /// Wraps any <see cref="ILedgerStore"/>: counts calls, commits and bytes, and optionally writes
    /// the operation trace (one line per call: operation, file, offset, length, rename target) so
    /// the cost of a run can be replayed on a real LittleFS elsewhere.
    /// </summary>
    public sealed class CountingLedgerStore : ILedgerStore
    {
        private readonly ILedgerStore _inner;

        public CountingLedgerStore(ILedgerStore inner)
        {
            _inner = inner;
        }

        /// <summary>Where the trace goes (null: no trace). Lines: <c>op,file,offset,length[,to]</c>.</summary>
        public TextWriter Trace { get; set; }

        public long Calls { get; private set; }

        /// <summary>Append, Create, Rename and Delete calls (a Delete of a missing file included).</summary>
        public long MutatingCalls { get; private set; }

        public long BytesWritten { get; private set; }

        public long BytesRead { get; private set; }

        public long FreeBytes
        {
            get
            {
                Calls++;
                Trace?.WriteLine("statfs,,0,0");
                return _inner.FreeBytes;
            }
        }

        public void ResetCounters()
        {
            Calls = 0;
            MutatingCalls = 0;
            BytesWritten = 0;
            BytesRead = 0;
        }

        public bool Exists(string name)
        {
            Calls++;
            Trace?.WriteLine("exists," + name + ",0,0");
            return _inner.Exists(name);
        }

        public int Length(string name)
        {
            Calls++;
            Trace?.WriteLine("length," + name + ",0,0");
            return _inner.Length(name);
        }

        public int Read(string name, int position, byte[] buffer, int offset, int count)
        {
            Calls++;
            int n = _inner.Read(name, position, buffer, offset, count);
            BytesRead += n;
            Trace?.WriteLine("read," + name + "," + position + "," + n);
            return n;
        }

        public void Append(string name, byte[] buffer, int offset, int count)
        {
            Calls++;
            if (Trace != null)
            {
                int length = _inner.Length(name);
                Trace.WriteLine("append," + name + "," + (length < 0 ? 0 : length) + "," + count);
            }

            _inner.Append(name, buffer, offset, count);
            MutatingCalls++;
            BytesWritten += count;
        }

        public void Create(string name, byte[] buffer, int offset, int count)
        {
            Calls++;
            Trace?.WriteLine("create," + name + ",0," + count);
            _inner.Create(name, buffer, offset, count);
            MutatingCalls++;
            BytesWritten += count;
        }

        public void Rename(string from, string to)
        {
            Calls++;
            Trace?.WriteLine("rename," + from + ",0,0," + to);
            _inner.Rename(from, to);
            MutatingCalls++;
        }

        public void Delete(string name)
        {
            Calls++;
            Trace?.WriteLine("delete," + name + ",0,0");
            _inner.Delete(name);
            MutatingCalls++;
        }

        public string[] List(string prefix)
        {
            Calls++;
            Trace?.WriteLine("list," + prefix + ",0,0");
            return _inner.List(prefix);
        }
    }
}
