using Terminal.Insight.Data;

namespace Terminal.Insight.Analysis;

/// <summary>Sales, visits, baskets, category mix and points of one store (or all selected stores) in one calendar month.</summary>
public sealed class StoreMonth
{
    internal StoreMonth(string store, int month, int categories)
    {
        Store = store;
        Month = month;
        CategorySales = new long[categories];
    }

    /// <summary>Store id, or <see cref="PeriodMetrics.AllStores"/>.</summary>
    public string Store { get; }

    /// <summary>Calendar month index (<see cref="TimeAxis.MonthIndex"/>).</summary>
    public int Month { get; }

    /// <summary>Member sales (Earn), minor units.</summary>
    public long MemberSales { get; internal set; }

    /// <summary>Anonymous sales, minor units.</summary>
    public long AnonymousSales { get; internal set; }

    /// <summary>All sales.</summary>
    public long Sales => MemberSales + AnonymousSales;

    /// <summary>Member visits (sales with a card).</summary>
    public long MemberVisits { get; internal set; }

    /// <summary>Anonymous visits.</summary>
    public long AnonymousVisits { get; internal set; }

    /// <summary>All visits.</summary>
    public long Visits => MemberVisits + AnonymousVisits;

    /// <summary>Members with at least one visit this month here.</summary>
    public long ActiveMembers { get; internal set; }

    /// <summary>Cards enrolled this month here.</summary>
    public long NewMembers { get; internal set; }

    /// <summary>Points earned.</summary>
    public long PointsEarned { get; internal set; }

    /// <summary>Points redeemed (positive number).</summary>
    public long PointsRedeemed { get; internal set; }

    /// <summary>Redemptions.</summary>
    public long Redemptions { get; internal set; }

    /// <summary>Points outstanding at the end of the month (earned minus redeemed since the start of the history).</summary>
    public long OutstandingPoints { get; internal set; }

    /// <summary>Sales per category.</summary>
    public long[] CategorySales { get; }

    internal double SumSqMember { get; set; }

    internal double SumSqAnonymous { get; set; }

    /// <summary>Member share of sales (0-1).</summary>
    public double MemberShare => Sales == 0 ? double.NaN : MemberSales / (double)Sales;

    /// <summary>Member visits per active member.</summary>
    public double VisitFrequency => ActiveMembers == 0 ? double.NaN : MemberVisits / (double)ActiveMembers;

    /// <summary>Average member basket, minor units.</summary>
    public double AvgBasketMember => MemberVisits == 0 ? double.NaN : MemberSales / (double)MemberVisits;

    /// <summary>Average anonymous basket, minor units.</summary>
    public double AvgBasketAnonymous => AnonymousVisits == 0 ? double.NaN : AnonymousSales / (double)AnonymousVisits;

    /// <summary>Member basket over anonymous basket, with a delta-method interval.</summary>
    public Interval BasketRatio => Stats.RatioOfMeans(MemberSales, SumSqMember, MemberVisits, AnonymousSales, SumSqAnonymous, AnonymousVisits);
}

/// <summary>Per-period, per-store metrics over the report window.</summary>
public sealed class PeriodMetrics
{
    /// <summary>Label of the all-stores rows.</summary>
    public const string AllStores = "All stores";

    /// <summary>First month of the window.</summary>
    public int FirstMonth { get; private set; }

    /// <summary>Last month of the window.</summary>
    public int LastMonth { get; private set; }

    /// <summary>Rows ordered by store (all stores last) then month.</summary>
    public List<StoreMonth> Rows { get; } = [];

    /// <summary>Store labels in row order.</summary>
    public List<string> StoreLabels { get; } = [];

    /// <summary>Whole-window totals per store label (Month = -1).</summary>
    public Dictionary<string, StoreMonth> Totals { get; } = [];

    /// <summary>Discount given on fixed-amount vouchers, minor units (all history in the selected stores).</summary>
    public long FixedDiscountMinor { get; private set; }

    /// <summary>Points taken by those vouchers.</summary>
    public long FixedDiscountPoints { get; private set; }

    /// <summary>Computes the metrics for months overlapping [from, toExclusive).</summary>
    public static PeriodMetrics Compute(Dataset d, long from, long toExclusive, int categories)
    {
        var p = new PeriodMetrics
        {
            FirstMonth = TimeAxis.MonthIndex(from),
            LastMonth = TimeAxis.MonthIndex(toExclusive - 1),
        };
        int months = p.LastMonth - p.FirstMonth + 1;
        int selectedCount = d.Selected.Count(s => s);
        bool withAll = selectedCount > 1;
        var columns = new List<int>(); // store index per column; -1 = all
        for (int s = 0; s < d.Stores.Length; s++)
        {
            if (d.Selected[s])
            {
                columns.Add(s);
            }
        }

        if (withAll)
        {
            columns.Add(-1);
        }

        int cats = Math.Max(categories, d.Count == 0 ? 0 : d.Category.Take(d.Count).Max() + 1);
        var cell = new StoreMonth[columns.Count, months];
        var totals = new StoreMonth[columns.Count];
        for (int c = 0; c < columns.Count; c++)
        {
            string label = columns[c] < 0 ? AllStores : d.Stores[columns[c]].ShopId;
            p.StoreLabels.Add(label);
            totals[c] = new StoreMonth(label, -1, cats);
            for (int k = 0; k < months; k++)
            {
                cell[c, k] = new StoreMonth(label, p.FirstMonth + k, cats);
            }
        }

        var columnOf = new int[d.Stores.Length];
        Array.Fill(columnOf, -1);
        for (int c = 0; c < columns.Count; c++)
        {
            if (columns[c] >= 0)
            {
                columnOf[columns[c]] = c;
            }
        }

        int allColumn = withAll ? columns.Count - 1 : -1;
        int members = d.MemberUids.Length;

        // Rows are in time order, so "already counted as active this month" is one int per member and column.
        var lastActive = new int[columns.Count][];
        var seenInWindow = new bool[columns.Count][];
        for (int c = 0; c < columns.Count; c++)
        {
            lastActive[c] = new int[members];
            Array.Fill(lastActive[c], int.MinValue);
            seenInWindow[c] = new bool[members];
        }

        var opening = new long[columns.Count];
        Span<int> targets = stackalloc int[2];
        for (int i = 0; i < d.Count; i++)
        {
            int col = columnOf[d.Store[i]];
            if (col < 0)
            {
                continue;
            }

            byte kind = d.Kind[i];
            if (kind == TxKind.Redeem && d.Discount[i] > 0)
            {
                p.FixedDiscountMinor += d.Discount[i];
                p.FixedDiscountPoints += -d.Points[i];
            }

            long ts = d.Ts[i];
            int n = 0;
            targets[n++] = col;
            if (allColumn >= 0)
            {
                targets[n++] = allColumn;
            }

            if (ts < from)
            {
                for (int t = 0; t < n; t++)
                {
                    opening[targets[t]] += d.Points[i];
                }

                continue;
            }

            int k = TimeAxis.MonthIndex(ts) - p.FirstMonth;
            for (int t = 0; t < n; t++)
            {
                int c = targets[t];
                Add(cell[c, k], totals[c], d, i, kind, lastActive[c], seenInWindow[c], k);
            }
        }

        for (int c = 0; c < columns.Count; c++)
        {
            long outstanding = opening[c];
            for (int k = 0; k < months; k++)
            {
                StoreMonth sm = cell[c, k];
                outstanding += sm.PointsEarned - sm.PointsRedeemed;
                sm.OutstandingPoints = outstanding;
                p.Rows.Add(sm);
            }

            totals[c].OutstandingPoints = outstanding;
            p.Totals[p.StoreLabels[c]] = totals[c];
        }

        return p;
    }

    private static void Add(StoreMonth sm, StoreMonth total, Dataset d, int i, byte kind, int[] lastActive, bool[] seenInWindow, int k)
    {
        Accumulate(sm, d, i, kind);
        Accumulate(total, d, i, kind);
        if (kind != TxKind.Earn)
        {
            return;
        }

        int m = d.Member[i];
        if (lastActive[m] != k)
        {
            lastActive[m] = k;
            sm.ActiveMembers++;
        }

        if (!seenInWindow[m])
        {
            seenInWindow[m] = true;
            total.ActiveMembers++;
        }
    }

    private static void Accumulate(StoreMonth x, Dataset d, int i, byte kind)
    {
        long amount = d.Amount[i];
        switch (kind)
        {
            case TxKind.Earn:
                x.MemberSales += amount;
                x.MemberVisits++;
                x.SumSqMember += (double)amount * amount;
                x.CategorySales[d.Category[i]] += amount;
                x.PointsEarned += d.Points[i];
                break;
            case TxKind.AnonymousSale:
                x.AnonymousSales += amount;
                x.AnonymousVisits++;
                x.SumSqAnonymous += (double)amount * amount;
                x.CategorySales[d.Category[i]] += amount;
                break;
            case TxKind.Redeem:
                x.PointsRedeemed += -d.Points[i];
                x.Redemptions++;
                break;
            case TxKind.Enrol:
                x.NewMembers++;
                break;
        }
    }
}
