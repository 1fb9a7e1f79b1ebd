using Terminal.Insight.Data;

namespace Terminal.Insight.Analysis;

/// <summary>One monthly enrolment cohort: share of its members with a visit in month k after enrolment.</summary>
/// <param name="Month">Calendar month of enrolment.</param>
/// <param name="Size">Members enrolled.</param>
/// <param name="Share">Share retained per month k; NaN where month k is not yet over for every member.</param>
public sealed record CohortRow(int Month, int Size, double[] Share);

/// <summary>Cohort retention and the set of members the lifecycle analyses look at.</summary>
public static class Retention
{
    /// <summary>Members the lifecycle analysis covers: enrolled at a selected store within [from, toExclusive).</summary>
    public static bool[] Scope(Dataset d, long from, long toExclusive)
    {
        var scope = new bool[d.MemberUids.Length];
        for (int m = 0; m < scope.Length; m++)
        {
            scope[m] = d.Selected[d.HomeStore[m]] && d.EnrolTs[m] >= from && d.EnrolTs[m] < toExclusive;
        }

        return scope;
    }

    /// <summary>True when member m's month k is over before the data ends.</summary>
    public static bool Observed(Dataset d, Timelines t, int m, int k, long observationEnd)
    {
        return d.EnrolTs[m] + ((k + 1) * t.MonthSeconds) <= observationEnd;
    }

    /// <summary>Retention by monthly enrolment cohort.</summary>
    public static List<CohortRow> Cohorts(Dataset d, Timelines t, bool[] scope, long observationEnd, int maxMonths = 24)
    {
        var byMonth = new SortedDictionary<int, List<int>>();
        for (int m = 0; m < scope.Length; m++)
        {
            if (!scope[m])
            {
                continue;
            }

            int c = TimeAxis.MonthIndex(d.EnrolTs[m]);
            if (!byMonth.TryGetValue(c, out var list))
            {
                byMonth[c] = list = [];
            }

            list.Add(m);
        }

        var rows = new List<CohortRow>();
        foreach (var (month, list) in byMonth)
        {
            var share = new double[maxMonths];
            for (int k = 0; k < maxMonths; k++)
            {
                int retained = 0;
                bool all = true;
                foreach (int m in list)
                {
                    if (!Observed(d, t, m, k, observationEnd))
                    {
                        all = false;
                        break;
                    }

                    if (t.ActiveIn(m, k))
                    {
                        retained++;
                    }
                }

                share[k] = all ? retained / (double)list.Count : double.NaN;
            }

            rows.Add(new CohortRow(month, list.Count, share));
        }

        return rows;
    }
}
