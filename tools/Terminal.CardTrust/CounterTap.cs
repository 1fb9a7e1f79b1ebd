namespace Terminal.CardTrust;

/// <summary>One recorded tap of a card: where, in the terminal's own order and clock, and the NFC counter it read.</summary>
/// <param name="TerminalId">The terminal that recorded it.</param>
/// <param name="Sequence">That terminal's transaction sequence (its true order, whatever its clock says).</param>
/// <param name="Timestamp">Unix seconds by that terminal's clock.</param>
/// <param name="Counter">The card's NFC counter read in the tap (transactions.card_counter; 0 = not read).</param>
public sealed record CounterTap(string TerminalId, long Sequence, long Timestamp, uint Counter);
