namespace Terminal.Core.Rules
{
    /// <summary>How a voucher's value is applied at the till.</summary>
    public enum VoucherKind : byte
    {
        /// <summary>A fixed amount off, in minor units.</summary>
        FixedAmount = 0,

        /// <summary>A percentage off the basket.</summary>
        Percent = 1,
    }
}
