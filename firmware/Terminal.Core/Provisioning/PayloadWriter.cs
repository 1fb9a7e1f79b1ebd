using Terminal.Core.Encoding;

namespace Terminal.Core.Provisioning
{
    /// <summary>
    /// Appends fields to a frame payload in place. Once a field does not fit, <see cref="Overflow"/>
    /// turns true and further writes are ignored, so callers check once at the end.
    /// </summary>
    public sealed class PayloadWriter
    {
        private byte[] _buffer;
        private int _start;
        private int _position;
        private int _limit;

        /// <summary>Starts writing at <paramref name="offset"/>, at most <paramref name="capacity"/> bytes.</summary>
        public void Reset(byte[] buffer, int offset, int capacity)
        {
            _buffer = buffer;
            _start = offset;
            _position = offset;
            _limit = offset + capacity;
            Overflow = false;
        }

        /// <summary>Bytes written so far.</summary>
        public int Length
        {
            get { return _position - _start; }
        }

        /// <summary>True when a write did not fit.</summary>
        public bool Overflow { get; private set; }

        /// <summary>One byte.</summary>
        public void WriteByte(int value)
        {
            if (Room(1))
            {
                _buffer[_position++] = (byte)value;
            }
        }

        /// <summary>Unsigned 16-bit, little-endian.</summary>
        public void WriteUInt16(int value)
        {
            if (Room(2))
            {
                LittleEndian.WriteUInt16(_buffer, _position, (ushort)value);
                _position += 2;
            }
        }

        /// <summary>Unsigned 32-bit, little-endian.</summary>
        public void WriteUInt32(uint value)
        {
            if (Room(4))
            {
                LittleEndian.WriteUInt32(_buffer, _position, value);
                _position += 4;
            }
        }

        /// <summary>Raw bytes.</summary>
        public void WriteBytes(byte[] data, int offset, int count)
        {
            if (Room(count))
            {
                System.Array.Copy(data, offset, _buffer, _position, count);
                _position += count;
            }
        }

        /// <summary>A string as one length byte and UTF-8 (at most 255 bytes).</summary>
        public void WriteString8(string text)
        {
            byte[] bytes = Utf8.Encode(text);
            if (bytes.Length > 255)
            {
                Overflow = true;
                return;
            }

            WriteByte(bytes.Length);
            WriteBytes(bytes, 0, bytes.Length);
        }

        /// <summary>A string as a 16-bit length and UTF-8.</summary>
        public void WriteString16(string text)
        {
            byte[] bytes = Utf8.Encode(text);
            WriteUInt16(bytes.Length);
            WriteBytes(bytes, 0, bytes.Length);
        }

        private bool Room(int count)
        {
            if (Overflow || _position + count > _limit)
            {
                Overflow = true;
                return false;
            }

            return true;
        }
    }
}
