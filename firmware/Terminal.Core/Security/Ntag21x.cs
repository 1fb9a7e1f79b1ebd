namespace Terminal.Core.Security
{
    /// <summary>
    /// Facts from the NXP NTAG213/215/216 product data sheet (Rev. 3.2; section numbers refer to it)
    /// that the credential scheme depends on. NTAG215 is the default card.
    /// </summary>
    public static class Ntag21x
    {
        /// <summary>§8.5: bytes per page.</summary>
        public const int PageSize = 4;

        /// <summary>§10.2: a READ returns 4 pages.</summary>
        public const int ReadSize = 16;

        /// <summary>§8.5.4/§8.5.5: first page of user memory (pages 0-2 hold the UID and static lock bytes, 3 the CC).</summary>
        public const byte FirstUserPage = 4;

        /// <summary>§8.8: bytes of the originality signature (ECC over the UID, secp128r1).</summary>
        public const int SignatureSize = 32;

        /// <summary>§10.1: bytes of the GET_VERSION answer.</summary>
        public const int VersionSize = 8;

        /// <summary>§10.1, Table "GET_VERSION response": vendor ID of NXP.</summary>
        public const byte VendorNxp = 0x04;

        /// <summary>§10.1: product type NTAG.</summary>
        public const byte ProductNtag = 0x04;

        /// <summary>§8.5.7, Table 11: ACCESS bit 7, PROT: 1 = the password also protects reads.</summary>
        public const byte AccessProt = 0x80;

        /// <summary>§8.5.7: ACCESS bit 6, CFG_LCK: 1 = CFG0/CFG1 permanently write-locked.</summary>
        public const byte AccessCfgLock = 0x40;

        /// <summary>§8.5.7 and §8.6: ACCESS bit 4, NFC_CNT_EN: 1 = the NFC counter counts.</summary>
        public const byte AccessNfcCounterEnable = 0x10;

        /// <summary>§8.5.7: ACCESS bit 3, NFC_CNT_PWD_PROT: 1 = READ_CNT needs the password.</summary>
        public const byte AccessNfcCounterPasswordProtected = 0x08;

        /// <summary>§8.5.7 and §8.7.2: ACCESS bits 2-0, AUTHLIM: at most 2^AUTHLIM failed PWD_AUTH
        /// attempts, after which PWD_AUTH is refused for ever (0 = unlimited).</summary>
        public const byte AccessAuthLimitMask = 0x07;

        /// <summary>§8.5.7, Table 10: MIRROR byte bit 2, STRG_MOD_EN (strong modulation, default on).</summary>
        public const byte MirrorStrongModulation = 0x04;

        /// <summary>§8.5.7: AUTH0 value that protects nothing (delivery state).</summary>
        public const byte Auth0Disabled = 0xFF;

        /// <summary>§8.6: the NFC counter is 24 bits and stops at its maximum.</summary>
        public const uint CounterMax = 0xFFFFFF;

        /// <summary>§10.1: GET_VERSION storage-size byte of an NTAG213.</summary>
        public const byte StorageNtag213 = 0x0F;

        /// <summary>§10.1: GET_VERSION storage-size byte of an NTAG215.</summary>
        public const byte StorageNtag215 = 0x11;

        /// <summary>§10.1: GET_VERSION storage-size byte of an NTAG216.</summary>
        public const byte StorageNtag216 = 0x13;

        /// <summary>
        /// Address of CFG0 for a card of this GET_VERSION storage-size byte, 0 when not an NTAG21x
        /// (§8.5, Tables 4-6: NTAG213 29h, NTAG215 83h, NTAG216 E3h). CFG1, PWD and PACK follow it:
        /// CFG0 = MIRROR, RFUI, MIRROR_PAGE, AUTH0; CFG1 = ACCESS, RFUI x3; PWD (reads as 00h);
        /// PACK, RFUI x2 (reads as 00h). The dynamic lock bytes sit one page before CFG0.
        /// </summary>
        public static byte ConfigPage(byte storageSize)
        {
            switch (storageSize)
            {
                case StorageNtag213:
                    return 0x29;
                case StorageNtag215:
                    return 0x83;
                case StorageNtag216:
                    return 0xE3;
                default:
                    return 0;
            }
        }

        /// <summary>Number of pages of the card whose CFG0 is at <paramref name="configPage"/> (PACK is the last page).</summary>
        public static int PageCount(byte configPage)
        {
            return configPage + 4;
        }

        /// <summary>§8.7.2: how many failed PWD_AUTH attempts an AUTHLIM value allows (0 = unlimited).</summary>
        public static int AttemptsAllowed(int authLimit)
        {
            return authLimit == 0 ? 0 : 1 << authLimit;
        }
    }
}
