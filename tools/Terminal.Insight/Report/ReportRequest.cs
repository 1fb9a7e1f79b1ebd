using Terminal.Insight.Config;

namespace Terminal.Insight.Report;

/// <summary>What the report command was asked for.</summary>
public sealed class ReportRequest
{
    /// <summary>SQLite file path or PostgreSQL connection string.</summary>
    public required string Db { get; init; }

    /// <summary>Tenant, or null to infer.</summary>
    public string? Tenant { get; init; }

    /// <summary>Stores; empty = all stores of the tenant.</summary>
    public IReadOnlyList<string> Stores { get; init; } = [];

    /// <summary>First day (UTC), or null for the start of the data.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last day included (UTC), or null for the end of the data.</summary>
    public DateOnly? To { get; init; }

    /// <summary>Settings.</summary>
    public InsightConfig Config { get; init; } = new();

    /// <summary>Skip the plots (tests that only compare tables).</summary>
    public bool WithCharts { get; init; } = true;
}
