namespace Terminal.Provision.Tests
{
    /// <summary>
    /// An independent, deliberately naive reading of both framings, used as the fuzzer's
    /// oracle: it does not share code with the device's FrameReader.
    /// </summary>
    internal static class ReferenceFrames
    {
        private static readonly byte[] ImprovHeader = { (byte)'I', (byte)'M', (byte)'P', (byte)'R', (byte)'O', (byte)'V', 1 };
        private static readonly byte[] VendorHeader = { 0xFE, (byte)'L', (byte)'T', (byte)'P', 1 };

        /// <summary>True when a complete, intact frame of either kind starts anywhere in the bytes.</summary>
        public static bool ContainsValidFrame(byte[] data)
        {
            for (int start = 0; start < data.Length; start++)
            {
                if (IsValidImprovAt(data, start) || IsValidVendorAt(data, start))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A complete Improv-shaped packet at <paramref name="start"/> whose checksum is wrong.</summary>
        public static bool IsCompleteImprovWithBadChecksumAt(byte[] data, int start)
        {
            if (!Starts(data, start, ImprovHeader) || data.Length < start + 9)
            {
                return false;
            }

            int end = start + 9 + data[start + 8];
            return end < data.Length && Sum(data, start, end) != data[end];
        }

        /// <summary>A complete vendor-shaped request at <paramref name="start"/> whose CRC is wrong.</summary>
        public static bool IsCompleteVendorRequestWithBadCrcAt(byte[] data, int start)
        {
            if (!Starts(data, start, VendorHeader) || data.Length < start + 10 || data[start + 5] != 0x51)
            {
                return false;
            }

            int length = data[start + 8] | (data[start + 9] << 8);
            int end = start + 10 + length;
            return length <= 512 && end + 4 <= data.Length && Crc(data, start, end) != ReadUInt32(data, end);
        }

        /// <summary>A vendor-shaped request header at <paramref name="start"/> announcing more than 512 bytes.</summary>
        public static bool IsOversizeVendorRequestAt(byte[] data, int start)
        {
            return Starts(data, start, VendorHeader) && data.Length >= start + 10 && data[start + 5] == 0x51
                && (data[start + 8] | (data[start + 9] << 8)) > 512;
        }

        private static bool IsValidImprovAt(byte[] data, int start)
        {
            if (!Starts(data, start, ImprovHeader) || data.Length < start + 9)
            {
                return false;
            }

            int end = start + 9 + data[start + 8];
            return end < data.Length && Sum(data, start, end) == data[end];
        }

        private static bool IsValidVendorAt(byte[] data, int start)
        {
            if (!Starts(data, start, VendorHeader) || data.Length < start + 10)
            {
                return false;
            }

            int length = data[start + 8] | (data[start + 9] << 8);
            int end = start + 10 + length;
            return length <= 512 && end + 4 <= data.Length && Crc(data, start, end) == ReadUInt32(data, end);
        }

        private static bool Starts(byte[] data, int start, byte[] header)
        {
            if (start + header.Length > data.Length)
            {
                return false;
            }

            for (int i = 0; i < header.Length; i++)
            {
                if (data[start + i] != header[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static byte Sum(byte[] data, int start, int end)
        {
            int s = 0;
            for (int i = start; i < end; i++)
            {
                s += data[i];
            }

            return (byte)s;
        }

        // Bitwise CRC-32 (IEEE, reflected), written independently of the core's table version.
        private static uint Crc(byte[] data, int start, int end)
        {
            uint crc = 0xFFFFFFFF;
            for (int i = start; i < end; i++)
            {
                crc ^= data[i];
                for (int k = 0; k < 8; k++)
                {
                    crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
                }
            }

            return ~crc;
        }

        private static uint ReadUInt32(byte[] data, int at) =>
            (uint)(data[at] | (data[at + 1] << 8) | (data[at + 2] << 16) | (data[at + 3] << 24));
    }
}
