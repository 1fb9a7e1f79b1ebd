using Terminal.Core.Encoding;

namespace Terminal.Core.Provisioning
{
    /// <summary>
    /// Reads fields from an untrusted payload. A read past the end, or text that is not UTF-8,
    /// turns <see cref="Failed"/> true and yields zero / null instead of throwing.
    /// </summary>
    public sealed class PayloadReader
    {
        private byte[] _buffer;
        private int _position;
        private int _end;

        /// <summary>Starts reading <paramref name="count"/> bytes at <paramref name="offset"/>.</summary>
        public void Reset(byte[] buffer, int offset, int count)
        {
            _buffer = buffer;
            _position = offset;
            _end = offset + count;
            Failed = false;
        }

        /// <summary>True once any read went wrong.</summary>
        public bool Failed { get; private set; }

        /// <summary>Bytes not read yet.</summary>
        public int Remaining
        {
            get { return _end - _position; }
        }

        /// <summary>Where the next read starts in the buffer.</summary>
        public int Position
        {
            get { return _position; }
        }

        /// <summary>True when everything was read and nothing failed.</summary>
        public bool AtEndCleanly
        {
            get { return !Failed && _position == _end; }
        }

        /// <summary>One byte.</summary>
        public int ReadByte()
        {
            if (!Take(1))
            {
                return 0;
            }

            return _buffer[_position - 1];
        }

        /// <summary>Unsigned 16-bit, little-endian.</summary>
        public int ReadUInt16()
        {
            if (!Take(2))
            {
                return 0;
            }

            return LittleEndian.ReadUInt16(_buffer, _position - 2);
        }

        /// <summary>Unsigned 32-bit, little-endian.</summary>
        public uint ReadUInt32()
        {
            if (!Take(4))
            {
                return 0;
            }

            return LittleEndian.ReadUInt32(_buffer, _position - 4);
        }

        /// <summary>Skips <paramref name="count"/> bytes and returns where they start, or -1.</summary>
        public int Skip(int count)
        {
            if (!Take(count))
            {
                return -1;
            }

            return _position - count;
        }

        /// <summary>A string with a one-byte length.</summary>
        public string ReadString8()
        {
            return Text(ReadByte());
        }

        /// <summary>A string with a 16-bit length.</summary>
        public string ReadString16()
        {
            return Text(ReadUInt16());
        }

        private string Text(int length)
        {
            if (Failed || !Take(length))
            {
                return null;
            }

            string s = Utf8.Decode(_buffer, _position - length, length);
            if (s == null)
            {
                Failed = true;
            }

            return s;
        }

        private bool Take(int count)
        {
            if (Failed || count < 0 || _position + count > _end)
            {
                Failed = true;
                return false;
            }

            _position += count;
            return true;
        }
    }
}
