namespace Terminal.Cloud
{
    /// <summary>
    /// Something a card-trust check found about a card (a row of <c>sec_findings</c>).
    /// </summary>
    /// <param name="Uid">The card, upper-case hex.</param>
    /// <param name="Check">Which check: <c>counter-regression</c>, <c>counter-duplicate</c>, <c>serial-never-issued</c>,
    /// <c>serial-shared</c>, <c>serial-foreign-number</c>, <c>uid-reissued</c>, <c>signature-invalid</c>.</param>
    /// <param name="Detail">The evidence, readable (also what makes the finding unique).</param>
    /// <param name="TerminalId">The terminal whose record revealed it.</param>
    /// <param name="Seq">That record's sequence.</param>
    /// <param name="Blocking">True when it blocks the card; false for review only.</param>
    /// <param name="Tenant">Tenant (filled when read back).</param>
    /// <param name="FoundAt">Unix time it was recorded (filled when read back).</param>
    public sealed record Finding(string Uid, string Check, string Detail, string? TerminalId, long? Seq, bool Blocking, string Tenant = "", long FoundAt = 0);
}
