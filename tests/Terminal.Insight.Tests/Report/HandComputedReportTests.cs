using Microsoft.VisualStudio.TestTools.UnitTesting;
using Terminal.Insight.Config;
using Terminal.Insight.Data;
using Terminal.Insight.Report;

namespace Terminal.Insight.Tests.Report;

/// <summary>
/// Period metrics, category mix, points liability and member-vs-anonymous baskets on a dozen hand-made rows,
/// checked through the CSV lines the user gets.
/// </summary>
[TestClass]
public sealed class HandComputedReportTests
{
    internal static TestDb TwoStores()
    {
        var db = new TestDb();
        db.Terminal("T1", "S1");
        db.Terminal("T2", "S2");
        long d2 = TestDb.Day(1);
        db.Enrol("T1", d2, "AA");
        db.Earn("T1", d2, "AA", 1000, category: 1, points: 10);
        db.Anonymous("T1", TestDb.Day(2), 500, category: 0);
        db.Enrol("T1", TestDb.Day(3), "BB");
        db.Earn("T1", TestDb.Day(3), "BB", 3000, category: 2, points: 30);
        db.Earn("T1", TestDb.Day(4), "AA", 2000, category: 3, points: 30);
        long wrong = db.Earn("T1", TestDb.Day(5), "AA", 99999, category: 0, points: 999);
        db.Tx("T1", TxKind.Void, TestDb.Day(5, 20), "AA", -99999, 0, -999, 0, 0, wrong);
        db.Redeem("T1", TestDb.Day(6), "AA", points: 50, voucher: 1, discount: 200);
        db.Tx("T1", TxKind.SecurityEvent, TestDb.Day(6, 30), "CC", reference: 2);
        db.Earn("T2", TestDb.Day(34), "AA", 4000, category: 0, points: 40);
        db.Anonymous("T2", TestDb.Day(35), 1500, category: 0);
        db.Anonymous("T2", TestDb.Day(39), 2500, category: 1);
        return db;
    }

    internal static InsightReport Build(TestDb db, string? from = null, string? to = null, InsightConfig? config = null, params string[] stores)
    {
        var request = new ReportRequest
        {
            Db = db.Path_,
            Stores = stores,
            From = from == null ? null : DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
            To = to == null ? null : DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture),
            Config = config ?? new InsightConfig(),
            WithCharts = false,
        };
        return ReportBuilder.Build(db.Connection, request);
    }

    internal static string[] Lines(InsightReport r, string table) => r.Table(table).ToCsv().TrimEnd('\n').Split('\n');

    [TestMethod]
    public void SalesVisitsAndBasketsPerStoreAndMonth()
    {
        using TestDb db = TwoStores();
        InsightReport r = Build(db, "2024-01-01", "2024-02-29");
        string[] lines = Lines(r, "store_month");
        Assert.AreEqual("store,month,sales_minor,member_sales_minor,anonymous_sales_minor,member_share,visits,member_visits,anonymous_visits,active_members,visits_per_active_member,avg_basket_member_minor,avg_basket_anonymous_minor,new_members", lines[0]);
        CollectionAssert.AreEqual(
            new[]
            {
                // The voided 999.99 sale and its void are gone; the security event counts nowhere.
                "S1,2024-01,6500,6000,500,0.9231,4,3,1,2,1.50,2000,500,2",
                "S1,2024-02,0,0,0,,0,0,0,0,,,,0",
                "S2,2024-01,0,0,0,,0,0,0,0,,,,0",
                "S2,2024-02,8000,4000,4000,0.5000,3,1,2,1,1.00,4000,2000,0",
                "All stores,2024-01,6500,6000,500,0.9231,4,3,1,2,1.50,2000,500,2",
                "All stores,2024-02,8000,4000,4000,0.5000,3,1,2,1,1.00,4000,2000,0",
                "S1,all,6500,6000,500,0.9231,4,3,1,2,1.50,2000,500,2",
                "S2,all,8000,4000,4000,0.5000,3,1,2,1,1.00,4000,2000,0",

                // Member AA is active at both stores: counted once across the window.
                "All stores,all,14500,10000,4500,0.6897,7,4,3,2,2.00,2500,1500,2",
            },
            lines.Skip(1).ToArray());
    }

    [TestMethod]
    public void CategoryMixIsShareOfSales()
    {
        using TestDb db = TwoStores();
        string[] lines = Lines(Build(db, "2024-01-01", "2024-02-29"), "category_mix");
        CollectionAssert.IsSubsetOf(
            new[]
            {
                "S1,2024-01,General,500,0.0769",
                "S1,2024-01,Beauty,1000,0.1538",
                "S1,2024-01,Fashion,3000,0.4615",
                "S1,2024-01,Accessories,2000,0.3077",
                "All stores,2024-02,General,5500,0.6875",
                "All stores,2024-02,Beauty,2500,0.3125",
                "S1,2024-02,General,0,",
            },
            lines);
    }

    [TestMethod]
    public void PointsLiabilityIsEarnedMinusRedeemedValuedFromRedemptions()
    {
        using TestDb db = TwoStores();
        InsightReport r = Build(db, "2024-01-01", "2024-02-29");

        // One fixed voucher: 200 minor units for 50 points = 4 minor units per point.
        Assert.AreEqual(4.0, r.PointValueMinor, 1e-12);
        CollectionAssert.AreEqual(
            new[]
            {
                "store,month,points_earned,points_redeemed,redemptions,outstanding_points,outstanding_value_minor",
                "S1,2024-01,70,50,1,20,80",
                "S1,2024-02,0,0,0,20,80",
                "S2,2024-01,0,0,0,0,0",
                "S2,2024-02,40,0,0,40,160",
                "All stores,2024-01,70,50,1,20,80",
                "All stores,2024-02,40,0,0,60,240",
            },
            Lines(r, "points_liability"));
    }

    [TestMethod]
    public void LiabilityBeforeTheWindowIsCarriedIn()
    {
        using TestDb db = TwoStores();
        InsightReport r = Build(db, "2024-02-01", "2024-02-29");
        CollectionAssert.Contains(Lines(r, "points_liability"), "All stores,2024-02,40,0,0,60,240");
    }

    [TestMethod]
    public void ConfiguredPointValueWins()
    {
        using TestDb db = TwoStores();
        InsightReport r = Build(db, "2024-01-01", "2024-02-29", InsightConfig.Parse("{\"pointValueMinor\": 1.5}"));
        CollectionAssert.Contains(Lines(r, "points_liability"), "All stores,2024-02,40,0,0,60,90");
    }

    [TestMethod]
    public void MemberVersusAnonymousBasketRatioWithDeltaInterval()
    {
        using TestDb db = TwoStores();
        string[] lines = Lines(Build(db, "2024-01-01", "2024-02-29"), "member_vs_anonymous");

        // Members {10, 30, 20, 40} vs anonymous {5, 15, 25}: 25.00 / 15.00 = 1.6667, delta-method CI 0.6719-4.1339.
        CollectionAssert.Contains(lines, "All stores,all,4,2500,3,1500,1.6667,0.6719,4.1339,2.00,2");
    }

    [TestMethod]
    public void StoreFilterKeepsOnlyThatStore()
    {
        using TestDb db = TwoStores();
        InsightReport r = Build(db, "2024-01-01", "2024-02-29", null, "S2");
        CollectionAssert.AreEqual(
            new[] { "S2,2024-01,0,0,0,,0,0,0,0,,,,0", "S2,2024-02,8000,4000,4000,0.5000,3,1,2,1,1.00,4000,2000,0", "S2,all,8000,4000,4000,0.5000,3,1,2,1,1.00,4000,2000,0" },
            Lines(r, "store_month").Skip(1).ToArray());

        // Nobody enrolled at S2, so there are no cohorts, and the report still builds.
        Assert.AreEqual(0, r.Cohorts.Count);
    }

    [TestMethod]
    public void HeadlinesUseTheStoreCurrency()
    {
        using TestDb db = TwoStores();
        InsightReport r = Build(db, "2024-01-01", "2024-02-29");
        StringAssert.Contains(r.Headlines[0], "€145.00");
        StringAssert.Contains(r.Headlines[0], "69%");
    }
}
