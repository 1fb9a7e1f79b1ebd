using Terminal.Insight.Config;
using Terminal.Insight.Data;

namespace Terminal.Insight.Analysis;

/// <summary>When each member reached each lifecycle event (long.MaxValue = not reached before the report end).</summary>
public static class Lifecycle
{
    /// <summary>Not reached.</summary>
    public const long Never = long.MaxValue;

    /// <summary>Reach time of one event for every member.</summary>
    public static long[] Reach(LifecycleEvent e, Dataset d, Timelines t)
    {
        var reach = new long[t.Members];
        for (int m = 0; m < t.Members; m++)
        {
            long best = Never;
            foreach (EventCondition c in e.AnyOf)
            {
                long at = Condition(c, m, d.EnrolTs[m], t);
                if (at < best)
                {
                    best = at;
                }
            }

            reach[m] = best;
        }

        return reach;
    }

    /// <summary>When member m meets one condition, or <see cref="Never"/>.</summary>
    public static long Condition(EventCondition c, int m, long enrol, Timelines t)
    {
        long at = Never;
        if (c.Redemptions is int n)
        {
            int i = t.RedeemStart[m] + n - 1;
            at = i < t.RedeemStart[m + 1] ? t.RedeemTs[i] : Never;
        }
        else if (c.Visits is int v)
        {
            int seen = 0;
            for (int i = t.VisitStart[m]; i < t.VisitStart[m + 1]; i++)
            {
                if (c.Category is int cat && t.VisitCategory[i] != cat)
                {
                    continue;
                }

                if (++seen == v)
                {
                    at = t.VisitTs[i];
                    break;
                }
            }
        }
        else if (c.ConsecutiveMonths is int months)
        {
            at = ConsecutiveMonths(t, m, enrol, months, c.MinVisitsPerMonth);
        }
        else if (c.SpendMinor is long spend)
        {
            int end = t.VisitStart[m + 1];
            for (int i = t.VisitStart[m]; i < end; i++)
            {
                if (t.Prefix[i + 1] - t.Prefix[t.VisitStart[m]] >= spend)
                {
                    at = t.VisitTs[i];
                    break;
                }
            }
        }

        if (at != Never && c.WithinDays is int days && at - enrol >= days * TimeAxis.Day)
        {
            return Never;
        }

        return at;
    }

    private static long ConsecutiveMonths(Timelines t, int m, long enrol, int months, int minVisits)
    {
        long lastQualified = -2;
        int run = 0;
        long currentMonth = -1;
        int inMonth = 0;
        for (int i = t.VisitStart[m]; i < t.VisitStart[m + 1]; i++)
        {
            if (t.VisitTs[i] < enrol)
            {
                continue;
            }

            long month = (t.VisitTs[i] - enrol) / t.MonthSeconds;
            if (month != currentMonth)
            {
                currentMonth = month;
                inMonth = 0;
            }

            // The month qualifies at the visit that brings it to minVisits; that visit is when the run can complete.
            if (++inMonth == minVisits)
            {
                run = month == lastQualified + 1 ? run + 1 : 1;
                lastQualified = month;
                if (run >= months)
                {
                    return t.VisitTs[i];
                }
            }
        }

        return Never;
    }
}
