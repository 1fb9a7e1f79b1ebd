using System.Globalization;
using Terminal.Insight.Config;
using Terminal.Insight.Data;

namespace Terminal.Insight.Analysis;

/// <summary>How well reaching an event predicts retention.</summary>
public enum SignalKind
{
    /// <summary>Reaching it goes with clearly higher retention.</summary>
    Strong,

    /// <summary>Reaching it goes with clearly lower retention.</summary>
    Negative,

    /// <summary>No clear difference once early shopping frequency is allowed for: redefine the event.</summary>
    Poor,

    /// <summary>Too few members in a group to say.</summary>
    Insufficient,
}

/// <summary>A retention curve of one segment of members.</summary>
/// <param name="Segment">Segment label.</param>
/// <param name="Share">Share with a visit in month k (NaN when nobody is observed yet).</param>
/// <param name="Observed">Members observed for month k.</param>
public sealed record SegmentCurve(string Segment, double[] Share, int[] Observed);

/// <summary>The retention analysis of one lifecycle event.</summary>
public sealed class EventResult
{
    /// <summary>The event.</summary>
    public required LifecycleEvent Event { get; init; }

    /// <summary>Plain-words definition.</summary>
    public required string Definition { get; init; }

    /// <summary>Members in scope that reached it at any time.</summary>
    public int ReachedEver { get; init; }

    /// <summary>Members in scope.</summary>
    public int InScope { get; init; }

    /// <summary>Median days from enrolment to reaching it (NaN when nobody did).</summary>
    public double MedianDays { get; init; }

    /// <summary>Members whose retention month is observed and who visited in the month before the landmark.</summary>
    public int AtRisk { get; init; }

    /// <summary>At-risk members who reached the event by the landmark.</summary>
    public int Exposed { get; init; }

    /// <summary>Of those, still shopping in the retention month.</summary>
    public int ExposedRetained { get; init; }

    /// <summary>At-risk members who had not reached it by the landmark (the control).</summary>
    public int Control { get; init; }

    /// <summary>Of those, still shopping in the retention month.</summary>
    public int ControlRetained { get; init; }

    /// <summary>Unadjusted risk ratio.</summary>
    public Interval Crude { get; init; }

    /// <summary>Risk ratio adjusted for the number of visits before the landmark (Mantel-Haenszel).</summary>
    public Interval Adjusted { get; init; }

    /// <summary>Verdict class.</summary>
    public SignalKind Kind { get; init; }

    /// <summary>Plain-words verdict.</summary>
    public required string Verdict { get; init; }

    /// <summary>Retention curves: reached by the landmark, reached later, control.</summary>
    public List<SegmentCurve> Curves { get; init; } = [];
}

/// <summary>
/// Landmark analysis of each lifecycle event. For an event with landmark L months and retention month R:
/// members whose month R is over and who visited in month L-1 form the at-risk set; those who reached the
/// event before the end of month L-1 are exposed, the others are the control; the outcome is a visit in month R.
/// Members who churned early cannot reach an event, so comparing "ever reached" with "never reached" would
/// credit the event with their staying; the landmark removes that. Frequent shoppers also reach events sooner
/// and come back more, so the risk ratio is adjusted by stratifying on visits before the landmark.
/// </summary>
public static class EventSignal
{
    /// <summary>Analyses one event.</summary>
    public static EventResult Analyse(LifecycleEvent e, long[] reach, Dataset d, Timelines t, bool[] scope, long observationEnd, InsightConfig config, int curveMonths)
    {
        int landmark = e.LandmarkMonths;
        int r = config.RetentionMonth;
        long monthSec = t.MonthSeconds;
        var strata = new long[config.StrataCap + 1, 4];
        int atRisk = 0, exposed = 0, exposedRet = 0, control = 0, controlRet = 0;
        int reachedEver = 0, inScope = 0;
        var days = new List<double>();
        var curves = new CurveBuilder[3];
        string[] labels =
        {
            "reached by month " + landmark.ToString(CultureInfo.InvariantCulture),
            "control members who reached it later",
            "not reached by month " + landmark.ToString(CultureInfo.InvariantCulture) + " (control)",
        };
        for (int i = 0; i < 3; i++)
        {
            curves[i] = new CurveBuilder(labels[i], curveMonths);
        }

        for (int m = 0; m < scope.Length; m++)
        {
            if (!scope[m])
            {
                continue;
            }

            inScope++;
            long enrol = d.EnrolTs[m];
            bool reachedByLandmark = reach[m] != Lifecycle.Never && reach[m] < enrol + (landmark * monthSec);
            if (reach[m] != Lifecycle.Never)
            {
                reachedEver++;
                days.Add((reach[m] - enrol) / (double)TimeAxis.Day);
            }

            if (!t.ActiveIn(m, landmark - 1) || !Retention.Observed(d, t, m, landmark - 1, observationEnd))
            {
                continue;
            }

            // Curves use every at-risk member for the months already observed.
            int segment = reachedByLandmark ? 0 : reach[m] != Lifecycle.Never ? 1 : 2;
            for (int k = 0; k < curveMonths; k++)
            {
                if (!Retention.Observed(d, t, m, k, observationEnd))
                {
                    break;
                }

                curves[segment].Add(k, t.ActiveIn(m, k));
                if (segment == 1)
                {
                    curves[2].Add(k, t.ActiveIn(m, k));
                }
            }

            if (!Retention.Observed(d, t, m, r, observationEnd))
            {
                continue;
            }

            atRisk++;
            bool retained = t.ActiveIn(m, r);
            int early = t.CountVisits(m, enrol, enrol + (landmark * monthSec));
            int s = Math.Min(early, config.StrataCap);
            if (reachedByLandmark)
            {
                exposed++;
                strata[s, 1]++;
                if (retained)
                {
                    exposedRet++;
                    strata[s, 0]++;
                }
            }
            else
            {
                control++;
                strata[s, 3]++;
                if (retained)
                {
                    controlRet++;
                    strata[s, 2]++;
                }
            }
        }

        Interval crude = Stats.RiskRatio(exposedRet, exposed, controlRet, control);
        var list = new List<Stratum>();
        for (int s = 0; s <= config.StrataCap; s++)
        {
            list.Add(new Stratum(strata[s, 0], strata[s, 1], strata[s, 2], strata[s, 3]));
        }

        Interval adjusted = Stats.MantelHaenszel(list);
        days.Sort();
        string definition = e.Description ?? string.Join(", or ", e.AnyOf.Select(c => c.Describe(config.Categories)));
        var (kind, verdict) = Judge(e.Name, definition, landmark, r, exposed, exposedRet, control, controlRet, crude, adjusted, config);
        return new EventResult
        {
            Event = e,
            Definition = definition,
            ReachedEver = reachedEver,
            InScope = inScope,
            MedianDays = days.Count == 0 ? double.NaN : Stats.Quantile(days.ToArray(), 0.5),
            AtRisk = atRisk,
            Exposed = exposed,
            ExposedRetained = exposedRet,
            Control = control,
            ControlRetained = controlRet,
            Crude = crude,
            Adjusted = adjusted,
            Kind = kind,
            Verdict = verdict,
            Curves = curves.Select(c => c.Build()).ToList(),
        };
    }

    /// <summary>Turns the numbers into a verdict a shop owner can read.</summary>
    internal static (SignalKind Kind, string Text) Judge(string name, string definition, int landmark, int r, int exposed, int exposedRet, int control, int controlRet, Interval crude, Interval adjusted, InsightConfig config)
    {
        var ci = CultureInfo.InvariantCulture;
        string month = "month " + r.ToString(ci);
        if (exposed >= config.MinGroupSize && control >= config.MinGroupSize && !adjusted.IsKnown)
        {
            return (SignalKind.Poor, string.Format(ci,
                "Warning: {0} ({1}) is a poor signal of retention: it cannot be told apart from how often members shopped before month {2} (members with the same number of early visits nearly all reached it, or nearly all did not), so it adds nothing. Consider redefining it.{3}",
                name, definition, landmark,
                crude.IsKnown ? string.Format(ci, " Taken at face value it looks like {0:0.0}×.", crude.Value) : string.Empty));
        }

        if (exposed < config.MinGroupSize || control < config.MinGroupSize)
        {
            return (SignalKind.Insufficient, string.Format(ci,
                "Not enough members yet to judge {0} ({1}): {2} reached it by month {3} and {4} did not among members observed until {5}; at least {6} in each group are needed.",
                name, definition, exposed, landmark, control, month, config.MinGroupSize));
        }

        double pe = exposedRet / (double)exposed;
        double pc = controlRet / (double)control;
        string rates = string.Format(ci, "{0:0}% vs {1:0}% still shopping in {2}", pe * 100, pc * 100, month);
        string ciText = string.Format(ci, "95% CI {0:0.00}-{1:0.00}", adjusted.Lo, adjusted.Hi);
        bool crudeMisleads = crude.IsKnown && Math.Abs(Math.Log(crude.Value) - Math.Log(adjusted.Value)) > Math.Log(1.15);
        string crudeNote = crudeMisleads
            ? string.Format(ci, " Taken at face value it looks like {0:0.0}×, but most of that is frequent shoppers reaching it more often.", crude.Value)
            : string.Empty;
        double threshold = config.MinRiskRatio;
        if (adjusted.Lo > 1 && adjusted.Value >= threshold)
        {
            return (SignalKind.Strong, string.Format(ci,
                "Reaching {0} ({1}) by month {2} goes with {3:0.0}× the {4}-month retention ({5}; {6}), comparing members who shopped equally often before.{7}",
                name, definition, landmark, adjusted.Value, r, ciText, rates, crudeNote));
        }

        if (adjusted.Hi < 1 && adjusted.Value <= 1 / threshold)
        {
            return (SignalKind.Negative, string.Format(ci,
                "Reaching {0} ({1}) by month {2} goes with lower {4}-month retention: {3:0.00}× ({5}; {6}). Check whether the event marks a problem.{7}",
                name, definition, landmark, adjusted.Value, r, ciText, rates, crudeNote));
        }

        return (SignalKind.Poor, string.Format(ci,
            "Warning: {0} ({1}) is a poor signal of retention. Among members who shopped equally often before month {2}, reaching it goes with {3:0.00}× the {4}-month retention ({5}), which is no clear difference. Consider redefining it.{6}",
            name, definition, landmark, adjusted.Value, r, ciText, crudeNote));
    }

    private sealed class CurveBuilder(string label, int months)
    {
        private readonly int[] _observed = new int[months];
        private readonly int[] _retained = new int[months];

        public void Add(int k, bool retained)
        {
            _observed[k]++;
            if (retained)
            {
                _retained[k]++;
            }
        }

        public SegmentCurve Build()
        {
            var share = new double[_observed.Length];
            for (int k = 0; k < share.Length; k++)
            {
                share[k] = _observed[k] == 0 ? double.NaN : _retained[k] / (double)_observed[k];
            }

            return new SegmentCurve(label, share, (int[])_observed.Clone());
        }
    }
}
