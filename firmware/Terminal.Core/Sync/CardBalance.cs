namespace Terminal.Core.Sync
{
    /// <summary>
    /// What the cloud says about a card on behalf of the tenant's other terminals: their net
    /// points and the once-per-card vouchers they used. The terminal adds this to its own ledger,
    /// so the result stays right however far its own unsynced journal has moved on.
    /// </summary>
    public sealed class CardBalance
    {
        /// <summary>The card's account key (<see cref="Domain.CardUid.Key"/>).</summary>
        public ulong Key { get; set; }

        /// <summary>Cloud change number of this state; older or equal numbers are ignored.</summary>
        public long Version { get; set; }

        /// <summary>Net points the tenant's other terminals gave and took.</summary>
        public int OtherPoints { get; set; }

        /// <summary>Once-per-card voucher bits the other terminals used (bit n = voucher n+1).</summary>
        public ushort OtherVouchers { get; set; }
    }
}
