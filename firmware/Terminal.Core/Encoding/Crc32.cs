namespace Terminal.Core.Encoding
{
    /// <summary>CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320) over byte ranges.</summary>
    /// <remarks>Written here rather than taken from nanoFramework.System.IO.Hashing so the
    /// same code, with the same table, runs on the device, the host and the cloud.</remarks>
    public static class Crc32
    {
        private static readonly uint[] Table = BuildTable();

        private static uint[] BuildTable()
        {
            uint[] table = new uint[256];
            for (uint i = 0; i < 256; i++)
            {
                uint c = i;
                for (int k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                }

                table[i] = c;
            }

            return table;
        }

        /// <summary>CRC of <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
        public static uint Compute(byte[] data, int offset, int count)
        {
            return Finish(Update(Start(), data, offset, count));
        }

        /// <summary>Initial state for an incremental CRC.</summary>
        public static uint Start()
        {
            return 0xFFFFFFFFu;
        }

        /// <summary>Feeds bytes into an incremental CRC state.</summary>
        public static uint Update(uint state, byte[] data, int offset, int count)
        {
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                state = Table[(state ^ data[i]) & 0xFF] ^ (state >> 8);
            }

            return state;
        }

        /// <summary>Final CRC value from an incremental state.</summary>
        public static uint Finish(uint state)
        {
            return state ^ 0xFFFFFFFFu;
        }
    }
}
