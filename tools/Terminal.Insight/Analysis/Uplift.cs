using Terminal.Insight.Config;
using Terminal.Insight.Data;

namespace Terminal.Insight.Analysis;

/// <summary>Difference-in-differences estimate of the change in spend after an event (aha by default).</summary>
public sealed class DidResult
{
    /// <summary>Event name.</summary>
    public required string Event { get; init; }

    /// <summary>Window length in days.</summary>
    public int WindowDays { get; init; }

    /// <summary>Members reaching the event who qualify (full windows, a visit in each).</summary>
    public int Treated { get; init; }

    /// <summary>Members who reached the event in the window but did not qualify.</summary>
    public int TreatedExcluded { get; init; }

    /// <summary>Distinct members used as comparison at least once.</summary>
    public int ControlMembers { get; init; }

    /// <summary>Mean treated spend in the window before, minor units.</summary>
    public double PreMean { get; init; }

    /// <summary>Mean treated spend in the window after, minor units.</summary>
    public double PostMean { get; init; }

    /// <summary>Mean treated spend after had they followed the comparison members' trend.</summary>
    public double CounterfactualMean { get; init; }

    /// <summary>Change of the comparison members over the same calendar windows (post/pre - 1, treated-weighted).</summary>
    public double ControlChange { get; init; }

    /// <summary>Relative uplift (observed / counterfactual - 1) with a bootstrap 95% interval.</summary>
    public Interval Uplift { get; init; }

    /// <summary>Extra spend per treated member over the window after, minor units.</summary>
    public double ExtraPerMember => PostMean - CounterfactualMean;
}

/// <summary>
/// Spend uplift after an event, by difference in differences on the ratio scale:
/// for a member reaching the event on day D, pre = spend in days [D-W, D), post = spend in days [D+1, D+1+W)
/// (the event day itself belongs to neither, so the visit that triggered the event is not counted as uplift).
/// Comparison members for that calendar window are members who had not reached the event by the anchor day of
/// its week. Both groups must have been enrolled for the whole pre window, have both windows inside the data,
/// and visit at least once in each window (so churners on either side do not masquerade as an effect).
/// Uplift = sum(post) / sum(pre × comparison growth of the same week) - 1. The interval comes from a
/// Poisson bootstrap over members (a member weighs the same wherever it appears).
/// </summary>
public static class Uplift
{
    /// <summary>Runs the estimate.</summary>
    public static DidResult DifferenceInDifferences(Dataset d, Timelines t, long[] reach, long from, long toExclusive, long observationEnd, InsightConfig config, Action<string>? progress = null)
    {
        long w = config.UpliftWindowDays;
        long endDay = observationEnd / TimeAxis.Day;
        long firstDay = TimeAxis.DayOf(from);
        var homeSelected = new bool[t.Members];
        for (int m = 0; m < t.Members; m++)
        {
            homeSelected[m] = d.Selected[d.HomeStore[m]];
        }

        // Treated members, grouped by anchor block.
        var tMember = new List<int>();
        var tBlock = new List<int>();
        var tPre = new List<double>();
        var tPost = new List<double>();
        int excluded = 0;
        for (int m = 0; m < t.Members; m++)
        {
            if (!homeSelected[m] || reach[m] == Lifecycle.Never || reach[m] < from || reach[m] >= toExclusive)
            {
                continue;
            }

            long day = reach[m] / TimeAxis.Day;
            if (!Qualifies(d, t, m, day, w, endDay, out long pre, out long post))
            {
                excluded++;
                continue;
            }

            tMember.Add(m);
            tBlock.Add((int)((day - firstDay) / config.AnchorDays));
            tPre.Add(pre);
            tPost.Add(post);
        }

        int blocks = tBlock.Count == 0 ? 0 : tBlock.Max() + 1;
        var blockUsed = new bool[blocks];
        foreach (int b in tBlock)
        {
            blockUsed[b] = true;
        }

        // Comparison entries (block, member, pre, post).
        var cBlock = new List<int>();
        var cMember = new List<int>();
        var cPre = new List<double>();
        var cPost = new List<double>();
        var isControl = new bool[t.Members];
        for (int b = 0; b < blocks; b++)
        {
            if (!blockUsed[b])
            {
                continue;
            }

            long anchor = firstDay + ((long)b * config.AnchorDays) + (config.AnchorDays / 2);
            for (int m = 0; m < t.Members; m++)
            {
                if (!homeSelected[m] || (reach[m] != Lifecycle.Never && reach[m] / TimeAxis.Day <= anchor))
                {
                    continue;
                }

                if (Qualifies(d, t, m, anchor, w, endDay, out long pre, out long post))
                {
                    cBlock.Add(b);
                    cMember.Add(m);
                    cPre.Add(pre);
                    cPost.Add(post);
                    isControl[m] = true;
                }
            }
        }

        var weights = new double[t.Members];
        Array.Fill(weights, 1.0);
        var point = Estimate(weights, blocks, tMember, tBlock, tPre, tPost, cBlock, cMember, cPre, cPost, out double preSum, out double postSum, out double cfSum, out int used, out double controlChange);
        var boots = new List<double>();
        if (!double.IsNaN(point))
        {
            var rng = new Random(config.Seed);
            progress?.Invoke("  bootstrap: " + config.BootstrapSamples + " resamples of " + used + " members against " + cMember.Count + " comparison windows");
            for (int bs = 0; bs < config.BootstrapSamples; bs++)
            {
                for (int m = 0; m < weights.Length; m++)
                {
                    weights[m] = Stats.Poisson1(rng);
                }

                double u = Estimate(weights, blocks, tMember, tBlock, tPre, tPost, cBlock, cMember, cPre, cPost, out _, out _, out _, out _, out _);
                if (!double.IsNaN(u))
                {
                    boots.Add(u);
                }
            }
        }

        double[] sorted = boots.Order().ToArray();
        Interval uplift = double.IsNaN(point) || sorted.Length < 10
            ? Interval.None
            : new Interval(point, Stats.Quantile(sorted, 0.025), Stats.Quantile(sorted, 0.975));
        return new DidResult
        {
            Event = config.UpliftEvent,
            WindowDays = config.UpliftWindowDays,
            Treated = used,
            TreatedExcluded = excluded + (tMember.Count - used),
            ControlMembers = isControl.Count(c => c),
            PreMean = used == 0 ? double.NaN : preSum / used,
            PostMean = used == 0 ? double.NaN : postSum / used,
            CounterfactualMean = used == 0 ? double.NaN : cfSum / used,
            ControlChange = controlChange,
            Uplift = uplift,
        };
    }

    /// <summary>Windows around day <paramref name="day"/> for member m: enrolled through the pre window, both windows observed, a visit in each.</summary>
    internal static bool Qualifies(Dataset d, Timelines t, int m, long day, long w, long endDay, out long pre, out long post)
    {
        pre = post = 0;
        if (TimeAxis.DayOf(d.EnrolTs[m]) > day - w || day + 1 + w > endDay)
        {
            return false;
        }

        long preFrom = (day - w) * TimeAxis.Day;
        long preTo = day * TimeAxis.Day;
        long postFrom = (day + 1) * TimeAxis.Day;
        long postTo = (day + 1 + w) * TimeAxis.Day;
        if (t.CountVisits(m, preFrom, preTo) == 0 || t.CountVisits(m, postFrom, postTo) == 0)
        {
            return false;
        }

        pre = t.Spend(m, preFrom, preTo);
        post = t.Spend(m, postFrom, postTo);
        return true;
    }

    private static double Estimate(double[] weight, int blocks, List<int> tMember, List<int> tBlock, List<double> tPre, List<double> tPost,
        List<int> cBlock, List<int> cMember, List<double> cPre, List<double> cPost, out double preSum, out double postSum, out double cfSum, out int used, out double controlChange)
    {
        var gPre = new double[blocks];
        var gPost = new double[blocks];
        for (int i = 0; i < cBlock.Count; i++)
        {
            double wt = weight[cMember[i]];
            gPre[cBlock[i]] += wt * cPre[i];
            gPost[cBlock[i]] += wt * cPost[i];
        }

        preSum = postSum = cfSum = 0;
        used = 0;
        double weightSum = 0;
        double growthSum = 0;
        for (int i = 0; i < tMember.Count; i++)
        {
            int b = tBlock[i];
            if (gPre[b] <= 0)
            {
                continue;
            }

            double g = gPost[b] / gPre[b];
            double wt = weight[tMember[i]];
            preSum += wt * tPre[i];
            postSum += wt * tPost[i];
            cfSum += wt * tPre[i] * g;
            weightSum += wt;
            growthSum += wt * (g - 1);
            used += wt > 0 ? 1 : 0;
        }

        controlChange = weightSum > 0 ? growthSum / weightSum : double.NaN;
        return cfSum > 0 ? (postSum / cfSum) - 1 : double.NaN;
    }
}
