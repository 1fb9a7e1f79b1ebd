using System.Text.Json;
using System.Text.Json.Serialization;
using Terminal.Insight.Data;

namespace Terminal.Insight.Config;

/// <summary>
/// Report settings, read from a JSON file (<c>--config</c>); every property is optional and falls back to
/// the documented default (docs/insight.md). Unknown properties are an error so a typo is not silently ignored.
/// </summary>
public sealed class InsightConfig
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Length of a member's "month" in days (months are counted from the enrolment moment).</summary>
    public int MonthDays { get; set; } = 30;

    /// <summary>"Still shopping after N months" means at least one visit in month N after enrolment.</summary>
    public int RetentionMonth { get; set; } = 6;

    /// <summary>Days before and after the event compared in the difference-in-differences uplift.</summary>
    public int UpliftWindowDays { get; set; } = 90;

    /// <summary>Event whose effect on spend is estimated (default aha).</summary>
    public string UpliftEvent { get; set; } = "aha";

    /// <summary>Members reaching the uplift event in the same block of this many days share one control window.</summary>
    public int AnchorDays { get; set; } = 7;

    /// <summary>Bootstrap resamples for the uplift interval.</summary>
    public int BootstrapSamples { get; set; } = 200;

    /// <summary>Seed for the bootstrap, so a report is reproducible.</summary>
    public int Seed { get; set; } = 7;

    /// <summary>
    /// Worth of one point in minor units for the liability in money. Null: derived from the fixed-amount
    /// vouchers actually redeemed (discount given / points taken).
    /// </summary>
    public double? PointValueMinor { get; set; }

    /// <summary>Category names by number.</summary>
    public List<string> Categories { get; set; } = ["General", "Beauty", "Fashion", "Accessories"];

    /// <summary>An event whose adjusted risk ratio lies within [1/x, x] is called a poor signal.</summary>
    public double MinRiskRatio { get; set; } = 1.15;

    /// <summary>Fewer members than this in either group: no verdict.</summary>
    public int MinGroupSize { get; set; } = 30;

    /// <summary>Early-visit strata used to adjust the risk ratio: 1, 2, ..., this many or more visits.</summary>
    public int StrataCap { get; set; } = 12;

    /// <summary>The lifecycle events (replaces the defaults as a whole when given).</summary>
    public List<LifecycleEvent> Events { get; set; } = DefaultEvents();

    /// <summary>aha, eureka and habit as defined in issue 7.</summary>
    public static List<LifecycleEvent> DefaultEvents()
    {
        return
        [
            new LifecycleEvent
            {
                Name = "aha",
                Description = "first voucher redemption",
                LandmarkMonths = 2,
                AnyOf = [new EventCondition { Redemptions = 1 }],
            },
            new LifecycleEvent
            {
                Name = "eureka",
                Description = "second redemption, or third visit within 60 days of enrolment",
                LandmarkMonths = 2,
                AnyOf = [new EventCondition { Redemptions = 2 }, new EventCondition { Visits = 3, WithinDays = 60 }],
            },
            new LifecycleEvent
            {
                Name = "habit",
                Description = "at least one visit in each of three consecutive months",
                LandmarkMonths = 3,
                AnyOf = [new EventCondition { ConsecutiveMonths = 3 }],
            },
        ];
    }

    /// <summary>Reads a config file; missing properties keep their defaults.</summary>
    public static InsightConfig Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new InsightException("cannot read config " + path + ": " + e.Message, e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InsightException("cannot read config " + path + ": " + e.Message, e);
        }

        return Parse(text, path);
    }

    /// <summary>Parses config JSON.</summary>
    public static InsightConfig Parse(string json, string source = "config")
    {
        InsightConfig? c;
        try
        {
            c = JsonSerializer.Deserialize<InsightConfig>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InsightException(source + ": " + e.Message, e);
        }

        if (c == null)
        {
            throw new InsightException(source + " is empty");
        }

        c.Validate();
        return c;
    }

    /// <summary>The config as JSON (used by the default-config command).</summary>
    public string ToJson()
    {
        return JsonSerializer.Serialize(this, JsonOptions);
    }

    /// <summary>Throws <see cref="InsightException"/> on settings that make no sense.</summary>
    public void Validate()
    {
        if (MonthDays < 7 || RetentionMonth < 1 || UpliftWindowDays < 7 || AnchorDays < 1 || BootstrapSamples < 20 || MinGroupSize < 1 || StrataCap < 1 || MinRiskRatio < 1)
        {
            throw new InsightException("config: monthDays >= 7, retentionMonth >= 1, upliftWindowDays >= 7, anchorDays >= 1, bootstrapSamples >= 20, minGroupSize >= 1, strataCap >= 1, minRiskRatio >= 1");
        }

        if (PointValueMinor is double v && (v <= 0 || double.IsNaN(v)))
        {
            throw new InsightException("config: pointValueMinor must be positive");
        }

        if (Events.Count == 0)
        {
            throw new InsightException("config: at least one lifecycle event");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (LifecycleEvent e in Events)
        {
            if (string.IsNullOrWhiteSpace(e.Name) || !names.Add(e.Name))
            {
                throw new InsightException("config: every event needs a unique name");
            }

            if (e.AnyOf.Count == 0)
            {
                throw new InsightException("event " + e.Name + ": at least one condition in anyOf");
            }

            if (e.LandmarkMonths < 1 || e.LandmarkMonths >= RetentionMonth)
            {
                throw new InsightException("event " + e.Name + ": landmarkMonths must be at least 1 and before retentionMonth");
            }

            foreach (EventCondition c in e.AnyOf)
            {
                c.Validate(e.Name);
            }
        }

        if (!names.Contains(UpliftEvent))
        {
            throw new InsightException("config: upliftEvent " + UpliftEvent + " is not one of the events");
        }
    }

    /// <summary>Name of a category number.</summary>
    public string CategoryName(int c)
    {
        return c >= 0 && c < Categories.Count ? Categories[c] : "Category " + c;
    }
}
