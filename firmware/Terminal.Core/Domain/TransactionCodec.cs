using Terminal.Core.Encoding;

namespace Terminal.Core.Domain
{
    /// <summary>
    /// The journal's CRC-framed record format (docs/adr/0002). A frame is
    /// <c>0xA5, version, payload (44 bytes), CRC-32 of the first 46 bytes</c>: 50 bytes.
    /// A torn or corrupted frame fails its CRC and recovery stops there.
    /// </summary>
    public static class TransactionCodec
    {
        /// <summary>First byte of every frame.</summary>
        public const byte Magic = 0xA5;

        /// <summary>Format version written into byte 1.</summary>
        public const byte Version = 1;

        /// <summary>Payload bytes.</summary>
        public const int PayloadLength = 44;

        /// <summary>Bytes one record occupies on flash.</summary>
        public const int FrameLength = 2 + PayloadLength + 4;

        /// <summary>Writes a frame at <paramref name="offset"/>; returns <see cref="FrameLength"/>.</summary>
        public static int Encode(Transaction t, byte[] buffer, int offset)
        {
            int p = offset;
            buffer[p] = Magic;
            buffer[p + 1] = Version;
            p += 2;
            buffer[p] = (byte)t.Kind;
            buffer[p + 1] = t.Flags;
            buffer[p + 2] = (byte)t.Uid.Length;
            buffer[p + 3] = t.Category;
            LittleEndian.WriteUInt32(buffer, p + 4, t.Sequence);
            LittleEndian.WriteUInt32(buffer, p + 8, t.Timestamp);
            System.Array.Copy(t.Uid.Bytes, 0, buffer, p + 12, CardUid.MaxLength);
            LittleEndian.WriteInt32(buffer, p + 22, t.AmountMinor);
            LittleEndian.WriteInt32(buffer, p + 26, t.Points);
            LittleEndian.WriteUInt16(buffer, p + 30, t.VoucherId);
            LittleEndian.WriteInt32(buffer, p + 32, t.DiscountMinor);
            LittleEndian.WriteUInt32(buffer, p + 36, t.Reference);
            LittleEndian.WriteUInt32(buffer, p + 40, t.CardCounter);
            uint crc = Crc32.Compute(buffer, offset, 2 + PayloadLength);
            LittleEndian.WriteUInt32(buffer, offset + 2 + PayloadLength, crc);
            return FrameLength;
        }

        /// <summary>
        /// Decodes the frame at <paramref name="offset"/> into <paramref name="t"/>.
        /// Returns false, leaving <paramref name="t"/> unspecified, when fewer than
        /// <see cref="FrameLength"/> bytes remain, the magic or version is wrong, or the CRC fails.
        /// </summary>
        public static bool TryDecode(byte[] buffer, int offset, int available, Transaction t)
        {
            if (available < FrameLength || buffer[offset] != Magic || buffer[offset + 1] != Version)
            {
                return false;
            }

            uint crc = Crc32.Compute(buffer, offset, 2 + PayloadLength);
            if (crc != LittleEndian.ReadUInt32(buffer, offset + 2 + PayloadLength))
            {
                return false;
            }

            int p = offset + 2;
            int uidLength = buffer[p + 2];
            if (uidLength != 0 && !CardUid.IsValidLength(uidLength))
            {
                return false;
            }

            t.Kind = (TransactionKind)buffer[p];
            t.Flags = buffer[p + 1];
            t.Category = buffer[p + 3];
            t.Sequence = LittleEndian.ReadUInt32(buffer, p + 4);
            t.Timestamp = LittleEndian.ReadUInt32(buffer, p + 8);
            if (uidLength == 0)
            {
                t.Uid.Clear();
            }
            else
            {
                t.Uid.Set(buffer, p + 12, uidLength);
            }

            t.AmountMinor = LittleEndian.ReadInt32(buffer, p + 22);
            t.Points = LittleEndian.ReadInt32(buffer, p + 26);
            t.VoucherId = LittleEndian.ReadUInt16(buffer, p + 30);
            t.DiscountMinor = LittleEndian.ReadInt32(buffer, p + 32);
            t.Reference = LittleEndian.ReadUInt32(buffer, p + 36);
            t.CardCounter = LittleEndian.ReadUInt32(buffer, p + 40);
            return true;
        }
    }
}
