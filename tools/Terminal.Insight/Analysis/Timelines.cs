using Terminal.Insight.Data;

namespace Terminal.Insight.Analysis;

/// <summary>
/// Each member's visits (sales with the card) and redemptions in time order, packed back to back
/// (compressed rows) so a member's window sums are two binary searches and a prefix-sum difference.
/// Visits at every store count: a member's loyalty is to the retailer, not to one till.
/// </summary>
public sealed class Timelines
{
    private Timelines(int members)
    {
        Members = members;
        VisitStart = new int[members + 1];
        RedeemStart = new int[members + 1];
        ActiveMonths = new ulong[members];
    }

    /// <summary>Number of members.</summary>
    public int Members { get; }

    /// <summary>Member m's visits are [VisitStart[m], VisitStart[m+1]).</summary>
    public int[] VisitStart { get; }

    /// <summary>Visit times.</summary>
    public long[] VisitTs { get; private set; } = [];

    /// <summary>Visit baskets.</summary>
    public long[] VisitAmount { get; private set; } = [];

    /// <summary>Visit categories.</summary>
    public byte[] VisitCategory { get; private set; } = [];

    /// <summary>Prefix sums of <see cref="VisitAmount"/> (length visits + 1).</summary>
    public long[] Prefix { get; private set; } = [];

    /// <summary>Member m's redemptions are [RedeemStart[m], RedeemStart[m+1]).</summary>
    public int[] RedeemStart { get; }

    /// <summary>Redemption times.</summary>
    public long[] RedeemTs { get; private set; } = [];

    /// <summary>Bit k set: at least one visit in month k after enrolment (k below 64).</summary>
    public ulong[] ActiveMonths { get; }

    /// <summary>Seconds in a member month.</summary>
    public long MonthSeconds { get; private set; }

    /// <summary>Builds the timelines from a dataset (rows are already in time order).</summary>
    public static Timelines Build(Dataset d, int monthDays)
    {
        int members = d.MemberUids.Length;
        var t = new Timelines(members) { MonthSeconds = monthDays * TimeAxis.Day };
        for (int i = 0; i < d.Count; i++)
        {
            int m = d.Member[i];
            if (m < 0)
            {
                continue;
            }

            if (d.Kind[i] == TxKind.Earn)
            {
                t.VisitStart[m + 1]++;
            }
            else if (d.Kind[i] == TxKind.Redeem)
            {
                t.RedeemStart[m + 1]++;
            }
        }

        for (int m = 0; m < members; m++)
        {
            t.VisitStart[m + 1] += t.VisitStart[m];
            t.RedeemStart[m + 1] += t.RedeemStart[m];
        }

        int visits = t.VisitStart[members];
        t.VisitTs = new long[visits];
        t.VisitAmount = new long[visits];
        t.VisitCategory = new byte[visits];
        t.RedeemTs = new long[t.RedeemStart[members]];
        var vFill = (int[])t.VisitStart.Clone();
        var rFill = (int[])t.RedeemStart.Clone();
        for (int i = 0; i < d.Count; i++)
        {
            int m = d.Member[i];
            if (m < 0)
            {
                continue;
            }

            if (d.Kind[i] == TxKind.Earn)
            {
                int at = vFill[m]++;
                t.VisitTs[at] = d.Ts[i];
                t.VisitAmount[at] = d.Amount[i];
                t.VisitCategory[at] = d.Category[i];
                long month = (d.Ts[i] - d.EnrolTs[m]) / t.MonthSeconds;
                if (d.Ts[i] >= d.EnrolTs[m] && month < 64)
                {
                    t.ActiveMonths[m] |= 1UL << (int)month;
                }
            }
            else if (d.Kind[i] == TxKind.Redeem)
            {
                t.RedeemTs[rFill[m]++] = d.Ts[i];
            }
        }

        t.Prefix = new long[visits + 1];
        for (int v = 0; v < visits; v++)
        {
            t.Prefix[v + 1] = t.Prefix[v] + t.VisitAmount[v];
        }

        return t;
    }

    /// <summary>First visit index of member m at or after time <paramref name="ts"/>.</summary>
    public int LowerBound(int m, long ts)
    {
        int lo = VisitStart[m];
        int hi = VisitStart[m + 1];
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (VisitTs[mid] < ts)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>Visits of member m in [from, to).</summary>
    public int CountVisits(int m, long from, long to)
    {
        return LowerBound(m, to) - LowerBound(m, from);
    }

    /// <summary>Spend of member m in [from, to), minor units.</summary>
    public long Spend(int m, long from, long to)
    {
        return Prefix[LowerBound(m, to)] - Prefix[LowerBound(m, from)];
    }

    /// <summary>True when member m visited in month k after enrolment.</summary>
    public bool ActiveIn(int m, int k)
    {
        return k < 64 && (ActiveMonths[m] & (1UL << k)) != 0;
    }
}
