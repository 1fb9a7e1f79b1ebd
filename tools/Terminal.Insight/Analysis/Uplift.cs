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

    /// <summary>Relative uplift of spend per member (observed / counterfactual - 1) with a bootstrap 95% interval.</summary>
    public Interval Uplift { get; init; }

    /// <summary>Relative uplift of visits per member.</summary>
    public Interval VisitsUplift { get; init; }

    /// <summary>Relative uplift of spend per visit (the basket): (1 + spend uplift) / (1 + visits uplift) - 1.</summary>
    public Interval BasketUplift { get; init; }

    /// <summary>Mean treated visits in the window before.</summary>
    public double PreVisits { get; init; }

    /// <summary>Mean treated visits in the window after.</summary>
    public double PostVisits { get; init; }

    /// <summary>Extra spend per treated member over the window after, minor units.</summary>
    public double ExtraPerMember => PostMean - CounterfactualMean;
}

/// <summary>
/// Spend uplift after an event, by difference in differences on the ratio scale:
/// for a member reaching the event on day D, pre = days [D-W, D), post = days [D+1, D+1+W)
/// (the event day itself belongs to neither, so the visit that triggered the event is not counted as uplift).
/// Comparison members for that calendar window are members who had not reached the event by the anchor day of
/// its block of days. Both groups must have been enrolled for the whole pre window, have both windows inside the
/// data, and visit at least once in each window (so churners on either side do not masquerade as an effect).
/// Spend uplift = sum(post) / sum(pre × comparison growth of the same block) - 1; the same for visits; the basket
/// (spend per visit) uplift is their quotient. Intervals come from a Poisson bootstrap over members (a member
/// weighs the same wherever it appears).
/// A caveat the report spells out: a voucher is redeemed at a visit, so a member who reaches the event late has,
/// by construction, had fewer chances (visits) just before it; that depresses "before" visits and inflates the
/// spend and visit uplifts. The basket uplift does not depend on when visits happened and is the one to trust.
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

        var treated = new Entries();
        int excluded = 0;
        for (int m = 0; m < t.Members; m++)
        {
            if (!homeSelected[m] || reach[m] == Lifecycle.Never || reach[m] < from || reach[m] >= toExclusive)
            {
                continue;
            }

            long day = reach[m] / TimeAxis.Day;
            if (!Qualifies(d, t, m, day, w, endDay, out Window win))
            {
                excluded++;
                continue;
            }

            treated.Add((int)((day - firstDay) / config.AnchorDays), m, win);
        }

        int blocks = treated.Count == 0 ? 0 : treated.Block.Max() + 1;
        var blockUsed = new bool[blocks];
        foreach (int b in treated.Block)
        {
            blockUsed[b] = true;
        }

        var control = new Entries();
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

                if (Qualifies(d, t, m, anchor, w, endDay, out Window win))
                {
                    control.Add(b, m, win);
                    isControl[m] = true;
                }
            }
        }

        var weights = new double[t.Members];
        Array.Fill(weights, 1.0);
        Estimate point = Compute(weights, blocks, treated, control);
        var spendBoot = new List<double>();
        var visitBoot = new List<double>();
        var basketBoot = new List<double>();
        if (!double.IsNaN(point.Spend))
        {
            var rng = new Random(config.Seed);
            progress?.Invoke("  bootstrap: " + config.BootstrapSamples + " resamples of " + point.Used + " members against " + control.Count + " comparison windows");
            for (int bs = 0; bs < config.BootstrapSamples; bs++)
            {
                for (int m = 0; m < weights.Length; m++)
                {
                    weights[m] = Stats.Poisson1(rng);
                }

                Estimate e = Compute(weights, blocks, treated, control);
                if (!double.IsNaN(e.Spend) && !double.IsNaN(e.Visits))
                {
                    spendBoot.Add(e.Spend);
                    visitBoot.Add(e.Visits);
                    basketBoot.Add(((1 + e.Spend) / (1 + e.Visits)) - 1);
                }
            }
        }

        int used = point.Used;
        return new DidResult
        {
            Event = config.UpliftEvent,
            WindowDays = config.UpliftWindowDays,
            Treated = used,
            TreatedExcluded = excluded + (treated.Count - used),
            ControlMembers = isControl.Count(c => c),
            PreMean = used == 0 ? double.NaN : point.PreSum / used,
            PostMean = used == 0 ? double.NaN : point.PostSum / used,
            CounterfactualMean = used == 0 ? double.NaN : point.CounterfactualSum / used,
            PreVisits = used == 0 ? double.NaN : point.PreVisits / used,
            PostVisits = used == 0 ? double.NaN : point.PostVisits / used,
            ControlChange = point.ControlChange,
            Uplift = WithInterval(point.Spend, spendBoot),
            VisitsUplift = WithInterval(point.Visits, visitBoot),
            BasketUplift = WithInterval(((1 + point.Spend) / (1 + point.Visits)) - 1, basketBoot),
        };
    }

    /// <summary>Windows around day <paramref name="day"/> for member m: enrolled through the pre window, both windows observed, a visit in each.</summary>
    internal static bool Qualifies(Dataset d, Timelines t, int m, long day, long w, long endDay, out Window win)
    {
        win = default;
        if (TimeAxis.DayOf(d.EnrolTs[m]) > day - w || day + 1 + w > endDay)
        {
            return false;
        }

        long preFrom = (day - w) * TimeAxis.Day;
        long preTo = day * TimeAxis.Day;
        long postFrom = (day + 1) * TimeAxis.Day;
        long postTo = (day + 1 + w) * TimeAxis.Day;
        int preVisits = t.CountVisits(m, preFrom, preTo);
        int postVisits = t.CountVisits(m, postFrom, postTo);
        if (preVisits == 0 || postVisits == 0)
        {
            return false;
        }

        win = new Window(t.Spend(m, preFrom, preTo), t.Spend(m, postFrom, postTo), preVisits, postVisits);
        return true;
    }

    private static Interval WithInterval(double point, List<double> boots)
    {
        if (double.IsNaN(point) || boots.Count < 10)
        {
            return Interval.None;
        }

        double[] sorted = boots.Order().ToArray();
        return new Interval(point, Stats.Quantile(sorted, 0.025), Stats.Quantile(sorted, 0.975));
    }

    private static Estimate Compute(double[] weight, int blocks, Entries treated, Entries control)
    {
        var cPre = new double[blocks];
        var cPost = new double[blocks];
        var cPreV = new double[blocks];
        var cPostV = new double[blocks];
        for (int i = 0; i < control.Count; i++)
        {
            double wt = weight[control.Member[i]];
            int b = control.Block[i];
            cPre[b] += wt * control.Pre[i];
            cPost[b] += wt * control.Post[i];
            cPreV[b] += wt * control.PreVisits[i];
            cPostV[b] += wt * control.PostVisits[i];
        }

        var e = new Estimate();
        double weightSum = 0;
        double growthSum = 0;
        double cfVisits = 0;
        for (int i = 0; i < treated.Count; i++)
        {
            int b = treated.Block[i];
            if (cPre[b] <= 0 || cPreV[b] <= 0)
            {
                continue;
            }

            double g = cPost[b] / cPre[b];
            double gv = cPostV[b] / cPreV[b];
            double wt = weight[treated.Member[i]];
            e.PreSum += wt * treated.Pre[i];
            e.PostSum += wt * treated.Post[i];
            e.CounterfactualSum += wt * treated.Pre[i] * g;
            e.PreVisits += wt * treated.PreVisits[i];
            e.PostVisits += wt * treated.PostVisits[i];
            cfVisits += wt * treated.PreVisits[i] * gv;
            weightSum += wt;
            growthSum += wt * (g - 1);
            e.Used += 1;
        }

        e.ControlChange = weightSum > 0 ? growthSum / weightSum : double.NaN;
        e.Spend = e.CounterfactualSum > 0 ? (e.PostSum / e.CounterfactualSum) - 1 : double.NaN;
        e.Visits = cfVisits > 0 ? (e.PostVisits / cfVisits) - 1 : double.NaN;
        return e;
    }

    /// <summary>Spend and visits of one member in the windows before and after.</summary>
    internal readonly record struct Window(long Pre, long Post, int PreVisits, int PostVisits);

    private sealed class Estimate
    {
        public double PreSum;
        public double PostSum;
        public double CounterfactualSum;
        public double PreVisits;
        public double PostVisits;
        public double ControlChange;
        public double Spend = double.NaN;
        public double Visits = double.NaN;
        public int Used;
    }

    private sealed class Entries
    {
        public readonly List<int> Block = [];
        public readonly List<int> Member = [];
        public readonly List<long> Pre = [];
        public readonly List<long> Post = [];
        public readonly List<int> PreVisits = [];
        public readonly List<int> PostVisits = [];

        public int Count => Block.Count;

        public void Add(int block, int member, Window w)
        {
            Block.Add(block);
            Member.Add(member);
            Pre.Add(w.Pre);
            Post.Add(w.Post);
            PreVisits.Add(w.PreVisits);
            PostVisits.Add(w.PostVisits);
        }
    }
}
