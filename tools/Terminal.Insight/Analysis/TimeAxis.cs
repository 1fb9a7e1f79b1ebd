using System.Globalization;

namespace Terminal.Insight.Analysis;

/// <summary>Calendar helpers in UTC (terminals stamp unix seconds; the report works in calendar months).</summary>
public static class TimeAxis
{
    /// <summary>Seconds per day.</summary>
    public const long Day = 86_400;

    /// <summary>Months since year 0 (year * 12 + month - 1) of a unix time.</summary>
    public static int MonthIndex(long unix)
    {
        DateTime t = DateTime.UnixEpoch.AddSeconds(unix);
        return (t.Year * 12) + t.Month - 1;
    }

    /// <summary>Unix time of the first second of a month index.</summary>
    public static long MonthStart(int monthIndex)
    {
        var t = new DateTime(monthIndex / 12, (monthIndex % 12) + 1, 1, 0, 0, 0, DateTimeKind.Utc);
        return (long)(t - DateTime.UnixEpoch).TotalSeconds;
    }

    /// <summary>"2024-03".</summary>
    public static string MonthLabel(int monthIndex)
    {
        return (monthIndex / 12).ToString("D4", CultureInfo.InvariantCulture) + "-" + ((monthIndex % 12) + 1).ToString("D2", CultureInfo.InvariantCulture);
    }

    /// <summary>"2024-03-31" of a unix time.</summary>
    public static string DateLabel(long unix)
    {
        return DateTime.UnixEpoch.AddSeconds(unix).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>Unix time of a UTC date.</summary>
    public static long FromDate(DateOnly date)
    {
        return (long)(date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - DateTime.UnixEpoch).TotalSeconds;
    }

    /// <summary>Floor division for days (negative times never occur, but keep it exact).</summary>
    public static long DayOf(long unix)
    {
        return unix >= 0 ? unix / Day : ((unix + 1) / Day) - 1;
    }
}
