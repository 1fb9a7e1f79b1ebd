namespace Terminal.Cloud
{
    /// <summary>A card as one terminal should see the rest of the tenant: others' points and once-per-card vouchers.</summary>
    public sealed record CardView(string Uid, long Version, int OtherPoints, int OtherVouchers);
}
