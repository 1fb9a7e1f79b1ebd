using System.Text.Json.Serialization;

namespace Terminal.Insight.Config;

/// <summary>
/// One way to reach a lifecycle event. Exactly one of <see cref="Redemptions"/>, <see cref="Visits"/>,
/// <see cref="ConsecutiveMonths"/> or <see cref="SpendMinor"/> is set; the event is reached when its n-th
/// occurrence happens (optionally only if that is within <see cref="WithinDays"/> of enrolment).
/// </summary>
public sealed class EventCondition
{
    /// <summary>Reached at the n-th voucher redemption.</summary>
    public int? Redemptions { get; set; }

    /// <summary>Reached at the n-th visit (a sale with the card), optionally only in <see cref="Category"/>.</summary>
    public int? Visits { get; set; }

    /// <summary>Reached when the member has visited in n consecutive months (30-day blocks from enrolment).</summary>
    public int? ConsecutiveMonths { get; set; }

    /// <summary>Visits a month needs to count toward <see cref="ConsecutiveMonths"/> (default 1).</summary>
    public int MinVisitsPerMonth { get; set; } = 1;

    /// <summary>Reached when the member's cumulative spend reaches this many minor units.</summary>
    public long? SpendMinor { get; set; }

    /// <summary>Only visits in this product category count (for <see cref="Visits"/>).</summary>
    public int? Category { get; set; }

    /// <summary>The condition only counts if met within this many days of enrolment.</summary>
    public int? WithinDays { get; set; }

    /// <summary>Plain-words form for the report.</summary>
    public string Describe(IReadOnlyList<string> categories)
    {
        string within = WithinDays is int d ? " within " + d + " days of enrolment" : string.Empty;
        if (Redemptions is int r)
        {
            return Ordinal(r) + " voucher redemption" + within;
        }

        if (Visits is int v)
        {
            string cat = Category is int c ? " in " + (c >= 0 && c < categories.Count ? categories[c] : "category " + c) : string.Empty;
            return Ordinal(v) + " visit" + cat + within;
        }

        if (ConsecutiveMonths is int m)
        {
            string per = MinVisitsPerMonth > 1 ? MinVisitsPerMonth + " visits" : "a visit";
            return per + " in each of " + m + " consecutive months" + within;
        }

        return "spend reaching " + SpendMinor + " minor units" + within;
    }

    /// <summary>Throws when the condition is not well formed.</summary>
    internal void Validate(string eventName)
    {
        int set = (Redemptions.HasValue ? 1 : 0) + (Visits.HasValue ? 1 : 0) + (ConsecutiveMonths.HasValue ? 1 : 0) + (SpendMinor.HasValue ? 1 : 0);
        if (set != 1)
        {
            throw new Data.InsightException("event " + eventName + ": each condition needs exactly one of redemptions, visits, consecutiveMonths, spendMinor");
        }

        if (Redemptions < 1 || Visits < 1 || ConsecutiveMonths < 1 || SpendMinor < 1 || MinVisitsPerMonth < 1 || WithinDays < 1)
        {
            throw new Data.InsightException("event " + eventName + ": counts, spend and days must be 1 or more");
        }

        if (Category.HasValue && !Visits.HasValue)
        {
            throw new Data.InsightException("event " + eventName + ": category only applies to a visits condition");
        }
    }

    [JsonIgnore]
    internal string Kind => Redemptions.HasValue ? "redemptions" : Visits.HasValue ? "visits" : ConsecutiveMonths.HasValue ? "consecutiveMonths" : "spend";

    private static string Ordinal(int n)
    {
        return n switch
        {
            1 => "first",
            2 => "second",
            3 => "third",
            4 => "fourth",
            5 => "fifth",
            _ => n + "th",
        };
    }
}
