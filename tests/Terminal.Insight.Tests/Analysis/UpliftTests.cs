using Microsoft.VisualStudio.TestTools.UnitTesting;
using Terminal.Insight.Analysis;
using Terminal.Insight.Config;
using Terminal.Insight.Report;
using Terminal.Insight.Tests.Report;

namespace Terminal.Insight.Tests.Analysis;

[TestClass]
public sealed class UpliftTests
{
    private static readonly InsightConfig TenDayWindows = InsightConfig.Parse("{\"upliftWindowDays\": 10, \"anchorDays\": 1}");

    private static TestDb Scenario()
    {
        var db = new TestDb();
        db.Terminal("T1", "S1");

        // Treated: aha on day 20. Before (days 10-19): 10.00 + 10.00 in 2 visits. After (days 21-30): 30.00 in 1 visit.
        db.Enrol("T1", TestDb.Day(0), "TT");
        db.Earn("T1", TestDb.Day(0), "TT", 700);
        db.Earn("T1", TestDb.Day(12), "TT", 1000);
        db.Earn("T1", TestDb.Day(15), "TT", 1000);
        db.Redeem("T1", TestDb.Day(20), "TT");
        db.Earn("T1", TestDb.Day(20, 60), "TT", 9999); // the aha visit itself counts in neither window
        db.Earn("T1", TestDb.Day(25), "TT", 3000);

        // Comparison: never redeems. Same calendar windows: before 5.00 in 1 visit, after 6.00 + 4.00 in 2 visits.
        db.Enrol("T1", TestDb.Day(0, 5), "CC");
        db.Earn("T1", TestDb.Day(0, 5), "CC", 700);
        db.Earn("T1", TestDb.Day(11), "CC", 500);
        db.Earn("T1", TestDb.Day(22), "CC", 600);
        db.Earn("T1", TestDb.Day(28), "CC", 400);

        db.Anonymous("T1", TestDb.Day(40), 500);
        return db;
    }

    [TestMethod]
    public void DifferenceInDifferencesMatchesHandComputation()
    {
        using TestDb db = Scenario();
        DidResult did = HandComputedReportTests.Build(db, "2024-01-01", "2024-02-10", TenDayWindows).Did;
        Assert.AreEqual(1, did.Treated);
        Assert.AreEqual(1, did.ControlMembers);
        Assert.AreEqual(2000, did.PreMean, 1e-9);
        Assert.AreEqual(3000, did.PostMean, 1e-9);

        // Comparison spend doubled (5.00 -> 10.00): expected 40.00, observed 30.00: -25%.
        Assert.AreEqual(4000, did.CounterfactualMean, 1e-9);
        Assert.AreEqual(-0.25, did.Uplift.Value, 1e-12);

        // Visits: treated 2 -> 1, comparison 1 -> 2: 1 / 4 - 1 = -75%.
        Assert.AreEqual(-0.75, did.VisitsUplift.Value, 1e-12);

        // Basket: treated 10.00 -> 30.00 (×3), comparison 5.00 -> 5.00 (×1): +200%.
        Assert.AreEqual(2.0, did.BasketUplift.Value, 1e-12);
        Assert.AreEqual(-1000, did.ExtraPerMember, 1e-9);
    }

    [TestMethod]
    public void MembersWithoutAFullWindowBeforeAreExcluded()
    {
        using TestDb db = Scenario();

        // Enrolled on day 15 and redeemed on day 20: no 10 days of history before the event.
        db.Enrol("T1", TestDb.Day(15), "NEW");
        db.Earn("T1", TestDb.Day(15), "NEW", 5000);
        db.Redeem("T1", TestDb.Day(20, 30), "NEW");
        db.Earn("T1", TestDb.Day(24), "NEW", 5000);
        DidResult did = HandComputedReportTests.Build(db, "2024-01-01", "2024-02-10", TenDayWindows).Did;
        Assert.AreEqual(1, did.Treated);
        Assert.AreEqual(1, did.TreatedExcluded);
        Assert.AreEqual(-0.25, did.Uplift.Value, 1e-12);
    }

    [TestMethod]
    public void UpliftTableStatesWhichMeasureToTrust()
    {
        using TestDb db = Scenario();
        InsightReport r = HandComputedReportTests.Build(db, "2024-01-01", "2024-02-10", TenDayWindows);
        string[] lines = HandComputedReportTests.Lines(r, "uplift_did");
        StringAssert.StartsWith(lines[1], "aha,spend per visit (basket),2.0000,");
        StringAssert.StartsWith(lines[2], "aha,spend per member,-0.2500,");
        StringAssert.StartsWith(lines[3], "aha,visits per member,-0.7500,");
    }
}
