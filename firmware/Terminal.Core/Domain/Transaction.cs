namespace Terminal.Core.Domain
{
    /// <summary>
    /// One journal record: everything the retailer needs to understand a visit.
    /// Instances are reused by the ledger and the flow, so the tap path allocates nothing.
    /// </summary>
    public sealed class Transaction
    {
        /// <summary>No voucher involved.</summary>
        public const ushort NoVoucher = 0;

        /// <summary>Bytes of <see cref="Evidence"/> (an NTAG originality signature).</summary>
        public const int EvidenceLength = 32;

        private readonly byte[] _evidence = new byte[EvidenceLength];

        /// <summary>Creates an empty record.</summary>
        public Transaction()
        {
            Uid = new CardUid();
        }

        /// <summary>
        /// For <see cref="TransactionKind.CardEvidence"/>: the 32 evidence bytes (the NTAG originality
        /// signature read at enrolment). All zero for every other kind. The array is the record's own
        /// buffer (no allocation per record); write into it, never replace it.
        /// </summary>
        public byte[] Evidence
        {
            get { return _evidence; }
        }

        /// <summary>What happened.</summary>
        public TransactionKind Kind { get; set; }

        /// <summary>Per-terminal sequence number: 1, 2, 3... with no gaps.</summary>
        public uint Sequence { get; set; }

        /// <summary>Seconds since 1970-01-01 UTC, from the terminal clock.</summary>
        public uint Timestamp { get; set; }

        /// <summary>The card (empty for an anonymous sale).</summary>
        public CardUid Uid { get; private set; }

        /// <summary>Basket amount in minor currency units (cents); 0 when no sale.</summary>
        public int AmountMinor { get; set; }

        /// <summary>Product category index (0 = general).</summary>
        public byte Category { get; set; }

        /// <summary>Signed change to the card balance in points.</summary>
        public int Points { get; set; }

        /// <summary>Catalogue voucher id, or <see cref="NoVoucher"/>.</summary>
        public ushort VoucherId { get; set; }

        /// <summary>Discount granted by the voucher, in minor units (redeem only).</summary>
        public int DiscountMinor { get; set; }

        /// <summary>For a void: the sequence it reverses. For a security event: the reason code.</summary>
        public uint Reference { get; set; }

        /// <summary>Card-side counter read during the tap (NTAG NFC counter), 0 when not read.</summary>
        public uint CardCounter { get; set; }

        /// <summary>Reserved flag bits (bit 0: made while offline).</summary>
        public byte Flags { get; set; }

        /// <summary>Resets every field.</summary>
        public void Clear()
        {
            Kind = TransactionKind.None;
            Sequence = 0;
            Timestamp = 0;
            Uid.Clear();
            AmountMinor = 0;
            Category = 0;
            Points = 0;
            VoucherId = NoVoucher;
            DiscountMinor = 0;
            Reference = 0;
            CardCounter = 0;
            Flags = 0;
            System.Array.Clear(_evidence, 0, EvidenceLength);
        }

        /// <summary>Copies every field from another record.</summary>
        public void CopyFrom(Transaction other)
        {
            Kind = other.Kind;
            Sequence = other.Sequence;
            Timestamp = other.Timestamp;
            Uid.CopyFrom(other.Uid);
            AmountMinor = other.AmountMinor;
            Category = other.Category;
            Points = other.Points;
            VoucherId = other.VoucherId;
            DiscountMinor = other.DiscountMinor;
            Reference = other.Reference;
            CardCounter = other.CardCounter;
            Flags = other.Flags;
            System.Array.Copy(other._evidence, 0, _evidence, 0, EvidenceLength);
        }
    }
}
