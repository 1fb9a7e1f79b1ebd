namespace Terminal.Core.Rules
{
    /// <summary>A catalogue entry a shopper can buy with points. Each redemption is used once, at that sale.</summary>
    public sealed class Voucher
    {
        /// <summary>Ids 1-16 are once per card (tracked in the card record); higher ids can be bought again.</summary>
        public const int MaxOncePerCardId = 16;

        /// <summary>Creates a catalogue entry.</summary>
        public Voucher(ushort id, string name, int costPoints, VoucherKind kind, int value, uint expiresUnix)
        {
            if (id == 0 || costPoints <= 0 || value <= 0 || (kind == VoucherKind.Percent && value > 100))
            {
                throw new System.ArgumentException("invalid voucher");
            }

            Id = id;
            Name = name;
            CostPoints = costPoints;
            Kind = kind;
            Value = value;
            ExpiresUnix = expiresUnix;
        }

        /// <summary>Catalogue id (1-65535).</summary>
        public ushort Id { get; private set; }

        /// <summary>Short display name.</summary>
        public string Name { get; private set; }

        /// <summary>Points it costs.</summary>
        public int CostPoints { get; private set; }

        /// <summary>Fixed or percent.</summary>
        public VoucherKind Kind { get; private set; }

        /// <summary>Minor units off (fixed) or percent off.</summary>
        public int Value { get; private set; }

        /// <summary>Unix time from which it can no longer be redeemed; 0 = never expires.</summary>
        public uint ExpiresUnix { get; private set; }

        /// <summary>True when a card can redeem this only once.</summary>
        public bool OncePerCard
        {
            get { return Id <= MaxOncePerCardId; }
        }

        /// <summary>True when it has expired at <paramref name="unixTime"/>.</summary>
        public bool IsExpired(uint unixTime)
        {
            return ExpiresUnix != 0 && unixTime >= ExpiresUnix;
        }

        /// <summary>True when a card with this balance and used-voucher bits may redeem it now.</summary>
        public bool IsUsableBy(int balance, ushort vouchersUsed, uint unixTime)
        {
            if (IsExpired(unixTime) || balance < CostPoints)
            {
                return false;
            }

            return !OncePerCard || (vouchersUsed & (1 << (Id - 1))) == 0;
        }
    }
}
