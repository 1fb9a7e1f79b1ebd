using Terminal.Core.Domain;
using Terminal.Core.Ports;

namespace Terminal.Core.Ledger
{
    /// <summary>
    /// Reads CRC-framed records from one journal file through a fixed buffer.
    /// Stops at the end of the file or at the first frame that fails its check.
    /// </summary>
    public sealed class JournalScanner
    {
        private readonly byte[] _buffer;
        private ILedgerStore _store;
        private string _name;
        private int _fileLength;
        private int _filePosition;
        private int _start;
        private int _end;

        /// <summary>Creates a scanner reading in chunks of the buffer's size (at least two frames).</summary>
        public JournalScanner(byte[] buffer)
        {
            _buffer = buffer;
        }

        /// <summary>Bytes of the file covered by valid frames so far.</summary>
        public int ValidLength { get; private set; }

        /// <summary>True when the scan stopped at bytes that are not a valid frame.</summary>
        public bool Corrupt { get; private set; }

        /// <summary>Bytes read from the store since the file was opened.</summary>
        public int BytesRead { get; private set; }

        /// <summary>Starts scanning <paramref name="name"/> from the beginning.</summary>
        public void Open(ILedgerStore store, string name)
        {
            Open(store, name, 0);
        }

        /// <summary>
        /// Starts scanning <paramref name="name"/> at byte <paramref name="position"/>, a frame
        /// boundary; the bytes before it count as valid.
        /// </summary>
        public void Open(ILedgerStore store, string name, int position)
        {
            _store = store;
            _name = name;
            _fileLength = store.Length(name);
            if (_fileLength < 0)
            {
                _fileLength = 0;
            }

            if (position > _fileLength)
            {
                position = _fileLength;
            }

            _filePosition = position;
            _start = 0;
            _end = 0;
            ValidLength = position;
            Corrupt = false;
            BytesRead = 0;
        }

        /// <summary>Decodes the next record into <paramref name="t"/> without moving past it; false at the end or at a bad frame.</summary>
        public bool Peek(Transaction t)
        {
            if (Corrupt)
            {
                return false;
            }

            if (_end - _start < TransactionCodec.FrameLength)
            {
                Refill();
            }

            int available = _end - _start;
            return available > 0 && TransactionCodec.TryDecode(_buffer, _start, available, t);
        }

        /// <summary>Decodes the next record into <paramref name="t"/>; false at the end or at a bad frame.</summary>
        public bool Next(Transaction t)
        {
            if (Corrupt)
            {
                return false;
            }

            if (_end - _start < TransactionCodec.FrameLength)
            {
                Refill();
            }

            int available = _end - _start;
            if (available == 0)
            {
                return false;
            }

            if (!TransactionCodec.TryDecode(_buffer, _start, available, t))
            {
                Corrupt = true;
                return false;
            }

            _start += TransactionCodec.FrameLength;
            ValidLength += TransactionCodec.FrameLength;
            return true;
        }

        private void Refill()
        {
            int remaining = _end - _start;
            if (remaining > 0 && _start > 0)
            {
                System.Array.Copy(_buffer, _start, _buffer, 0, remaining);
            }

            _start = 0;
            _end = remaining;
            int want = _buffer.Length - _end;
            int left = _fileLength - _filePosition;
            if (want > left)
            {
                want = left;
            }

            if (want > 0)
            {
                int read = _store.Read(_name, _filePosition, _buffer, _end, want);
                _filePosition += read;
                _end += read;
                BytesRead += read;
            }
        }
    }
}
