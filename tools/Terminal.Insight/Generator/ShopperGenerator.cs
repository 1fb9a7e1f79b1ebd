using Terminal.Insight.Analysis;
using Terminal.Insight.Data;

namespace Terminal.Insight.Generator;

/// <summary>A terminal of the generated tenant.</summary>
/// <param name="TerminalId">Id.</param>
/// <param name="ShopId">Store.</param>
public sealed record GeneratedTerminal(string TerminalId, string ShopId);

/// <summary>One generated transactions row.</summary>
public struct GeneratedRow
{
    /// <summary>Terminal index.</summary>
    public int Terminal;

    /// <summary>Sequence on its terminal (assigned after sorting).</summary>
    public long Seq;

    /// <summary>Kind.</summary>
    public byte Kind;

    /// <summary>Unix time.</summary>
    public long Ts;

    /// <summary>Member index, -1 for anonymous.</summary>
    public int Member;

    /// <summary>Basket.</summary>
    public long Amount;

    /// <summary>Category.</summary>
    public byte Category;

    /// <summary>Points.</summary>
    public int Points;

    /// <summary>Voucher.</summary>
    public int Voucher;

    /// <summary>Discount.</summary>
    public long Discount;

    /// <summary>For a void: index of the row it reverses (becomes that row's seq when written).</summary>
    public int RefersTo;

    /// <summary>For a security event: reason code.</summary>
    public long Reason;

    /// <summary>Delay before the cloud received it.</summary>
    public int ReceivedDelay;
}

/// <summary>What the generator made, plus the ground truth the tests compare against.</summary>
public sealed class GeneratedData
{
    /// <summary>Options used.</summary>
    public required GeneratorOptions Options { get; init; }

    /// <summary>Terminals.</summary>
    public required List<GeneratedTerminal> Terminals { get; init; }

    /// <summary>Rows sorted by time, seq assigned.</summary>
    public required GeneratedRow[] Rows { get; init; }

    /// <summary>Member UIDs.</summary>
    public required string[] Uids { get; init; }

    /// <summary>Member enrolment times.</summary>
    public required long[] EnrolTs { get; init; }

    /// <summary>Member final balances.</summary>
    public required long[] Balance { get; init; }

    /// <summary>Members who formed the habit in their first three months (truth).</summary>
    public int HabitByLandmark { get; init; }

    /// <summary>Members who redeemed at least once (truth).</summary>
    public int Redeemers { get; init; }

    /// <summary>Anonymous sales.</summary>
    public int AnonymousSales { get; init; }
}

/// <summary>
/// Synthetic multi-store shopper histories with known, planted effects. The model, per member:
/// a visit rate (lognormal, ~1.6 visits per 30 days), a basket size (lognormal, ~35 in major units),
/// a redemption propensity (a quarter never redeem), category tastes, a home store (12% of visits elsewhere),
/// and churn: a monthly hazard of 10-30% in months 1-2 and 15-35% from month 3. Visits follow seasonality
/// (December peak, summer dip) and weekdays (Saturday busiest). Points follow the terminal's default earn rules
/// (1 point per unit, Accessories 1.5×) and the default voucher catalogue. Planted effects:
/// <see cref="GeneratorOptions.AhaSpendUplift"/> (baskets after the first redemption),
/// <see cref="GeneratorOptions.HabitRetention"/> (survival from month 3 to 6 for members who visited in each of
/// months 0-2) and <see cref="GeneratorOptions.MemberPremium"/>. Nothing else affects churn: in particular buying
/// Accessories early is a useless event, merely more likely for frequent shoppers.
/// </summary>
public static class ShopperGenerator
{
    private static readonly double[] MonthSeason = [0.85, 0.82, 0.95, 1.0, 1.0, 0.95, 0.88, 0.85, 1.0, 1.05, 1.2, 1.45];
    private static readonly double[] WeekdaySeason = [0.55, 0.8, 0.85, 0.9, 1.0, 1.2, 1.5]; // Sunday..Saturday
    private static readonly double[] CategoryMix = [0.35, 0.30, 0.25, 0.10];
    private static readonly int[] CategoryPercent = [100, 100, 100, 150];

    /// <summary>Generates the history in memory.</summary>
    public static GeneratedData Generate(GeneratorOptions o, Action<string>? progress = null)
    {
        o.Validate();
        var rng = new Random(o.Seed);
        long start = TimeAxis.FromDate(o.Start);
        long end = TimeAxis.FromDate(o.Start.AddMonths(o.Months));
        long scale = 1;
        for (int i = 0; i < o.Decimals; i++)
        {
            scale *= 10;
        }

        double minorPerEuro = scale;
        var terminals = new List<GeneratedTerminal>();
        var storeTerminals = new List<int>[o.Stores];
        var storeWeight = new double[o.Stores];
        for (int s = 0; s < o.Stores; s++)
        {
            string shop = "S" + (s + 1).ToString("D2");
            storeWeight[s] = 1.0 / (1 + (0.35 * s)); // first store is the flagship
            storeTerminals[s] = [];
            int count = s % 2 == 0 ? 2 : 1;
            for (int t = 0; t < count; t++)
            {
                storeTerminals[s].Add(terminals.Count);
                terminals.Add(new GeneratedTerminal("T" + (s + 1).ToString("D2") + (t + 1).ToString("D2"), shop));
            }
        }

        double weightSum = storeWeight.Sum();
        var rows = new List<GeneratedRow>(o.Shoppers * 20);
        var uids = new string[o.Shoppers];
        var enrol = new long[o.Shoppers];
        var balance = new long[o.Shoppers];
        var used = new HashSet<string>(StringComparer.Ordinal);
        int habitCount = 0;
        int redeemers = 0;
        long monthSec = 30 * TimeAxis.Day;
        double f4 = Math.Pow(o.HabitRetention, 0.25);
        for (int m = 0; m < o.Shoppers; m++)
        {
            if (m % 20000 == 0 && m > 0)
            {
                progress?.Invoke("  " + m + " shoppers generated");
            }

            string uid;
            do
            {
                var bytes = new byte[7];
                rng.NextBytes(bytes);
                bytes[0] = 0x04; // NXP manufacturer byte, like real NTAG cards
                uid = Convert.ToHexString(bytes);
            }
            while (!used.Add(uid));

            uids[m] = uid;
            long enrolTs = EnrolTime(rng, o, start, end);
            enrol[m] = enrolTs;
            int home = Pick(rng, storeWeight, weightSum);
            double lambda = Math.Exp(Math.Log(1.6) + (0.55 * Normal(rng)));
            double mu = 35 * minorPerEuro * Math.Exp(0.35 * Normal(rng));
            double redeemProp = rng.NextDouble() < 0.25 ? 0 : 0.05 + (0.35 * rng.NextDouble());
            double h1 = 0.10 + (0.20 * rng.NextDouble());
            double h2 = 0.15 + (0.20 * rng.NextDouble());
            var taste = new double[CategoryMix.Length];
            for (int c = 0; c < taste.Length; c++)
            {
                taste[c] = CategoryMix[c] * Math.Exp(0.5 * Normal(rng));
            }

            double tasteSum = taste.Sum();
            long bal = 0;
            bool welcomeUsed = false;
            bool aha = false;
            bool habit = false;
            bool[] visitedMonth = new bool[3];
            bool redeemed = false;

            rows.Add(new GeneratedRow { Kind = TxKind.Enrol, Ts = enrolTs, Member = m, Terminal = PickTerminal(rng, storeTerminals[home]), RefersTo = -1, ReceivedDelay = rng.Next(300) });
            for (int k = 0; ; k++)
            {
                long from = enrolTs + (k * monthSec);
                if (from >= end)
                {
                    break;
                }

                if (k >= 1)
                {
                    double survive = k <= 2 ? 1 - h1 : habit ? Math.Min(0.99, f4 * (1 - h2)) : 1 - h2;
                    if (rng.NextDouble() >= survive)
                    {
                        break; // churned: no more visits, ever
                    }
                }

                long to = Math.Min(from + monthSec, end);
                double season = MonthSeason[TimeAxis.MonthIndex((from + to) / 2) % 12];
                int n = Poisson(rng, lambda * season * (to - from) / (double)monthSec);
                var times = new List<long>(n + 1);
                if (k == 0)
                {
                    times.Add(enrolTs);
                }

                for (int v = 0; v < n; v++)
                {
                    times.Add(VisitTime(rng, from, to));
                }

                times.Sort();
                foreach (long ts in times)
                {
                    if (k <= 2)
                    {
                        visitedMonth[k] = true;
                    }

                    int store = rng.NextDouble() < 0.12 && o.Stores > 1 ? Pick(rng, storeWeight, weightSum) : home;
                    int terminal = PickTerminal(rng, storeTerminals[store]);
                    bool boosted = aha;

                    // Redemption happens at the till before the sale is keyed.
                    if (redeemProp > 0 && rng.NextDouble() < redeemProp)
                    {
                        int voucher = 0;
                        int cost = 0;
                        long discount = 0;
                        if (!welcomeUsed && bal >= 50)
                        {
                            (voucher, cost, discount) = (1, 50, 2 * scale);
                            welcomeUsed = true;
                        }
                        else if (bal >= 400 && rng.NextDouble() < 0.3)
                        {
                            (voucher, cost, discount) = (21, 400, 0);
                        }
                        else if (bal >= 250)
                        {
                            (voucher, cost, discount) = (20, 250, 5 * scale);
                        }

                        if (voucher != 0)
                        {
                            bal -= cost;
                            rows.Add(new GeneratedRow { Kind = TxKind.Redeem, Ts = ts, Member = m, Terminal = terminal, Points = -cost, Voucher = voucher, Discount = discount, RefersTo = -1, ReceivedDelay = rng.Next(300) });
                            aha = true;
                            redeemed = true;
                        }
                    }

                    double basket = mu * Math.Exp((0.45 * Normal(rng)) - 0.10125) * (1 + o.MemberPremium) * (boosted ? 1 + o.AhaSpendUplift : 1);
                    long amount = Math.Max(scale, (long)Math.Round(basket));
                    byte category = (byte)Pick(rng, taste, tasteSum);
                    int points = Points(amount, category, scale);
                    long saleTs = ts + 40;
                    if (rng.NextDouble() < o.VoidRate)
                    {
                        long wrong = amount * 10;
                        int wrongPoints = Points(wrong, category, scale);
                        int wrongIndex = rows.Count;
                        rows.Add(new GeneratedRow { Kind = TxKind.Earn, Ts = saleTs, Member = m, Terminal = terminal, Amount = wrong, Category = category, Points = wrongPoints, RefersTo = -1, ReceivedDelay = rng.Next(300) });
                        rows.Add(new GeneratedRow { Kind = TxKind.Void, Ts = saleTs + 20, Member = m, Terminal = terminal, Amount = -wrong, Category = category, Points = -wrongPoints, RefersTo = wrongIndex, ReceivedDelay = rng.Next(300) });
                        saleTs += 40;
                    }

                    rows.Add(new GeneratedRow { Kind = TxKind.Earn, Ts = saleTs, Member = m, Terminal = terminal, Amount = amount, Category = category, Points = points, RefersTo = -1, ReceivedDelay = rng.Next(300) });
                    bal += points;
                    if (rng.NextDouble() < 0.001)
                    {
                        rows.Add(new GeneratedRow { Kind = TxKind.SecurityEvent, Ts = saleTs + 5, Member = m, Terminal = terminal, Reason = 2, RefersTo = -1, ReceivedDelay = rng.Next(300) });
                    }
                }

                if (k == 2 && visitedMonth[0] && visitedMonth[1] && visitedMonth[2])
                {
                    habit = true;
                    habitCount++;
                }
            }

            redeemers += redeemed ? 1 : 0;
            balance[m] = bal;
        }

        int anonymous = AddAnonymous(rows, rng, o, start, end, storeTerminals, storeWeight, weightSum, minorPerEuro);
        progress?.Invoke("  sorting " + rows.Count + " rows");
        GeneratedRow[] sorted = AssignSequences(rows, terminals.Count);
        return new GeneratedData
        {
            Options = o,
            Terminals = terminals,
            Rows = sorted,
            Uids = uids,
            EnrolTs = enrol,
            Balance = balance,
            HabitByLandmark = habitCount,
            Redeemers = redeemers,
            AnonymousSales = anonymous,
        };
    }

    /// <summary>Default earn rules of the terminal: 1 point per whole unit, Accessories 1.5×, nothing below 1.00.</summary>
    internal static int Points(long amountMinor, int category, long minorPerUnit)
    {
        if (amountMinor < minorPerUnit)
        {
            return 0;
        }

        int pct = category < CategoryPercent.Length ? CategoryPercent[category] : 100;
        return (int)(amountMinor * pct / (minorPerUnit * 100));
    }

    private static int AddAnonymous(List<GeneratedRow> rows, Random rng, GeneratorOptions o, long start, long end, List<int>[] storeTerminals, double[] storeWeight, double weightSum, double minorPerEuro)
    {
        int count = 0;
        double meanWeight = weightSum / storeWeight.Length;
        for (long day = start; day < end; day += TimeAxis.Day)
        {
            double season = MonthSeason[TimeAxis.MonthIndex(day) % 12] * WeekdaySeason[(int)DateTime.UnixEpoch.AddSeconds(day).DayOfWeek];
            for (int s = 0; s < storeWeight.Length; s++)
            {
                int n = Poisson(rng, o.AnonymousPerDay * storeWeight[s] / meanWeight * season);
                for (int i = 0; i < n; i++)
                {
                    long ts = day + (9 * 3600) + rng.Next(11 * 3600);
                    double basket = 35 * minorPerEuro * Math.Exp((0.35 * Normal(rng)) + (0.45 * Normal(rng)) - 0.10125);
                    long amount = Math.Max((long)minorPerEuro, (long)Math.Round(basket));
                    rows.Add(new GeneratedRow
                    {
                        Kind = TxKind.AnonymousSale,
                        Ts = ts,
                        Member = -1,
                        Terminal = PickTerminal(rng, storeTerminals[s]),
                        Amount = amount,
                        Category = (byte)Pick(rng, CategoryMix, 1.0),
                        RefersTo = -1,
                        ReceivedDelay = rng.Next(300),
                    });
                    count++;
                }
            }
        }

        return count;
    }

    private static GeneratedRow[] AssignSequences(List<GeneratedRow> rows, int terminals)
    {
        var order = Enumerable.Range(0, rows.Count).ToArray();
        var keys = rows.Select(r => r.Ts).ToArray();
        // Stable on generation order so an Enrol stays before the Earn with the same second.
        Array.Sort(order, (a, b) =>
        {
            int c = keys[a].CompareTo(keys[b]);
            return c != 0 ? c : a.CompareTo(b);
        });
        var next = new long[terminals];
        var seqOf = new long[rows.Count];
        var result = new GeneratedRow[rows.Count];
        for (int i = 0; i < order.Length; i++)
        {
            GeneratedRow r = rows[order[i]];
            r.Seq = ++next[r.Terminal];
            seqOf[order[i]] = r.Seq;
            result[i] = r;
        }

        for (int i = 0; i < result.Length; i++)
        {
            if (result[i].Kind == TxKind.Void)
            {
                result[i].Reason = seqOf[result[i].RefersTo];
            }
        }

        return result;
    }

    private static long EnrolTime(Random rng, GeneratorOptions o, long start, long end)
    {
        long day;
        if (rng.NextDouble() < o.LaunchShare)
        {
            day = start + (rng.Next(30) * TimeAxis.Day);
        }
        else
        {
            // Later sign-ups follow the seasons too.
            var weights = new double[o.Months];
            for (int k = 0; k < o.Months; k++)
            {
                weights[k] = MonthSeason[TimeAxis.MonthIndex(TimeAxis.FromDate(o.Start.AddMonths(k))) % 12];
            }

            int month = Pick(rng, weights, weights.Sum());
            long mStart = TimeAxis.FromDate(o.Start.AddMonths(month));
            long mEnd = TimeAxis.FromDate(o.Start.AddMonths(month + 1));
            day = mStart + (rng.NextInt64((mEnd - mStart) / TimeAxis.Day) * TimeAxis.Day);
        }

        return Math.Min(day, end - TimeAxis.Day) + (9 * 3600) + rng.Next(11 * 3600);
    }

    private static long VisitTime(Random rng, long from, long to)
    {
        // Rejection sampling for the weekday pattern; shops open 09:00-20:00 UTC.
        while (true)
        {
            long t = from + rng.NextInt64(to - from);
            long day = TimeAxis.DayOf(t) * TimeAxis.Day;
            int dow = (int)DateTime.UnixEpoch.AddSeconds(day).DayOfWeek;
            if (rng.NextDouble() * 1.5 > WeekdaySeason[dow])
            {
                continue;
            }

            long ts = day + (9 * 3600) + rng.Next(11 * 3600);
            if (ts >= from && ts < to)
            {
                return ts;
            }
        }
    }

    private static int PickTerminal(Random rng, List<int> terminals) => terminals[rng.Next(terminals.Count)];

    private static int Pick(Random rng, double[] weights, double sum)
    {
        double u = rng.NextDouble() * sum;
        for (int i = 0; i < weights.Length; i++)
        {
            u -= weights[i];
            if (u < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    private static double Normal(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble();
        double u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static int Poisson(Random rng, double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        if (mean > 30)
        {
            return Math.Max(0, (int)Math.Round(mean + (Math.Sqrt(mean) * Normal(rng))));
        }

        double l = Math.Exp(-mean);
        int k = 0;
        double p = rng.NextDouble();
        while (p > l)
        {
            k++;
            p *= rng.NextDouble();
        }

        return k;
    }
}
