namespace Terminal.Cloud
{
    /// <summary>One transaction as the cloud stores it (columns of <c>transactions</c>).</summary>
    public sealed record TxRow(
        long Seq, int Kind, long Ts, string? Uid, int Amount, int Category, int Points,
        int Voucher, int Discount, long Reference, long Counter, int Flags);
}
