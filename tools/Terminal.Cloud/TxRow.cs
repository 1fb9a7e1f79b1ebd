namespace Terminal.Cloud
{
    /// <summary>
    /// One transaction as the cloud stores it (columns of <c>transactions</c>). <paramref name="Sig"/> is
    /// the 64-hex-digit evidence of a card-evidence record (kind 7, stored in <c>sec_card_evidence</c>),
    /// null for every other kind.
    /// </summary>
    public sealed record TxRow(
        long Seq, int Kind, long Ts, string? Uid, int Amount, int Category, int Points,
        int Voucher, int Discount, long Reference, long Counter, int Flags, string? Sig = null)
    {
        /// <summary>Kind value of a card-evidence record (Terminal.Core.Domain.TransactionKind.CardEvidence).</summary>
        public const int CardEvidenceKind = 7;

        /// <summary>Kind value of a security event (a card the terminal refused).</summary>
        public const int SecurityEventKind = 6;

        /// <summary>Kind value of an enrolment.</summary>
        public const int EnrolKind = 4;

        /// <summary>
        /// True when the row carries something the card checks use: an NFC counter, a credential
        /// serial on an Enrol, or an originality signature. A card tapped only by UID (a terminal
        /// without card keys) has nothing to check, and is not looked up after every batch.
        /// </summary>
        public bool HasCredentialData => Uid != null && (Counter > 0 || (Kind == EnrolKind && Reference != 0) || Kind == CardEvidenceKind);
    }
}
