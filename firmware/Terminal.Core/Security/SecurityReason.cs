namespace Terminal.Core.Security
{
    /// <summary>
    /// Why a card was refused. The value is the security event's <c>Transaction.Reference</c>,
    /// so values are part of the journal and wire format: never renumber.
    /// </summary>
    public enum SecurityReason
    {
        /// <summary>Not refused.</summary>
        None = 0,

        /// <summary>A record in our format whose MAC does not verify: forged, or an issued record
        /// edited. The terminal cannot tell the two apart without the key holder's records.</summary>
        BadMac = 1,

        /// <summary>A record made for another UID (its UID tag differs): copied onto this card.</summary>
        MovedRecord = 2,

        /// <summary>No credential, but the ledger knows the UID: a blank card given a member's UID.</summary>
        BlankKnownUid = 3,

        /// <summary>The record names a key version the terminal does not hold (retired, or never issued).</summary>
        UnknownKeyVersion = 4,

        /// <summary>A valid record, but the card refuses the UID's password: pages copied without it,
        /// or a card whose password attempts are used up (AUTHLIM).</summary>
        PasswordRejected = 5,

        /// <summary>The card accepted the password but answered the wrong PACK: an emulator that accepts anything.</summary>
        PackMismatch = 6,

        /// <summary>A valid record on a card without a readable NFC counter: not a genuine NTAG21x.</summary>
        CounterUnavailable = 7,

        /// <summary>The card refused to READ the record pages (read-protected by someone else, or not an NTAG21x).</summary>
        Unreadable = 8,

        /// <summary>Enrolment: the card is password-protected with a password this terminal did not set.</summary>
        ForeignPassword = 9,

        /// <summary>Enrolment: not an NXP NTAG213/215/216.</summary>
        UnsupportedCard = 10,

        /// <summary>Enrolment: the configuration pages are locked (CFG_LCK) in a state we cannot use.</summary>
        ConfigLocked = 11,

        /// <summary>Enrolment or re-sign: a write was refused, or the read-back differs from what was written.</summary>
        WriteFailed = 12,

        /// <summary>The keyring lacks the password key or a current record key.</summary>
        NotProvisioned = 13,
    }
}
