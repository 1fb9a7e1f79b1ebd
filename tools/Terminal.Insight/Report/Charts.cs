using System.Globalization;
using ScottPlot;
using Terminal.Insight.Analysis;
using Terminal.Insight.Config;

namespace Terminal.Insight.Report;

/// <summary>The report's plots, drawn with ScottPlot (SkiaSharp) into PNG bytes for embedding.</summary>
public static class Charts
{
    private const int Width = 900;
    private const int Height = 420;
    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;
    private static readonly IPalette Palette = new ScottPlot.Palettes.Category10();

    /// <summary>Renders every plot into the report.</summary>
    public static void AddAll(InsightReport r, InsightConfig config)
    {
        r.Charts.Add(("cohort_retention", "Cohort retention", CohortHeatmap(r), "Each row is the members who enrolled that month; each cell the share of them with a visit in month k after enrolment (30-day months). Blank: not yet observed."));
        foreach (EventResult e in r.Events)
        {
            r.Charts.Add(("retention_" + e.Event.Name, "Retention curve: " + e.Event.Name, RetentionCurves(e, config),
                "Members who visited in month " + (e.Event.LandmarkMonths - 1).ToString(Ci) + " after enrolment, split by whether they had reached " + e.Event.Name + " by the end of it; " +
                "the control are those who had not (dotted: the part of the control that reached it later). Share with a visit in each later month; dashed line: month " + config.RetentionMonth.ToString(Ci) + "."));
        }

        r.Charts.Add(("uplift", "Uplift with 95% intervals", UpliftChart(r), "Top: change in basket and in spend per member after " + r.Did.Event + " (difference in differences; the spend figure is inflated by when the event happens). Below: how much larger member baskets are than anonymous ones, per store (a comparison that includes self-selection)."));
        r.Charts.Add(("member_share", "Member share of sales", MemberShare(r), "Share of sales made with a loyalty card, per store and month."));
        r.Charts.Add(("category_mix", "Category mix", CategoryMix(r, config), "Share of sales per category and month (all selected stores)."));
        r.Charts.Add(("points_liability", "Points liability", PointsLiability(r), "Outstanding points (earned minus redeemed) valued at " + (double.IsNaN(r.PointValueMinor) ? "an unknown rate" : r.Money.Format(r.PointValueMinor * 100) + " per 100 points") + ", with the value earned and redeemed each month."));
    }

    /// <summary>Cohort x month heatmap with the percentage written in each cell.</summary>
    public static byte[] CohortHeatmap(InsightReport r)
    {
        var plot = NewPlot("Retention by enrolment cohort");
        List<CohortRow> rows = r.Cohorts;
        int months = 0;
        foreach (CohortRow c in rows)
        {
            for (int k = 0; k < c.Share.Length; k++)
            {
                if (!double.IsNaN(c.Share[k]))
                {
                    months = Math.Max(months, k + 1);
                }
            }
        }

        if (rows.Count == 0 || months == 0)
        {
            return Empty(plot, "No cohort has a complete month yet");
        }

        var data = new double[rows.Count, months];
        for (int i = 0; i < rows.Count; i++)
        {
            for (int k = 0; k < months; k++)
            {
                data[i, k] = rows[i].Share[k] * 100;
            }
        }

        var hm = plot.Add.Heatmap(data);
        hm.Colormap = new ScottPlot.Colormaps.Viridis();
        hm.ManualRange = new ScottPlot.Range(0, 100);
        hm.NaNCellColor = Colors.White;
        var bar = plot.Add.ColorBar(hm);
        bar.Label = "% with a visit";

        // ScottPlot draws data row 0 at the top: row i sits at y = rows - 1 - i.
        for (int i = 0; i < rows.Count; i++)
        {
            for (int k = 0; k < months; k++)
            {
                double v = data[i, k];
                if (double.IsNaN(v))
                {
                    continue;
                }

                var text = plot.Add.Text(v.ToString("0", Ci), k, rows.Count - 1 - i);
                text.Alignment = Alignment.MiddleCenter;
                text.LabelFontSize = rows.Count > 14 ? 9 : 11;
                text.LabelFontColor = v > 55 ? Colors.Black : Colors.White;
            }
        }

        plot.Axes.Left.SetTicks(
            Enumerable.Range(0, rows.Count).Select(i => (double)(rows.Count - 1 - i)).ToArray(),
            rows.Select(c => TimeAxis.MonthLabel(c.Month) + " (" + c.Size.ToString(Ci) + ")").ToArray());
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, months).Select(k => (double)k).ToArray(), Enumerable.Range(0, months).Select(k => "M" + k.ToString(Ci)).ToArray());
        plot.XLabel("Months after enrolment");
        return Render(plot, Width, Math.Max(Height, 120 + (rows.Count * 28)));
    }

    /// <summary>Retention curves of the segments of one event.</summary>
    public static byte[] RetentionCurves(EventResult e, InsightConfig config)
    {
        var plot = NewPlot(e.Event.Name + " (" + e.Definition + ")");
        int i = 0;
        foreach (SegmentCurve c in e.Curves)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            // Before the landmark the curves are fixed by how the groups are defined (everyone visited in
            // month L-1), so they start there.
            for (int k = e.Event.LandmarkMonths - 1; k < c.Share.Length; k++)
            {
                if (c.Observed[k] >= 10)
                {
                    xs.Add(k);
                    ys.Add(c.Share[k] * 100);
                }
            }

            Color color = i == 0 ? Palette.GetColor(1) : i == 1 ? Palette.GetColor(2) : Colors.Gray;
            if (xs.Count > 0)
            {
                var s = plot.Add.Scatter(xs.ToArray(), ys.ToArray(), color);
                s.LegendText = c.Segment + " (" + c.Observed.Max().ToString("N0", Ci) + ")";
                s.LineWidth = i == 1 ? 1.5f : 2.5f;
                s.MarkerSize = 5;
                if (i == 1)
                {
                    s.LinePattern = LinePattern.Dotted;
                }
            }

            i++;
        }

        var line = plot.Add.VerticalLine(config.RetentionMonth);
        line.LinePattern = LinePattern.Dashed;
        line.Color = Colors.Black.WithAlpha(0.5);
        plot.Axes.SetLimitsY(0, 105);
        plot.XLabel("Months after enrolment");
        plot.YLabel("% with a visit");
        plot.ShowLegend(Alignment.LowerLeft);
        return Render(plot, Width / 2 + 150, Height);
    }

    /// <summary>Uplift estimates with intervals, as horizontal error bars in percent.</summary>
    public static byte[] UpliftChart(InsightReport r)
    {
        var plot = NewPlot("Uplift estimates (%)");
        var labels = new List<string>();
        var values = new List<double>();
        var lo = new List<double>();
        var hi = new List<double>();
        DidResult did = r.Did;
        labels.Add("(a) basket after " + did.Event + " (DiD)");
        values.Add(did.BasketUplift.Value * 100);
        lo.Add(did.BasketUplift.Lo * 100);
        hi.Add(did.BasketUplift.Hi * 100);
        labels.Add("(a) spend/member after " + did.Event + " (inflated)");
        values.Add(did.Uplift.Value * 100);
        lo.Add(did.Uplift.Lo * 100);
        hi.Add(did.Uplift.Hi * 100);
        foreach (string store in r.Periods.StoreLabels)
        {
            Interval ratio = r.Periods.Totals[store].BasketRatio;
            labels.Add("(b) member vs anonymous basket, " + store);
            values.Add((ratio.Value - 1) * 100);
            lo.Add((ratio.Lo - 1) * 100);
            hi.Add((ratio.Hi - 1) * 100);
        }

        int n = labels.Count;
        var ys = Enumerable.Range(0, n).Select(i => (double)(n - 1 - i)).ToArray();
        var known = Enumerable.Range(0, n).Where(i => !double.IsNaN(values[i]) && !double.IsNaN(lo[i])).ToArray();
        if (known.Length > 0)
        {
            double[] x = known.Select(i => values[i]).ToArray();
            double[] y = known.Select(i => ys[i]).ToArray();
            var err = new ScottPlot.Plottables.ErrorBar(x, y, known.Select(i => values[i] - lo[i]).ToArray(), known.Select(i => hi[i] - values[i]).ToArray(), new double[x.Length], new double[x.Length]);
            plot.Add.Plottable(err);
            err.Color = Colors.Black;
            err.LineWidth = 2;
            var dots = plot.Add.ScatterPoints(x, y, Palette.GetColor(0));
            dots.MarkerSize = 10;
            for (int j = 0; j < known.Length; j++)
            {
                var t = plot.Add.Text(values[known[j]].ToString("+0.0;-0.0", Ci) + "%", x[j], y[j] + 0.28);
                t.Alignment = Alignment.LowerCenter;
                t.LabelFontSize = 12;
            }
        }

        var zero = plot.Add.VerticalLine(0);
        zero.Color = Colors.Gray;
        zero.LinePattern = LinePattern.Dashed;
        plot.Axes.Left.SetTicks(ys, labels.ToArray());
        plot.Axes.SetLimitsY(-0.7, n - 0.3);
        plot.XLabel("% (point estimate with 95% interval)");
        return Render(plot, Width, 140 + (n * 60));
    }

    /// <summary>Member share of sales per month, one line per store.</summary>
    public static byte[] MemberShare(InsightReport r)
    {
        var plot = NewPlot("Member share of sales");
        PeriodMetrics p = r.Periods;
        int i = 0;
        foreach (string store in p.StoreLabels)
        {
            var rows = p.Rows.Where(x => x.Store == store && x.Sales > 0).ToList();
            if (rows.Count == 0)
            {
                continue;
            }

            bool all = store == PeriodMetrics.AllStores;
            var s = plot.Add.Scatter(rows.Select(x => (double)(x.Month - p.FirstMonth)).ToArray(), rows.Select(x => x.MemberShare * 100).ToArray(), all ? Colors.Black : Palette.GetColor(i));
            s.LegendText = store;
            s.LineWidth = all ? 3 : 1.5f;
            s.MarkerSize = all ? 6 : 4;
            i++;
        }

        MonthTicks(plot, p);
        plot.YLabel("% of sales with a card");
        plot.Axes.SetLimitsY(0, 100);
        plot.ShowLegend(Alignment.LowerRight);
        return Render(plot, Width, Height);
    }

    /// <summary>Stacked category shares per month.</summary>
    public static byte[] CategoryMix(InsightReport r, InsightConfig config)
    {
        var plot = NewPlot("Category mix (share of sales)");
        PeriodMetrics p = r.Periods;
        string label = p.StoreLabels[^1];
        var rows = p.Rows.Where(x => x.Store == label).ToList();
        int cats = rows.Count == 0 ? 0 : rows[0].CategorySales.Length;
        var bars = new List<Bar>();
        var legend = new List<LegendItem>();
        for (int c = 0; c < cats; c++)
        {
            if (rows.All(x => x.CategorySales[c] == 0))
            {
                continue;
            }

            legend.Add(new LegendItem { LabelText = config.CategoryName(c), FillColor = Palette.GetColor(c) });
        }

        foreach (StoreMonth m in rows)
        {
            double bottom = 0;
            for (int c = 0; c < cats; c++)
            {
                if (m.Sales == 0 || m.CategorySales[c] == 0)
                {
                    continue;
                }

                double share = m.CategorySales[c] * 100.0 / m.Sales;
                bars.Add(new Bar { Position = m.Month - p.FirstMonth, ValueBase = bottom, Value = bottom + share, FillColor = Palette.GetColor(c), LineWidth = 0 });
                bottom += share;
            }
        }

        plot.Add.Bars(bars);
        MonthTicks(plot, p);
        plot.YLabel("% of sales");
        plot.Axes.SetLimitsY(0, 100);

        // Room on the right for the legend so it covers no bar.
        plot.Axes.SetLimitsX(-0.6, p.LastMonth - p.FirstMonth + 2.6);
        plot.ShowLegend(legend, Alignment.UpperRight);
        return Render(plot, Width, Height);
    }

    /// <summary>Outstanding liability in money, with monthly earned and redeemed value.</summary>
    public static byte[] PointsLiability(InsightReport r)
    {
        var plot = NewPlot("Points liability (" + r.Money.Currency + ")");
        PeriodMetrics p = r.Periods;
        string label = p.StoreLabels[^1];
        var rows = p.Rows.Where(x => x.Store == label).ToList();
        double value = double.IsNaN(r.PointValueMinor) ? 0 : r.PointValueMinor;
        if (value == 0)
        {
            plot.Title("Points liability (points: no value per point known)");
            value = Math.Pow(10, r.Money.Decimals);
        }

        var earned = rows.Select(x => new Bar { Position = x.Month - p.FirstMonth, Value = r.Money.ToMajor(x.PointsEarned * value), FillColor = Palette.GetColor(2), LineWidth = 0, Size = 0.7 }).ToList();
        var redeemed = rows.Select(x => new Bar { Position = x.Month - p.FirstMonth, Value = -r.Money.ToMajor(x.PointsRedeemed * value), FillColor = Palette.GetColor(3), LineWidth = 0, Size = 0.7 }).ToList();
        plot.Add.Bars(earned);
        plot.Add.Bars(redeemed);
        var line = plot.Add.Scatter(rows.Select(x => (double)(x.Month - p.FirstMonth)).ToArray(), rows.Select(x => r.Money.ToMajor(x.OutstandingPoints * value)).ToArray(), Colors.Black);
        line.LineWidth = 3;
        line.MarkerSize = 6;
        var zero = plot.Add.HorizontalLine(0);
        zero.Color = Colors.Gray;
        MonthTicks(plot, p);
        plot.YLabel(r.Money.Currency);
        plot.ShowLegend(
            [
                new LegendItem { LabelText = "outstanding at month end", LineColor = Colors.Black, LineWidth = 3 },
                new LegendItem { LabelText = "earned in the month", FillColor = Palette.GetColor(2) },
                new LegendItem { LabelText = "redeemed in the month", FillColor = Palette.GetColor(3) },
            ],
            Alignment.UpperLeft);
        return Render(plot, Width, Height);
    }

    private static Plot NewPlot(string title)
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        plot.Title(title);
        return plot;
    }

    private static void MonthTicks(Plot plot, PeriodMetrics p)
    {
        int months = p.LastMonth - p.FirstMonth + 1;
        int step = months > 18 ? 3 : months > 12 ? 2 : 1;
        var positions = new List<double>();
        var labels = new List<string>();
        for (int k = 0; k < months; k += step)
        {
            positions.Add(k);
            labels.Add(TimeAxis.MonthLabel(p.FirstMonth + k));
        }

        plot.Axes.Bottom.SetTicks(positions.ToArray(), labels.ToArray());
        plot.Axes.SetLimitsX(-0.6, months - 0.4);
    }

    private static byte[] Empty(Plot plot, string message)
    {
        plot.Add.Text(message, 0, 0);
        return Render(plot, Width, 200);
    }

    private static byte[] Render(Plot plot, int width, int height)
    {
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }
}
