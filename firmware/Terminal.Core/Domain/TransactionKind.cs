namespace Terminal.Core.Domain
{
    /// <summary>What a journal record means. Values are part of the on-flash and wire format.</summary>
    public enum TransactionKind : byte
    {
        /// <summary>Not a transaction (unused slot).</summary>
        None = 0,

        /// <summary>A sale with a card: points earned.</summary>
        Earn = 1,

        /// <summary>Points spent on a catalogue voucher.</summary>
        Redeem = 2,

        /// <summary>Reverses an earlier transaction of this terminal (cashier PIN).</summary>
        Void = 3,

        /// <summary>First tap of an unknown card opens its account.</summary>
        Enrol = 4,

        /// <summary>A sale closed without a card, kept as the non-member baseline.</summary>
        AnonymousSale = 5,

        /// <summary>A card was refused for security reasons (clone, bad credential); no points move.</summary>
        SecurityEvent = 6,

        /// <summary>
        /// Evidence about the card enrolled by the record before it (same commit, sequence + 1, same UID):
        /// the NTAG originality signature, for the cloud to verify. Its frame has its own layout
        /// (<see cref="TransactionCodec"/>); no points, no amount, no time of its own.
        /// </summary>
        CardEvidence = 7,
    }
}
