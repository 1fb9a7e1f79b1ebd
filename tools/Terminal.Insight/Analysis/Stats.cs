namespace Terminal.Insight.Analysis;

/// <summary>An estimate with a 95% interval (NaN where it cannot be computed).</summary>
/// <param name="Value">Point estimate.</param>
/// <param name="Lo">Lower bound.</param>
/// <param name="Hi">Upper bound.</param>
public readonly record struct Interval(double Value, double Lo, double Hi)
{
    /// <summary>Nothing computable.</summary>
    public static Interval None => new(double.NaN, double.NaN, double.NaN);

    /// <summary>True when the point estimate and both bounds are numbers.</summary>
    public bool IsKnown => !double.IsNaN(Value) && !double.IsNaN(Lo) && !double.IsNaN(Hi);

    /// <summary>True when the interval contains x.</summary>
    public bool Contains(double x) => IsKnown && Lo <= x && x <= Hi;
}

/// <summary>One stratum of a 2x2 comparison: exposed retained / exposed total, control retained / control total.</summary>
/// <param name="ExposedEvents">Exposed members with the outcome.</param>
/// <param name="Exposed">Exposed members.</param>
/// <param name="ControlEvents">Control members with the outcome.</param>
/// <param name="Control">Control members.</param>
public readonly record struct Stratum(long ExposedEvents, long Exposed, long ControlEvents, long Control);

/// <summary>The few statistics the report needs, written out so each can be checked by hand.</summary>
public static class Stats
{
    /// <summary>Two-sided 95% normal quantile.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>
    /// Risk ratio (a/n1)/(c/n0) with the usual log-normal 95% interval,
    /// SE(log RR) = sqrt(1/a - 1/n1 + 1/c - 1/n0). NaN when a group is empty or has no outcome.
    /// </summary>
    public static Interval RiskRatio(long a, long n1, long c, long n0)
    {
        if (n1 <= 0 || n0 <= 0 || a <= 0 || c <= 0)
        {
            return Interval.None;
        }

        double rr = (a / (double)n1) / (c / (double)n0);
        double se = Math.Sqrt((1.0 / a) - (1.0 / n1) + (1.0 / c) - (1.0 / n0));
        return new Interval(rr, rr * Math.Exp(-Z95 * se), rr * Math.Exp(Z95 * se));
    }

    /// <summary>
    /// Mantel-Haenszel risk ratio over strata, with the Greenland-Robins (1985) variance of its log:
    /// RR = sum(a n0/N) / sum(c n1/N); Var = sum((n1 n0 (a+c) - a c N)/N^2) / (sum(a n0/N) sum(c n1/N)).
    /// Strata lacking either group carry no information and drop out.
    /// </summary>
    public static Interval MantelHaenszel(IEnumerable<Stratum> strata)
    {
        double r = 0;
        double s = 0;
        double v = 0;
        foreach (Stratum k in strata)
        {
            double n = k.Exposed + k.Control;
            if (k.Exposed == 0 || k.Control == 0)
            {
                continue;
            }

            r += k.ExposedEvents * (double)k.Control / n;
            s += k.ControlEvents * (double)k.Exposed / n;
            v += ((k.Exposed * (double)k.Control * (k.ExposedEvents + k.ControlEvents)) - (k.ExposedEvents * (double)k.ControlEvents * n)) / (n * n);
        }

        if (r <= 0 || s <= 0)
        {
            return Interval.None;
        }

        double rr = r / s;
        double se = Math.Sqrt(v / (r * s));
        return new Interval(rr, rr * Math.Exp(-Z95 * se), rr * Math.Exp(Z95 * se));
    }

    /// <summary>
    /// Ratio of two means with a delta-method 95% interval on the log scale:
    /// Var(log ratio) = s1^2/(n1 m1^2) + s2^2/(n2 m2^2).
    /// </summary>
    public static Interval RatioOfMeans(double sum1, double sumSq1, long n1, double sum2, double sumSq2, long n2)
    {
        if (n1 < 2 || n2 < 2 || sum1 <= 0 || sum2 <= 0)
        {
            return Interval.None;
        }

        double m1 = sum1 / n1;
        double m2 = sum2 / n2;
        double var1 = Math.Max(0, (sumSq1 - (n1 * m1 * m1)) / (n1 - 1));
        double var2 = Math.Max(0, (sumSq2 - (n2 * m2 * m2)) / (n2 - 1));
        double ratio = m1 / m2;
        double se = Math.Sqrt((var1 / (n1 * m1 * m1)) + (var2 / (n2 * m2 * m2)));
        return new Interval(ratio, ratio * Math.Exp(-Z95 * se), ratio * Math.Exp(Z95 * se));
    }

    /// <summary>Quantile of sorted values by linear interpolation (type 7).</summary>
    public static double Quantile(double[] sorted, double q)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        double pos = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((pos - lo) * (sorted[hi] - sorted[lo]));
    }

    /// <summary>A Poisson(1) draw (Knuth), the weight of one unit in a Poisson bootstrap.</summary>
    public static int Poisson1(Random rng)
    {
        const double L = 0.36787944117144233; // e^-1
        int k = 0;
        double p = rng.NextDouble();
        while (p > L)
        {
            k++;
            p *= rng.NextDouble();
        }

        return k;
    }
}
