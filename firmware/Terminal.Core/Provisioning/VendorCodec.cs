using Terminal.Core.Encoding;

namespace Terminal.Core.Provisioning
{
    /// <summary>
    /// Frames of the loyalty (vendor) protocol that shares the service port with Improv:
    /// <code>
    /// 0  4  magic FE 4C 54 50 (0xFE, "LTP")
    /// 4  1  version 0x01
    /// 5  1  kind: 0x51 'Q' request (host to device), 0x52 'R' response
    /// 6  1  sequence number, echoed by the response
    /// 7  1  command (<see cref="VendorCommand"/>)
    /// 8  2  payload length, little-endian, at most <see cref="MaxPayload"/>
    /// 10 n  payload (responses start with a <see cref="VendorStatus"/> byte)
    /// .. 4  CRC-32 (IEEE) of bytes 0 .. 10+n-1, little-endian
    /// </code>
    /// 0xFE never occurs in UTF-8 text, so neither a log line nor an Improv packet can start one,
    /// and an Improv parser skips it while hunting for "IMPROV". Reasoning: docs/adr/0006.
    /// </summary>
    public static class VendorCodec
    {
        /// <summary>Protocol version.</summary>
        public const byte Version = 0x01;

        /// <summary>Kind byte of a request.</summary>
        public const byte KindRequest = 0x51;

        /// <summary>Kind byte of a response.</summary>
        public const byte KindResponse = 0x52;

        /// <summary>Bytes before the payload.</summary>
        public const int PrefixLength = 10;

        /// <summary>Bytes after the payload (CRC-32).</summary>
        public const int TrailerLength = 4;

        /// <summary>Largest payload either side accepts.</summary>
        public const int MaxPayload = 512;

        /// <summary>Largest frame.</summary>
        public const int MaxFrame = PrefixLength + MaxPayload + TrailerLength;

        /// <summary>Magic bytes: 0xFE, 'L', 'T', 'P'.</summary>
        public static byte MagicByte(int index)
        {
            switch (index)
            {
                case 0: return 0xFE;
                case 1: return 0x4C;
                case 2: return 0x54;
                default: return 0x50;
            }
        }

        /// <summary>
        /// Completes a frame whose payload is already at <c>offset + PrefixLength</c>: writes
        /// the prefix and the CRC. Returns the frame length.
        /// </summary>
        public static int Frame(byte kind, byte sequence, byte command, byte[] output, int offset, int payloadLength)
        {
            for (int i = 0; i < 4; i++)
            {
                output[offset + i] = MagicByte(i);
            }

            output[offset + 4] = Version;
            output[offset + 5] = kind;
            output[offset + 6] = sequence;
            output[offset + 7] = command;
            LittleEndian.WriteUInt16(output, offset + 8, (ushort)payloadLength);
            int crcAt = offset + PrefixLength + payloadLength;
            LittleEndian.WriteUInt32(output, crcAt, Crc32.Compute(output, offset, PrefixLength + payloadLength));
            return PrefixLength + payloadLength + TrailerLength;
        }

        /// <summary>True when the CRC at the end of a complete frame matches.</summary>
        public static bool IsIntact(byte[] buffer, int offset, int frameLength)
        {
            int body = frameLength - TrailerLength;
            return Crc32.Compute(buffer, offset, body) == LittleEndian.ReadUInt32(buffer, offset + body);
        }
    }
}
