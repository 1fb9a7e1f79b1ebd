using System.Data.Common;
using System.Globalization;
using Terminal.Insight.Analysis;
using Terminal.Insight.Config;
using Terminal.Insight.Data;

namespace Terminal.Insight.Report;

/// <summary>Runs every analysis and turns the results into tables, plots and headline sentences.</summary>
public static class ReportBuilder
{
    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    /// <summary>Opens the database, loads, analyses. Throws <see cref="InsightException"/> on bad input.</summary>
    public static InsightReport Build(ReportRequest request, Action<string>? progress = null)
    {
        using DbConnection connection = CloudDatabase.OpenRead(request.Db);
        return Build(connection, request, progress);
    }

    /// <summary>Same on an open connection.</summary>
    public static InsightReport Build(DbConnection connection, ReportRequest request, Action<string>? progress = null)
    {
        InsightConfig config = request.Config;
        config.Validate();
        long requestedFrom = request.From is DateOnly f ? TimeAxis.FromDate(f) : long.MinValue;
        long requestedTo = request.To is DateOnly t ? TimeAxis.FromDate(t) + TimeAxis.Day : long.MaxValue;
        if (request.From.HasValue && request.To.HasValue && requestedFrom >= requestedTo)
        {
            throw new InsightException("empty range: --from " + request.From.Value.ToString("yyyy-MM-dd", Ci) + " is after --to " + request.To.Value.ToString("yyyy-MM-dd", Ci));
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        Dataset d = DatasetLoader.Load(connection, new LoadRequest(request.Tenant, request.Stores, requestedTo), progress);
        if (d.Count == 0)
        {
            throw new InsightException("no transactions for tenant " + d.TenantId + (request.To.HasValue ? " before " + TimeAxis.DateLabel(requestedTo) : string.Empty));
        }

        long from = request.From.HasValue ? requestedFrom : TimeAxis.MonthStart(TimeAxis.MonthIndex(d.MinTs));
        long toExclusive = request.To.HasValue ? requestedTo : (TimeAxis.DayOf(d.MaxTs) + 1) * TimeAxis.Day;
        if (from >= toExclusive)
        {
            throw new InsightException("empty range: the data ends on " + TimeAxis.DateLabel(d.MaxTs) + ", before --from " + TimeAxis.DateLabel(from));
        }

        string[] stores = d.Stores.Where((s, i) => d.Selected[i]).Select(s => s.ShopId).ToArray();
        if (!HasSales(d, from, toExclusive))
        {
            throw new InsightException("empty range: no sales in " + string.Join(", ", stores) + " between " + TimeAxis.DateLabel(from) + " and " + TimeAxis.DateLabel(toExclusive - 1));
        }

        progress?.Invoke(string.Format(Ci, "loaded {0:N0} rows ({1:N0} members, {2:N0} voids applied) in {3:0.0} s{4}", d.RowsRead, d.MemberUids.Length, d.VoidsApplied, watch.Elapsed.TotalSeconds, Cpu()));
        long observationEnd = Math.Min(toExclusive, d.MaxTs + 1);

        progress?.Invoke("period metrics ..." + Cpu());
        PeriodMetrics periods = PeriodMetrics.Compute(d, from, toExclusive, config.Categories.Count);
        progress?.Invoke("member timelines and lifecycle events ...");
        Timelines timelines = Timelines.Build(d, config.MonthDays);
        bool[] scope = Retention.Scope(d, from, toExclusive);
        int maxMonths = Math.Clamp((int)((observationEnd - from) / timelines.MonthSeconds) + 1, config.RetentionMonth + 1, 60);
        List<CohortRow> cohorts = Retention.Cohorts(d, timelines, scope, observationEnd, maxMonths);
        var reaches = new Dictionary<string, long[]>();
        var events = new List<EventResult>();
        foreach (LifecycleEvent e in config.Events)
        {
            long[] reach = Lifecycle.Reach(e, d, timelines);
            reaches[e.Name] = reach;
            events.Add(EventSignal.Analyse(e, reach, d, timelines, scope, observationEnd, config, maxMonths));
        }

        progress?.Invoke("uplift (difference in differences) ..." + Cpu());
        DidResult did = Uplift.DifferenceInDifferences(d, timelines, reaches[config.UpliftEvent], from, toExclusive, observationEnd, config, progress);

        double pointValue = config.PointValueMinor ?? (periods.FixedDiscountPoints > 0 ? periods.FixedDiscountMinor / (double)periods.FixedDiscountPoints : double.NaN);
        string pointSource = config.PointValueMinor.HasValue ? "set in the config"
            : double.IsNaN(pointValue) ? "unknown (no fixed-amount voucher redeemed yet; set pointValueMinor in the config)"
            : "derived from the fixed-amount vouchers redeemed (discount given / points taken)";
        var report = new InsightReport
        {
            Tenant = d.TenantId,
            Stores = stores,
            From = from,
            ToExclusive = toExclusive,
            RetentionMonth = config.RetentionMonth,
            Money = new MoneyFormat(d.Currency, d.Decimals),
            Periods = periods,
            Cohorts = cohorts,
            Events = events,
            Did = did,
            PointValueMinor = pointValue,
            PointValueSource = pointSource,
        };
        Notes(report, d, observationEnd, toExclusive);
        Tables(report, config);
        Headlines(report, config);
        if (request.WithCharts)
        {
            progress?.Invoke("plots ..." + Cpu());
            Charts.AddAll(report, config);
        }

        progress?.Invoke(string.Format(Ci, "report ready in {0:0.0} s{1}", watch.Elapsed.TotalSeconds, Cpu()));
        return report;
    }

    /// <summary>Process CPU time so far: on a shared machine wall time says little about the work done.</summary>
    private static string Cpu()
    {
        using var p = System.Diagnostics.Process.GetCurrentProcess();
        return string.Format(Ci, " (process cpu {0:0.0} s)", p.TotalProcessorTime.TotalSeconds);
    }

    private static bool HasSales(Dataset d, long from, long toExclusive)
    {
        for (int i = 0; i < d.Count; i++)
        {
            if (d.Ts[i] >= from && d.Ts[i] < toExclusive && d.Selected[d.Store[i]] && (d.Kind[i] == TxKind.Earn || d.Kind[i] == TxKind.AnonymousSale))
            {
                return true;
            }
        }

        return false;
    }

    private static void Notes(InsightReport r, Dataset d, long observationEnd, long toExclusive)
    {
        r.DataNotes.Add(string.Format(Ci, "{0:N0} transactions read ({1:N0} voids applied, each removing itself and the sale it reversed; {2:N0} security events ignored).", d.RowsRead, d.VoidsApplied, d.SecurityEvents));
        if (d.MembersWithoutEnrol > 0)
        {
            r.DataNotes.Add(string.Format(Ci, "{0:N0} members have no Enrol row in the synced history; their first transaction stands in for the enrolment.", d.MembersWithoutEnrol));
        }

        if (observationEnd < toExclusive)
        {
            r.DataNotes.Add("The data ends on " + TimeAxis.DateLabel(observationEnd - 1) + "; later months count as not yet observed, not as months without visits.");
        }

        if (d.Stores.Length > r.Stores.Count)
        {
            r.DataNotes.Add("Lifecycle and retention cover members who enrolled at " + string.Join(", ", r.Stores) + "; their visits at every store of the tenant count.");
        }
    }

    private static void Tables(InsightReport r, InsightConfig config)
    {
        PeriodMetrics p = r.Periods;
        var storeMonth = new ReportTable("store_month", "Sales, visits and baskets per store and month",
            new Column("store", ColumnKind.Text, "Store"),
            new Column("month", ColumnKind.Text, "Month"),
            new Column("sales_minor", ColumnKind.Money, "Sales"),
            new Column("member_sales_minor", ColumnKind.Money, "Member sales"),
            new Column("anonymous_sales_minor", ColumnKind.Money, "Anonymous sales"),
            new Column("member_share", ColumnKind.Share, "Member share"),
            new Column("visits", ColumnKind.Integer, "Visits"),
            new Column("member_visits", ColumnKind.Integer, "Member visits"),
            new Column("anonymous_visits", ColumnKind.Integer, "Anonymous visits"),
            new Column("active_members", ColumnKind.Integer, "Active members"),
            new Column("visits_per_active_member", ColumnKind.Number, "Visits per active member"),
            new Column("avg_basket_member_minor", ColumnKind.Money, "Avg basket (member)"),
            new Column("avg_basket_anonymous_minor", ColumnKind.Money, "Avg basket (anonymous)"),
            new Column("new_members", ColumnKind.Integer, "New members"));
        foreach (StoreMonth s in p.Rows.Concat(p.StoreLabels.Select(l => p.Totals[l])))
        {
            storeMonth.Add(s.Store, s.Month < 0 ? "all" : TimeAxis.MonthLabel(s.Month), s.Sales, s.MemberSales, s.AnonymousSales, s.MemberShare, s.Visits, s.MemberVisits,
                s.AnonymousVisits, s.ActiveMembers, s.VisitFrequency, s.AvgBasketMember, s.AvgBasketAnonymous, s.NewMembers);
        }

        r.Tables.Add(storeMonth);

        var mix = new ReportTable("category_mix", "Category mix (share of sales)",
            new Column("store", ColumnKind.Text, "Store"),
            new Column("month", ColumnKind.Text, "Month"),
            new Column("category", ColumnKind.Text, "Category"),
            new Column("sales_minor", ColumnKind.Money, "Sales"),
            new Column("share", ColumnKind.Share, "Share")) { InHtml = false };
        foreach (StoreMonth s in p.Rows.Concat(p.StoreLabels.Select(l => p.Totals[l])))
        {
            for (int c = 0; c < s.CategorySales.Length; c++)
            {
                if (c < config.Categories.Count || s.CategorySales[c] != 0)
                {
                    mix.Add(s.Store, s.Month < 0 ? "all" : TimeAxis.MonthLabel(s.Month), config.CategoryName(c), s.CategorySales[c], s.Sales == 0 ? double.NaN : s.CategorySales[c] / (double)s.Sales);
                }
            }
        }

        r.Tables.Add(mix);

        var points = new ReportTable("points_liability", "Points liability (earned minus redeemed)",
            new Column("store", ColumnKind.Text, "Store"),
            new Column("month", ColumnKind.Text, "Month"),
            new Column("points_earned", ColumnKind.Integer, "Points earned"),
            new Column("points_redeemed", ColumnKind.Integer, "Points redeemed"),
            new Column("redemptions", ColumnKind.Integer, "Redemptions"),
            new Column("outstanding_points", ColumnKind.Integer, "Outstanding points (month end)"),
            new Column("outstanding_value_minor", ColumnKind.Money, "Outstanding value"));
        foreach (StoreMonth s in p.Rows)
        {
            points.Add(s.Store, TimeAxis.MonthLabel(s.Month), s.PointsEarned, s.PointsRedeemed, s.Redemptions, s.OutstandingPoints, s.OutstandingPoints * r.PointValueMinor);
        }

        r.Tables.Add(points);

        int cohortMonths = r.Cohorts.Count == 0 ? 0 : r.Cohorts.Max(c => LastKnown(c.Share) + 1);
        var cohortCols = new List<Column> { new("cohort", ColumnKind.Text, "Cohort"), new("members", ColumnKind.Integer, "Members") };
        for (int k = 0; k < cohortMonths; k++)
        {
            cohortCols.Add(new Column("month_" + k.ToString(Ci), ColumnKind.Share, "M" + k.ToString(Ci)));
        }

        var cohort = new ReportTable("cohort_retention", "Retention by monthly enrolment cohort (share with a visit in month k after enrolment)", cohortCols.ToArray());
        foreach (CohortRow c in r.Cohorts)
        {
            var row = new object?[cohortCols.Count];
            row[0] = TimeAxis.MonthLabel(c.Month);
            row[1] = (long)c.Size;
            for (int k = 0; k < cohortMonths; k++)
            {
                row[k + 2] = c.Share[k];
            }

            cohort.Add(row);
        }

        r.Tables.Add(cohort);

        var events = new ReportTable("lifecycle_events", "Lifecycle events",
            new Column("event", ColumnKind.Text, "Event"),
            new Column("definition", ColumnKind.Text, "Definition"),
            new Column("landmark_month", ColumnKind.Integer, "Landmark (months)"),
            new Column("members_in_scope", ColumnKind.Integer, "Members"),
            new Column("reached_ever", ColumnKind.Integer, "Reached it"),
            new Column("median_days_to_reach", ColumnKind.Number, "Median days to reach"));
        foreach (EventResult e in r.Events)
        {
            events.Add(e.Event.Name, e.Definition, (long)e.Event.LandmarkMonths, (long)e.InScope, (long)e.ReachedEver, e.MedianDays);
        }

        r.Tables.Add(events);

        var signal = new ReportTable("event_signal", "Does reaching the event go with still shopping in month " + config.RetentionMonth.ToString(Ci) + "?",
            new Column("event", ColumnKind.Text, "Event"),
            new Column("at_risk", ColumnKind.Integer, "Members compared"),
            new Column("exposed", ColumnKind.Integer, "Reached by landmark"),
            new Column("exposed_retained", ColumnKind.Integer, "…still shopping"),
            new Column("control", ColumnKind.Integer, "Not reached (control)"),
            new Column("control_retained", ColumnKind.Integer, "…still shopping"),
            new Column("crude_rr", ColumnKind.Ratio, "Raw ratio"),
            new Column("adjusted_rr", ColumnKind.Ratio, "Adjusted ratio"),
            new Column("adjusted_lo", ColumnKind.Ratio, "95% CI low"),
            new Column("adjusted_hi", ColumnKind.Ratio, "95% CI high"),
            new Column("signal", ColumnKind.Text, "Signal"),
            new Column("crude_lo", ColumnKind.Ratio, "Raw CI low"),
            new Column("crude_hi", ColumnKind.Ratio, "Raw CI high"));
        foreach (EventResult e in r.Events)
        {
            signal.Add(e.Event.Name, (long)e.AtRisk, (long)e.Exposed, (long)e.ExposedRetained, (long)e.Control, (long)e.ControlRetained,
                e.Crude.Value, e.Adjusted.Value, e.Adjusted.Lo, e.Adjusted.Hi, e.Kind.ToString().ToLowerInvariant(), e.Crude.Lo, e.Crude.Hi);
        }

        r.Tables.Add(signal);

        var curves = new ReportTable("retention_curves", "Retention curves per lifecycle segment",
            new Column("event", ColumnKind.Text, "Event"),
            new Column("segment", ColumnKind.Text, "Segment"),
            new Column("month", ColumnKind.Integer, "Month"),
            new Column("observed", ColumnKind.Integer, "Members observed"),
            new Column("share", ColumnKind.Share, "Share with a visit")) { InHtml = false };
        foreach (EventResult e in r.Events)
        {
            foreach (SegmentCurve c in e.Curves)
            {
                for (int k = 0; k < c.Share.Length; k++)
                {
                    if (c.Observed[k] > 0)
                    {
                        curves.Add(e.Event.Name, c.Segment, (long)k, (long)c.Observed[k], c.Share[k]);
                    }
                }
            }
        }

        r.Tables.Add(curves);

        DidResult did = r.Did;
        var didTable = new ReportTable("uplift_did", "Uplift (a): " + did.WindowDays.ToString(Ci) + " days after " + did.Event + " against the " + did.WindowDays.ToString(Ci) + " days before, net of members who had not reached it yet",
            new Column("event", ColumnKind.Text, "Event"),
            new Column("measure", ColumnKind.Text, "Measure"),
            new Column("uplift", ColumnKind.Share, "Uplift"),
            new Column("uplift_lo", ColumnKind.Share, "95% CI low"),
            new Column("uplift_hi", ColumnKind.Share, "95% CI high"),
            new Column("treated", ColumnKind.Integer, "Members compared"),
            new Column("control_members", ColumnKind.Integer, "Comparison members"),
            new Column("note", ColumnKind.Text, "Note"));
        didTable.Add(did.Event, "spend per visit (basket)", did.BasketUplift.Value, did.BasketUplift.Lo, did.BasketUplift.Hi, (long)did.Treated, (long)did.ControlMembers,
            "the estimate to trust: not affected by when visits happened");
        didTable.Add(did.Event, "spend per member", did.Uplift.Value, did.Uplift.Lo, did.Uplift.Hi, (long)did.Treated, (long)did.ControlMembers,
            "inflated: the event happens at a visit, so visits just before it are fewer by selection");
        didTable.Add(did.Event, "visits per member", did.VisitsUplift.Value, did.VisitsUplift.Lo, did.VisitsUplift.Hi, (long)did.Treated, (long)did.ControlMembers,
            "inflated for the same reason");
        r.Tables.Add(didTable);

        var didWindows = new ReportTable("uplift_did_windows", "Uplift (a): the windows behind the estimate (means per member compared)",
            new Column("event", ColumnKind.Text, "Event"),
            new Column("treated", ColumnKind.Integer, "Members compared"),
            new Column("treated_excluded", ColumnKind.Integer, "Excluded (short history or no visit in a window)"),
            new Column("pre_spend_minor", ColumnKind.Money, "Spend before"),
            new Column("post_spend_minor", ColumnKind.Money, "Spend after"),
            new Column("expected_post_spend_minor", ColumnKind.Money, "Expected after (comparison trend)"),
            new Column("comparison_trend", ColumnKind.Share, "Comparison trend"),
            new Column("pre_visits", ColumnKind.Number, "Visits before"),
            new Column("post_visits", ColumnKind.Number, "Visits after"),
            new Column("extra_spend_per_member_minor", ColumnKind.Money, "Extra spend per member"));
        didWindows.Add(did.Event, (long)did.Treated, (long)did.TreatedExcluded, did.PreMean, did.PostMean, did.CounterfactualMean, did.ControlChange, did.PreVisits, did.PostVisits, did.ExtraPerMember);
        r.Tables.Add(didWindows);

        var mva = new ReportTable("member_vs_anonymous", "Uplift (b): member vs anonymous baskets and visits per store and month",
            new Column("store", ColumnKind.Text, "Store"),
            new Column("month", ColumnKind.Text, "Month"),
            new Column("member_visits", ColumnKind.Integer, "Member visits"),
            new Column("avg_basket_member_minor", ColumnKind.Money, "Member basket"),
            new Column("anonymous_visits", ColumnKind.Integer, "Anonymous visits"),
            new Column("avg_basket_anonymous_minor", ColumnKind.Money, "Anonymous basket"),
            new Column("basket_ratio", ColumnKind.Ratio, "Ratio"),
            new Column("basket_ratio_lo", ColumnKind.Ratio, "95% CI low"),
            new Column("basket_ratio_hi", ColumnKind.Ratio, "95% CI high"),
            new Column("visits_per_active_member", ColumnKind.Number, "Visits per active member"),
            new Column("active_members", ColumnKind.Integer, "Active members"));
        foreach (StoreMonth s in p.Rows.Concat(p.StoreLabels.Select(l => p.Totals[l])))
        {
            Interval ratio = s.BasketRatio;
            mva.Add(s.Store, s.Month < 0 ? "all" : TimeAxis.MonthLabel(s.Month), s.MemberVisits, s.AvgBasketMember, s.AnonymousVisits, s.AvgBasketAnonymous,
                ratio.Value, ratio.Lo, ratio.Hi, s.VisitFrequency, s.ActiveMembers);
        }

        r.Tables.Add(mva);
    }

    private static int LastKnown(double[] share)
    {
        int last = -1;
        for (int k = 0; k < share.Length; k++)
        {
            if (!double.IsNaN(share[k]))
            {
                last = k;
            }
        }

        return last;
    }

    private static void Headlines(InsightReport r, InsightConfig config)
    {
        PeriodMetrics p = r.Periods;
        string all = p.StoreLabels[^1];
        StoreMonth total = p.Totals[all];
        string where = r.Stores.Count == 1 ? "store " + r.Stores[0] : r.Stores.Count + " stores";
        r.Headlines.Add(string.Format(Ci, "Sales in {0}, {1} to {2}: {3} over {4:N0} visits. Members made {5:0}% of sales ({6}).",
            where, TimeAxis.DateLabel(r.From), TimeAxis.DateLabel(r.ToExclusive - 1), r.Money.Format(total.Sales), total.Visits, total.MemberShare * 100, r.Money.Format(total.MemberSales)));

        foreach (EventResult e in r.Events)
        {
            r.Headlines.Add(e.Verdict);
        }

        DidResult did = r.Did;
        Interval basket = did.BasketUplift;
        if (!basket.IsKnown)
        {
            r.Headlines.Add(string.Format(Ci, "Spend after {0}: not enough members with {1} days of history before and after ({2} qualify).", did.Event, did.WindowDays, did.Treated));
        }
        else if (basket.Lo > 0 || basket.Hi < 0)
        {
            r.Headlines.Add(string.Format(Ci, "After {0}, members' baskets were {1:+0.0;-0.0}% (95% CI {2:+0.0;-0.0}% to {3:+0.0;-0.0}%) compared with the trend of members who had not reached it yet (difference in differences over {4} days, {5:N0} members). Spend per member moved {6:+0.0;-0.0}%, but that figure is inflated because a voucher is redeemed at a visit.",
                did.Event, basket.Value * 100, basket.Lo * 100, basket.Hi * 100, did.WindowDays, did.Treated, did.Uplift.Value * 100));
        }
        else
        {
            r.Headlines.Add(string.Format(Ci, "No clear change in baskets after {0}: {1:+0.0;-0.0}% (95% CI {2:+0.0;-0.0}% to {3:+0.0;-0.0}%) over {4} days against members who had not reached it yet ({5:N0} members).",
                did.Event, basket.Value * 100, basket.Lo * 100, basket.Hi * 100, did.WindowDays, did.Treated));
        }

        Interval ratio = total.BasketRatio;
        if (ratio.IsKnown)
        {
            r.Headlines.Add(string.Format(Ci, "Member baskets average {0} against {1} without a card ({2:0.00}×, 95% CI {3:0.00}-{4:0.00}); members visit {5:0.0} times a month when active. Members are self-selected, so this gap is an upper bound on what the programme causes.",
                r.Money.Format(total.AvgBasketMember), r.Money.Format(total.AvgBasketAnonymous), ratio.Value, ratio.Lo, ratio.Hi, AverageFrequency(p, all)));
        }

        StoreMonth last = p.Rows.Last(x => x.Store == all);
        r.Headlines.Add(string.Format(Ci, "Points liability at the end of {0}: {1:N0} points, worth about {2} ({3}).",
            TimeAxis.MonthLabel(last.Month), last.OutstandingPoints, double.IsNaN(r.PointValueMinor) ? "an unknown amount" : r.Money.Format(last.OutstandingPoints * r.PointValueMinor), r.PointValueSource));
    }

    private static double AverageFrequency(PeriodMetrics p, string label)
    {
        var rows = p.Rows.Where(x => x.Store == label && x.ActiveMembers > 0).ToList();
        return rows.Count == 0 ? double.NaN : rows.Sum(x => x.MemberVisits) / (double)rows.Sum(x => x.ActiveMembers);
    }
}
