namespace Terminal.Cloud
{
    /// <summary>A terminal as the CLI lists it.</summary>
    public sealed record TerminalRow(
        string TerminalId, string TenantId, string ShopId, long? LastSeen, long LastSeq,
        bool? Online, long? ReportedLast, long? StatusAt, string? Firmware)
    {
        /// <summary>Transactions the terminal reported that the cloud does not hold yet.</summary>
        public long Backlog => ReportedLast is long r && r > LastSeq ? r - LastSeq : 0;
    }
}
