using Terminal.Core.Encoding;

namespace Terminal.Core.Domain
{
    /// <summary>
    /// The journal's CRC-framed record format (docs/adr/0002). A frame is
    /// <c>0xA5, version, payload (44 bytes), CRC-32 of the first 46 bytes</c>: 50 bytes.
    /// A torn or corrupted frame fails its CRC and recovery stops there.
    /// <para>
    /// Every kind but one uses the visit layout (kind, flags, UID length, category, sequence, time,
    /// UID padded to 10, amount, points, voucher, discount, reference, counter). A
    /// <see cref="TransactionKind.CardEvidence"/> frame carries 32 evidence bytes instead, which leave
    /// no room for the rest: payload = kind (1), sequence (4), UID (7: NTAG21x UIDs are always 7
    /// bytes), evidence (32) = 44. Flags, time and the numeric fields are 0 after decoding; the record
    /// takes its time from the Enrol it follows (sequence - 1, same UID, same commit).
    /// </para>
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

        /// <summary>UID length of a <see cref="TransactionKind.CardEvidence"/> record (the only one its frame holds).</summary>
        public const int EvidenceUidLength = 7;

        /// <summary>
        /// Writes a frame at <paramref name="offset"/>; returns <see cref="FrameLength"/>. Throws
        /// <see cref="System.ArgumentException"/> for a card-evidence record whose UID is not 7 bytes.
        /// </summary>
        public static int Encode(Transaction t, byte[] buffer, int offset)
        {
            if (t.Kind == TransactionKind.CardEvidence && t.Uid.Length != EvidenceUidLength)
            {
                throw new System.ArgumentException("card evidence needs a 7-byte UID");
            }

            int p = offset;
            buffer[p] = Magic;
            buffer[p + 1] = Version;
            p += 2;
            if (t.Kind == TransactionKind.CardEvidence)
            {
                buffer[p] = (byte)t.Kind;
                LittleEndian.WriteUInt32(buffer, p + 1, t.Sequence);
                System.Array.Copy(t.Uid.Bytes, 0, buffer, p + 5, EvidenceUidLength);
                System.Array.Copy(t.Evidence, 0, buffer, p + 5 + EvidenceUidLength, Transaction.EvidenceLength);
                uint evidenceCrc = Crc32.Compute(buffer, offset, 2 + PayloadLength);
                LittleEndian.WriteUInt32(buffer, offset + 2 + PayloadLength, evidenceCrc);
                return FrameLength;
            }

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
            if (buffer[p] == (byte)TransactionKind.CardEvidence)
            {
                t.Clear();
                t.Kind = TransactionKind.CardEvidence;
                t.Sequence = LittleEndian.ReadUInt32(buffer, p + 1);
                t.Uid.Set(buffer, p + 5, EvidenceUidLength);
                System.Array.Copy(buffer, p + 5 + EvidenceUidLength, t.Evidence, 0, Transaction.EvidenceLength);
                return true;
            }

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

            // Records are reused: a visit decoded after a card-evidence record must not keep its bytes.
            System.Array.Clear(t.Evidence, 0, Transaction.EvidenceLength);
            return true;
        }
    }
}
