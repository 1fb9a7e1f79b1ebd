namespace Terminal.Core.Security
{
    /// <summary>
    /// Where and how the credential lives in NTAG21x user memory (ADR 0008). Two slots of 6 pages
    /// fill pages 4-15, which three READs (16 bytes each) fetch in one go. Each slot:
    /// <code>
    /// byte 0      format (high nibble, 1) | key version (low nibble, 1..15)
    /// byte 1      UID tag: low byte of CRC-32 of the UID, to tell a moved record from an edited one
    /// bytes 2-5   card serial (<see cref="CredentialSerial"/>), little-endian
    /// bytes 6-7   issue day: days since 2020-01-01 UTC, little-endian
    /// bytes 8-23  MAC: HMAC-SHA256(record key of that version, UID length | UID padded to 10 | bytes 0-7), first 16 bytes
    /// </code>
    /// A slot is written MAC first and page 0 (the format byte) last, so until the last WRITE lands
    /// it does not even look like a record: that WRITE is the commit.
    /// </summary>
    public static class CredentialLayout
    {
        /// <summary>Format version in the high nibble of byte 0.</summary>
        public const int Format = 1;

        /// <summary>First page of slot A (the first user page).</summary>
        public const byte SlotAPage = Ntag21x.FirstUserPage;

        /// <summary>First page of slot B.</summary>
        public const byte SlotBPage = SlotAPage + PagesPerSlot;

        /// <summary>Pages per slot.</summary>
        public const int PagesPerSlot = 6;

        /// <summary>Bytes per slot.</summary>
        public const int SlotSize = PagesPerSlot * Ntag21x.PageSize;

        /// <summary>Bytes before the MAC.</summary>
        public const int HeaderSize = 8;

        /// <summary>Bytes of the truncated MAC.</summary>
        public const int MacSize = 16;

        /// <summary>READs that fetch both slots.</summary>
        public const int ReadsForBothSlots = (2 * SlotSize) / Ntag21x.ReadSize;

        /// <summary>Bytes of the MAC input: UID length, UID padded to 10, header.</summary>
        public const int MacInputSize = 1 + 10 + HeaderSize;

        /// <summary>AUTH0 written at enrolment: every page from the first slot on needs the password to be written.</summary>
        public const byte ProtectFromPage = SlotAPage;

        /// <summary>AUTHLIM written at enrolment: 2^3 = 8 failed PWD_AUTH attempts, then the card refuses PWD_AUTH for ever.</summary>
        public const int AuthLimit = 3;

        /// <summary>CFG1 ACCESS written at enrolment: NFC counter on, AUTHLIM; PROT off (reads stay free),
        /// CFG_LCK off (a torn write of a locked configuration could never be repaired).</summary>
        public const byte Access = Ntag21x.AccessNfcCounterEnable | AuthLimit;

        /// <summary>Unix time of day 0 of the issue date.</summary>
        public const uint DayEpoch = 1577836800;

        /// <summary>First page of a slot (0 = A, 1 = B).</summary>
        public static byte SlotPage(int slot)
        {
            return slot == 0 ? SlotAPage : SlotBPage;
        }

        /// <summary>Issue day for a Unix time (0 before 2020, capped at 65535).</summary>
        public static int DayOf(uint unixSeconds)
        {
            if (unixSeconds < DayEpoch)
            {
                return 0;
            }

            uint day = (unixSeconds - DayEpoch) / 86400;
            return day > 65535 ? 65535 : (int)day;
        }

        /// <summary>The UID tag stored in byte 1.</summary>
        public static byte UidTag(byte[] uid, int offset, int length)
        {
            return (byte)Terminal.Core.Encoding.Crc32.Compute(uid, offset, length);
        }
    }
}
