namespace Terminal.Insight.Data;

/// <summary>
/// Values of transactions.kind in the cloud database. They mirror Terminal.Core.Domain.TransactionKind;
/// the insight tool does not reference the portable core because it only reads the synced rows.
/// </summary>
public static class TxKind
{
    /// <summary>A sale with a card.</summary>
    public const byte Earn = 1;

    /// <summary>Points spent on a voucher.</summary>
    public const byte Redeem = 2;

    /// <summary>Reverses transaction <c>reference</c> of the same terminal.</summary>
    public const byte Void = 3;

    /// <summary>A card's account was opened.</summary>
    public const byte Enrol = 4;

    /// <summary>A sale without a card.</summary>
    public const byte AnonymousSale = 5;

    /// <summary>A refused card; no money or points move.</summary>
    public const byte SecurityEvent = 6;
}
