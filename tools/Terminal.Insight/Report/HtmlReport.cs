using System.Globalization;
using System.Net;
using System.Text;
using Terminal.Insight.Analysis;

namespace Terminal.Insight.Report;

/// <summary>Writes the report as one self-contained HTML page (inline CSS, plots as base64 PNG, no scripts, no links out).</summary>
public static class HtmlReport
{
    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    /// <summary>The whole page.</summary>
    public static string Render(InsightReport r)
    {
        var sb = new StringBuilder(1 << 20);
        string title = "Shopper insight: " + string.Join(", ", r.Stores) + ", " + TimeAxis.DateLabel(r.From) + " to " + TimeAxis.DateLabel(r.ToExclusive - 1);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title>\n<style>\n")
          .Append("body{font-family:'DejaVu Sans',Arial,sans-serif;margin:24px auto;max-width:1180px;color:#222;line-height:1.45;padding:0 16px}\n")
          .Append("h1{font-size:26px;margin-bottom:4px}h2{font-size:20px;margin-top:36px;border-bottom:2px solid #ddd;padding-bottom:4px}h3{font-size:16px}\n")
          .Append(".sub{color:#666;margin-top:0}.glance{background:#f4f8fb;border-left:5px solid #1f77b4;padding:12px 20px}\n")
          .Append(".glance li{margin:6px 0}.warn{background:#fff6e5;border-left:5px solid #e69500;padding:10px 18px}\n")
          .Append(".strong{color:#17692d;font-weight:bold}.poor{color:#a65e00;font-weight:bold}.negative{color:#b00020;font-weight:bold}.insufficient{color:#666;font-weight:bold}\n")
          .Append("table{border-collapse:collapse;font-size:13px;margin:10px 0}th,td{border:1px solid #ddd;padding:4px 8px;text-align:right}th{background:#f0f0f0}\n")
          .Append("td:first-child,th:first-child{text-align:left}td.t{text-align:left;white-space:nowrap}summary{cursor:pointer;font-weight:bold;margin:10px 0}img{max-width:100%;border:1px solid #eee}.cap{color:#555;font-size:13px;margin-top:2px}\n")
          .Append(".grid{display:flex;flex-wrap:wrap;gap:12px}.grid figure{margin:0;flex:1 1 520px}\n")
          .Append("</style></head><body>\n");
        sb.Append("<h1>").Append(E(title)).Append("</h1>\n<p class=\"sub\">Tenant ").Append(E(r.Tenant)).Append(" · amounts in ").Append(E(r.Money.Currency))
          .Append(" · generated from the cloud database; every table is also written as CSV next to this file.</p>\n");

        sb.Append("<h2>At a glance</h2>\n<ul class=\"glance\">\n");
        foreach (string h in r.Headlines)
        {
            sb.Append("<li>").Append(E(h)).Append("</li>\n");
        }

        sb.Append("</ul>\n");
        sb.Append("<div class=\"warn\"><b>Read with care: selection bias.</b> Shoppers choose to join, to come back and to redeem, so members differ from anonymous shoppers ")
          .Append("and members who reach an event differ from those who do not, before the programme does anything. This report reduces that bias where it can: ")
          .Append("lifecycle events are compared only among members still shopping at the landmark month and with the same number of early visits, and the spend uplift ")
          .Append("compares members with themselves before and after, net of the trend of members who had not reached the event yet. What remains is association, not proof; ")
          .Append("a controlled test (offer vouchers to a random half) is the only way to be sure.</div>\n");

        sb.Append("<h2>Retention</h2>\n");
        Chart(sb, r, "cohort_retention");
        TableHtml(sb, r.Table("cohort_retention"), r.Money);

        sb.Append("<h2>Lifecycle events: do they predict who stays?</h2>\n<ul>\n");
        foreach (EventResult e in r.Events)
        {
            sb.Append("<li><span class=\"").Append(e.Kind.ToString().ToLowerInvariant()).Append("\">").Append(E(e.Event.Name)).Append(" – ")
              .Append(E(SignalWord(e.Kind))).Append(":</span> ").Append(E(e.Verdict)).Append("</li>\n");
        }

        sb.Append("</ul>\n<p class=\"cap\">Method: landmark analysis. For each event only members who visited in the month before its landmark and whose month ")
          .Append(r.RetentionMonth.ToString(Ci)).Append(" is over are compared; those who reached the event by the landmark against those who had not (the control). ")
          .Append("The ratio of their shares still shopping in month ").Append(r.RetentionMonth.ToString(Ci)).Append(" is adjusted for the number of visits before the landmark (Mantel-Haenszel, 95% interval by Greenland-Robins); ")
          .Append("an event whose adjusted interval includes 1, or whose ratio is close to 1, is flagged as a poor signal.</p>\n");
        sb.Append("<div class=\"grid\">\n");
        foreach (EventResult e in r.Events)
        {
            sb.Append("<figure>");
            Chart(sb, r, "retention_" + e.Event.Name);
            sb.Append("</figure>\n");
        }

        sb.Append("</div>\n");
        TableHtml(sb, r.Table("lifecycle_events"), r.Money);
        TableHtml(sb, r.Table("event_signal"), r.Money);

        sb.Append("<h2>Does the programme raise sales? Two estimates side by side</h2>\n");
        Chart(sb, r, "uplift");
        sb.Append("<h3>(a) Difference in differences around ").Append(E(r.Did.Event)).Append("</h3>\n<p>Each member who reached ").Append(E(r.Did.Event))
          .Append(" is compared with themselves: spend in the ").Append(r.Did.WindowDays.ToString(Ci)).Append(" days after against the ")
          .Append(r.Did.WindowDays.ToString(Ci)).Append(" days before (the day itself is left out). The change is set against the change, over the same calendar days, ")
          .Append("of members who had not reached it yet, which removes the season and fixed differences between shoppers. <b>Assumptions:</b> without the event the two groups ")
          .Append("would have followed the same trend (parallel trends); reaching the event was not itself caused by a planned jump in spending; members must have been enrolled ")
          .Append("through the whole window before and visit at least once in each window, so the estimate is about continuing shoppers. Comparison members who reach the event ")
          .Append("during the window after make the estimate conservative. Interval: Poisson bootstrap over members.</p>\n");
        sb.Append("<p><b>Why three measures.</b> A voucher is redeemed at a visit, and members who visit often redeem sooner. So a member who reaches ")
          .Append(E(r.Did.Event)).Append(" on a given day has, by selection, visited less than usual just before it: the visits before are too low and the spend and visit ")
          .Append("uplifts come out too high. The basket (spend per visit) does not depend on when visits happened, which makes it the estimate to trust.</p>\n");
        TableHtml(sb, r.Table("uplift_did"), r.Money);
        TableHtml(sb, r.Table("uplift_did_windows"), r.Money);
        sb.Append("<h3>(b) Members against anonymous shoppers</h3>\n<p>Average basket with and without a card, per store and month, with visits per active member. ")
          .Append("<b>Assumptions and limits:</b> members chose to join, and loyal, big-basket shoppers join more readily, so the gap mixes the programme's effect with who signs up: ")
          .Append("read it as an upper bound. Anonymous shoppers cannot be told apart, so their visit frequency is unknown: only their number of visits is shown.</p>\n");
        TableHtml(sb, r.Table("member_vs_anonymous"), r.Money);

        Section(sb, "Sales and members", r, "member_share", "store_month");
        Section(sb, "Category mix", r, "category_mix", null);
        Section(sb, "Points liability", r, "points_liability", "points_liability");
        sb.Append("<p class=\"cap\">Value per point: ").Append(double.IsNaN(r.PointValueMinor) ? "unknown" : E(r.PointValueMinor.ToString("0.###", Ci)) + " minor units")
          .Append(" (").Append(E(r.PointValueSource)).Append(").</p>\n");

        sb.Append("<h2>About the data</h2>\n<ul>\n");
        foreach (string n in r.DataNotes)
        {
            sb.Append("<li>").Append(E(n)).Append("</li>\n");
        }

        sb.Append("<li>CSV files: ").Append(E(string.Join(", ", r.Tables.Select(t => t.Name + ".csv")))).Append(".</li>\n</ul>\n</body></html>\n");
        return sb.ToString();
    }

    private static string SignalWord(SignalKind k) => k switch
    {
        SignalKind.Strong => "predicts retention",
        SignalKind.Negative => "goes with churn",
        SignalKind.Poor => "poor signal",
        _ => "not enough data",
    };

    private static void Section(StringBuilder sb, string heading, InsightReport r, string chart, string? table)
    {
        sb.Append("<h2>").Append(E(heading)).Append("</h2>\n");
        Chart(sb, r, chart);
        if (table != null)
        {
            TableHtml(sb, r.Table(table), r.Money);
        }
    }

    private static void Chart(StringBuilder sb, InsightReport r, string name)
    {
        var c = r.Charts.FirstOrDefault(x => x.Name == name);
        if (c.Png == null)
        {
            return;
        }

        sb.Append("<img alt=\"").Append(E(c.Title)).Append("\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(c.Png)).Append("\">\n")
          .Append("<p class=\"cap\">").Append(E(c.Caption)).Append("</p>\n");
    }

    private static void TableHtml(StringBuilder sb, ReportTable t, MoneyFormat money)
    {
        if (!t.InHtml)
        {
            return;
        }

        // Long tables fold away so the plots and verdicts stay within a minute's reading.
        bool fold = t.Rows.Count > 12;
        sb.Append(fold ? "<details><summary>" : "<h3>").Append(E(t.Title)).Append(fold ? " (" + t.Rows.Count.ToString(Ci) + " rows, click to open)</summary>\n<table><tr>" : "</h3>\n<table><tr>");
        foreach (Column c in t.Columns)
        {
            sb.Append("<th>").Append(E(c.Title)).Append("</th>");
        }

        sb.Append("</tr>\n");
        foreach (object?[] row in t.Rows)
        {
            sb.Append("<tr>");
            for (int i = 0; i < row.Length; i++)
            {
                string cls = t.Columns[i].Kind == ColumnKind.Text ? " class=\"t\"" : string.Empty;
                sb.Append("<td").Append(cls).Append('>').Append(E(ReportTable.DisplayValue(t.Columns[i].Kind, row[i], money))).Append("</td>");
            }

            sb.Append("</tr>\n");
        }

        sb.Append(fold ? "</table></details>\n" : "</table>\n");
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
