namespace Terminal.Core.Encoding
{
    /// <summary>Little-endian integer reads and writes on byte arrays, without allocation.</summary>
    public static class LittleEndian
    {
        public static void WriteUInt16(byte[] buffer, int offset, ushort value)
        {
            buffer[offset] = (byte)value;
            buffer[offset + 1] = (byte)(value >> 8);
        }

        public static ushort ReadUInt16(byte[] buffer, int offset)
        {
            return (ushort)(buffer[offset] | (buffer[offset + 1] << 8));
        }

        public static void WriteUInt32(byte[] buffer, int offset, uint value)
        {
            buffer[offset] = (byte)value;
            buffer[offset + 1] = (byte)(value >> 8);
            buffer[offset + 2] = (byte)(value >> 16);
            buffer[offset + 3] = (byte)(value >> 24);
        }

        public static uint ReadUInt32(byte[] buffer, int offset)
        {
            return (uint)(buffer[offset] | (buffer[offset + 1] << 8) | (buffer[offset + 2] << 16) | (buffer[offset + 3] << 24));
        }

        public static void WriteInt32(byte[] buffer, int offset, int value)
        {
            WriteUInt32(buffer, offset, (uint)value);
        }

        public static int ReadInt32(byte[] buffer, int offset)
        {
            return (int)ReadUInt32(buffer, offset);
        }

        public static void WriteUInt64(byte[] buffer, int offset, ulong value)
        {
            WriteUInt32(buffer, offset, (uint)value);
            WriteUInt32(buffer, offset + 4, (uint)(value >> 32));
        }

        public static ulong ReadUInt64(byte[] buffer, int offset)
        {
            return ReadUInt32(buffer, offset) | ((ulong)ReadUInt32(buffer, offset + 4) << 32);
        }
        /// <summary>Largest value a 24-bit signed field holds (8,388,607).</summary>
        public const int Int24Max = 0x7FFFFF;

        /// <summary>Smallest value a 24-bit signed field holds (-8,388,608).</summary>
        public const int Int24Min = -0x800000;

        /// <summary>Writes the low 24 bits of <paramref name="value"/>; callers keep it within <see cref="Int24Min"/>..<see cref="Int24Max"/>.</summary>
        public static void WriteInt24(byte[] buffer, int offset, int value)
        {
            buffer[offset] = (byte)value;
            buffer[offset + 1] = (byte)(value >> 8);
            buffer[offset + 2] = (byte)(value >> 16);
        }

        /// <summary>Reads a 24-bit two's complement value, sign-extended.</summary>
        public static int ReadInt24(byte[] buffer, int offset)
        {
            int raw = buffer[offset] | (buffer[offset + 1] << 8) | (buffer[offset + 2] << 16);
            return (raw << 8) >> 8;
        }

        /// <summary>Writes the low 48 bits of <paramref name="value"/>.</summary>
        public static void WriteUInt48(byte[] buffer, int offset, ulong value)
        {
            WriteUInt32(buffer, offset, (uint)value);
            WriteUInt16(buffer, offset + 4, (ushort)(value >> 32));
        }

        /// <summary>Reads a 48-bit unsigned value.</summary>
        public static ulong ReadUInt48(byte[] buffer, int offset)
        {
            return ReadUInt32(buffer, offset) | ((ulong)ReadUInt16(buffer, offset + 4) << 32);
        }
    }
}
