using System.Globalization;
using System.Text;

namespace Terminal.Insight.Report;

/// <summary>How a column is written.</summary>
public enum ColumnKind
{
    /// <summary>Text as is.</summary>
    Text,

    /// <summary>Whole number.</summary>
    Integer,

    /// <summary>Money in minor units: an integer in the CSV, the store's currency in the HTML.</summary>
    Money,

    /// <summary>A fraction 0-1: 4 decimals in the CSV, a percentage in the HTML.</summary>
    Share,

    /// <summary>A ratio such as a risk ratio: 4 decimals in the CSV, "1.80×" in the HTML.</summary>
    Ratio,

    /// <summary>A plain decimal number.</summary>
    Number,
}

/// <summary>A column.</summary>
/// <param name="Name">CSV header (snake case).</param>
/// <param name="Kind">Formatting.</param>
/// <param name="Title">HTML header.</param>
public sealed record Column(string Name, ColumnKind Kind, string Title);

/// <summary>One table of the report: one CSV file, optionally shown in the HTML.</summary>
public sealed class ReportTable
{
    /// <summary>Creates a table.</summary>
    public ReportTable(string name, string title, params Column[] columns)
    {
        Name = name;
        Title = title;
        Columns = columns;
    }

    /// <summary>File name without extension.</summary>
    public string Name { get; }

    /// <summary>Heading.</summary>
    public string Title { get; }

    /// <summary>Columns.</summary>
    public Column[] Columns { get; }

    /// <summary>Rows of string, long or double (NaN = empty) values.</summary>
    public List<object?[]> Rows { get; } = [];

    /// <summary>False for long tables that are only useful as CSV.</summary>
    public bool InHtml { get; init; } = true;

    /// <summary>Adds a row (one value per column).</summary>
    public void Add(params object?[] values)
    {
        if (values.Length != Columns.Length)
        {
            throw new ArgumentException("table " + Name + ": " + values.Length + " values for " + Columns.Length + " columns");
        }

        Rows.Add(values);
    }

    /// <summary>The CSV text (RFC 4180 quoting, invariant numbers, LF line ends).</summary>
    public string ToCsv()
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(",", Columns.Select(c => c.Name))).Append('\n');
        foreach (object?[] row in Rows)
        {
            for (int i = 0; i < row.Length; i++)
            {
                if (i > 0)
                {
                    sb.Append(',');
                }

                sb.Append(Quote(CsvValue(Columns[i].Kind, row[i])));
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>A value as the CSV writes it.</summary>
    public static string CsvValue(ColumnKind kind, object? v)
    {
        var ci = CultureInfo.InvariantCulture;
        switch (v)
        {
            case null:
                return string.Empty;
            case string s:
                return s;
            case long l:
                return l.ToString(ci);
            case int i:
                return i.ToString(ci);
            case double d when double.IsNaN(d) || double.IsInfinity(d):
                return string.Empty;
            case double d:
                return kind switch
                {
                    ColumnKind.Money or ColumnKind.Integer => Math.Round(d, MidpointRounding.AwayFromZero).ToString("0", ci),
                    ColumnKind.Number => d.ToString("0.00", ci),
                    _ => d.ToString("0.0000", ci),
                };
            default:
                return Convert.ToString(v, ci) ?? string.Empty;
        }
    }

    /// <summary>A value as the HTML shows it.</summary>
    public static string DisplayValue(ColumnKind kind, object? v, MoneyFormat money)
    {
        var ci = CultureInfo.InvariantCulture;
        if (v is string s)
        {
            return s;
        }

        if (v == null || (v is double dn && (double.IsNaN(dn) || double.IsInfinity(dn))))
        {
            return "–";
        }

        double d = Convert.ToDouble(v, ci);
        return kind switch
        {
            ColumnKind.Money => v is long l ? money.Format(l) : money.Format(d),
            ColumnKind.Integer => Math.Round(d).ToString("N0", ci),
            ColumnKind.Share => (d * 100).ToString("0.0", ci) + "%",
            ColumnKind.Ratio => d.ToString("0.00", ci) + "×",
            ColumnKind.Number => d.ToString("0.00", ci),
            _ => Convert.ToString(v, ci) ?? string.Empty,
        };
    }

    private static string Quote(string s)
    {
        return s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
    }
}
