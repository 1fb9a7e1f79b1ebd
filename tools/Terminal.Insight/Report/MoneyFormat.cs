using System.Globalization;

namespace Terminal.Insight.Report;

/// <summary>
/// Formats minor units in the store's currency ("€1,234.56", "¥1,235", "1,234.567 KWD"). Integer arithmetic
/// for whole amounts so no binary fraction ever shows up in money; invariant separators because the process
/// runs with invariant globalization.
/// </summary>
public sealed class MoneyFormat
{
    private static readonly Dictionary<string, string> Symbols = new(StringComparer.OrdinalIgnoreCase)
    {
        ["EUR"] = "€",
        ["USD"] = "$",
        ["GBP"] = "£",
        ["JPY"] = "¥",
    };

    /// <summary>Creates a formatter for a currency code with its minor-unit digits.</summary>
    public MoneyFormat(string currency, int decimals)
    {
        if (decimals < 0 || decimals > 4)
        {
            throw new ArgumentOutOfRangeException(nameof(decimals));
        }

        Currency = currency;
        Decimals = decimals;
    }

    /// <summary>ISO code.</summary>
    public string Currency { get; }

    /// <summary>Digits after the decimal point.</summary>
    public int Decimals { get; }

    /// <summary>Formats an exact amount in minor units.</summary>
    public string Format(long minor)
    {
        bool negative = minor < 0;
        ulong abs = negative ? (ulong)(-(minor + 1)) + 1 : (ulong)minor;
        ulong scale = 1;
        for (int i = 0; i < Decimals; i++)
        {
            scale *= 10;
        }

        string whole = (abs / scale).ToString("N0", CultureInfo.InvariantCulture);
        string text = Decimals == 0 ? whole : whole + "." + (abs % scale).ToString(CultureInfo.InvariantCulture).PadLeft(Decimals, '0');
        string sign = negative ? "-" : string.Empty;
        return Symbols.TryGetValue(Currency, out string? symbol) ? sign + symbol + text : sign + text + " " + Currency;
    }

    /// <summary>Formats a computed amount (an average, a value of points), rounded to the nearest minor unit.</summary>
    public string Format(double minor)
    {
        return double.IsNaN(minor) || double.IsInfinity(minor) ? "–" : Format((long)Math.Round(minor, MidpointRounding.AwayFromZero));
    }

    /// <summary>Minor units as a number of major units (for plot axes).</summary>
    public double ToMajor(double minor)
    {
        return minor / Math.Pow(10, Decimals);
    }
}
