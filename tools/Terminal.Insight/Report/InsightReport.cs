using Terminal.Insight.Analysis;

namespace Terminal.Insight.Report;

/// <summary>A finished report in memory: the analyses, their tables, plots and headline sentences.</summary>
public sealed class InsightReport
{
    /// <summary>Tenant.</summary>
    public required string Tenant { get; init; }

    /// <summary>Stores covered.</summary>
    public required IReadOnlyList<string> Stores { get; init; }

    /// <summary>Window start (unix s).</summary>
    public long From { get; init; }

    /// <summary>Window end, exclusive (unix s).</summary>
    public long ToExclusive { get; init; }

    /// <summary>Month after enrolment that defines "still shopping".</summary>
    public int RetentionMonth { get; init; }

    /// <summary>Money formatter of the stores' currency.</summary>
    public required MoneyFormat Money { get; init; }

    /// <summary>Period metrics.</summary>
    public required PeriodMetrics Periods { get; init; }

    /// <summary>Cohort retention.</summary>
    public required List<CohortRow> Cohorts { get; init; }

    /// <summary>Lifecycle event analyses.</summary>
    public required List<EventResult> Events { get; init; }

    /// <summary>Uplift by difference in differences.</summary>
    public required DidResult Did { get; init; }

    /// <summary>Worth of a point in minor units (NaN when unknown) and where it came from.</summary>
    public double PointValueMinor { get; init; }

    /// <summary>"config" or "derived from redeemed vouchers" or "unknown".</summary>
    public required string PointValueSource { get; init; }

    /// <summary>Headline sentences, most important first.</summary>
    public List<string> Headlines { get; } = [];

    /// <summary>Notes about the data (members without enrol rows, voids applied...).</summary>
    public List<string> DataNotes { get; } = [];

    /// <summary>Tables in output order.</summary>
    public List<ReportTable> Tables { get; } = [];

    /// <summary>PNG plots by name.</summary>
    public List<(string Name, string Title, byte[] Png, string Caption)> Charts { get; } = [];

    /// <summary>Table by name.</summary>
    public ReportTable Table(string name) => Tables.First(t => t.Name == name);
}
