namespace Terminal.Insight.Generator;

/// <summary>Settings of the synthetic shopper generator, including the planted effects the tests try to recover.</summary>
public sealed class GeneratorOptions
{
    /// <summary>Random seed: the same options give the same database.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Loyalty members (cards) to enrol over the period.</summary>
    public int Shoppers { get; set; } = 4000;

    /// <summary>Stores (each with one or two terminals).</summary>
    public int Stores { get; set; } = 3;

    /// <summary>First day of the history (UTC).</summary>
    public DateOnly Start { get; set; } = new(2024, 1, 1);

    /// <summary>Length of the history in calendar months.</summary>
    public int Months { get; set; } = 12;

    /// <summary>Tenant id.</summary>
    public string Tenant { get; set; } = "TEN1";

    /// <summary>Currency code of every store.</summary>
    public string Currency { get; set; } = "EUR";

    /// <summary>Minor-unit digits.</summary>
    public int Decimals { get; set; } = 2;

    /// <summary>Anonymous sales per day in a store of average size (before seasonality).</summary>
    public double AnonymousPerDay { get; set; } = 25;

    /// <summary>Planted: baskets after a member's first voucher redemption are this much larger (0.12 = +12%).</summary>
    public double AhaSpendUplift { get; set; } = 0.12;

    /// <summary>
    /// Planted: members who visited in each of their first three months are this many times as likely to
    /// survive from month 3 to month 6 (monthly churn lowered accordingly, from month 3 on). 1 = no effect.
    /// </summary>
    public double HabitRetention { get; set; } = 1.8;

    /// <summary>Planted: member baskets are this much larger than anonymous ones from the start (self-selection).</summary>
    public double MemberPremium { get; set; }

    /// <summary>Share of sales keyed wrongly and voided at once.</summary>
    public double VoidRate { get; set; } = 0.004;

    /// <summary>Share of members enrolling in the launch month.</summary>
    public double LaunchShare { get; set; } = 0.35;

    /// <summary>Throws on nonsense.</summary>
    public void Validate()
    {
        if (Shoppers < 1 || Stores < 1 || Stores > 99 || Months < 1 || Months > 120 || Decimals < 0 || Decimals > 4 || AnonymousPerDay < 0
            || AhaSpendUplift <= -1 || HabitRetention <= 0 || MemberPremium <= -1 || VoidRate < 0 || VoidRate > 0.5 || LaunchShare < 0 || LaunchShare > 1)
        {
            throw new Data.InsightException("generator: shoppers >= 1, 1-99 stores, 1-120 months, 0-4 decimals, rates within range");
        }
    }
}
