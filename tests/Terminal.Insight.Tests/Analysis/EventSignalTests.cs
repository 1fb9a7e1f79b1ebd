using Microsoft.VisualStudio.TestTools.UnitTesting;
using Terminal.Insight.Analysis;
using Terminal.Insight.Config;
using Terminal.Insight.Report;
using Terminal.Insight.Tests.Report;

namespace Terminal.Insight.Tests.Analysis;

[TestClass]
public sealed class EventSignalTests
{
    /// <summary>
    /// Every member visits on day 0 and day 40 (months 0 and 1: at risk at the aha landmark of 2 months, one
    /// stratum of 2 early visits). Four in each group of eight redeem on day 40; the outcome is a visit
    /// in month 3 (day 100).
    /// </summary>
    private static TestDb Scenario(int copies)
    {
        var db = new TestDb();
        db.Terminal("T1", "S1");
        int n = 0;
        for (int copy = 0; copy < copies; copy++)
        {
            for (int i = 0; i < 8; i++)
            {
                string uid = "U" + (n++).ToString("D4");
                db.Enrol("T1", TestDb.Day(0, n), uid);
                db.Earn("T1", TestDb.Day(0, n), uid, 1000);
                if (i < 4)
                {
                    db.Redeem("T1", TestDb.Day(40, n), uid);
                }

                db.Earn("T1", TestDb.Day(40, n), uid, 1000);

                // Retained: three of the four who redeemed, one of the four who did not.
                if (i is 0 or 1 or 2 or 4)
                {
                    db.Earn("T1", TestDb.Day(100, n), uid, 1000);
                }
            }
        }

        db.Anonymous("T1", TestDb.Day(130), 500);
        return db;
    }

    private static InsightConfig Config(int minGroup) => InsightConfig.Parse("{\"retentionMonth\": 3, \"minGroupSize\": " + minGroup +
        ", \"events\": [{\"name\": \"aha\", \"description\": \"first voucher redemption\", \"landmarkMonths\": 2, \"anyOf\": [{\"redemptions\": 1}]}]}");

    [TestMethod]
    public void RiskRatioOfEightMembersIsThreeWithAWideInterval()
    {
        using TestDb db = Scenario(1);
        InsightReport r = HandComputedReportTests.Build(db, "2024-01-01", "2024-05-10", Config(1));
        EventResult aha = r.Events.Single(e => e.Event.Name == "aha");
        Assert.AreEqual(8, aha.AtRisk);
        Assert.AreEqual(4, aha.Exposed);
        Assert.AreEqual(3, aha.ExposedRetained);
        Assert.AreEqual(4, aha.Control);
        Assert.AreEqual(1, aha.ControlRetained);

        // (3/4)/(1/4) = 3; SE(log) = sqrt(1/3 - 1/4 + 1 - 1/4); one stratum, so adjusted = crude.
        Assert.AreEqual(3.0, aha.Crude.Value, 1e-12);
        Assert.AreEqual(0.5012843, aha.Adjusted.Lo, 1e-6);
        Assert.AreEqual(17.953883, aha.Adjusted.Hi, 1e-5);
        Assert.AreEqual(SignalKind.Poor, aha.Kind, "an interval that includes 1 is no clear signal");
        StringAssert.Contains(aha.Verdict, "poor signal");
    }

    [TestMethod]
    public void TenTimesTheMembersGiveAClearVerdictInPlainWords()
    {
        using TestDb db = Scenario(10);
        InsightReport r = HandComputedReportTests.Build(db, "2024-01-01", "2024-05-10", Config(30));
        EventResult aha = r.Events.Single(e => e.Event.Name == "aha");
        Assert.AreEqual(SignalKind.Strong, aha.Kind);
        Assert.AreEqual(3.0, aha.Adjusted.Value, 1e-12);

        // SE = sqrt(1/30 - 1/40 + 1/10 - 1/40) = 0.288675: 95% CI 1.70-5.29.
        Assert.AreEqual(1.7037, aha.Adjusted.Lo, 1e-4);
        Assert.AreEqual(5.2825, aha.Adjusted.Hi, 1e-4);
        StringAssert.StartsWith(aha.Verdict, "Reaching aha (first voucher redemption) by month 2 goes with 3.0× the 3-month retention (95% CI 1.70-5.28; 75% vs 25% still shopping in month 3)");
    }

    [TestMethod]
    public void TooFewMembersGiveNoVerdict()
    {
        using TestDb db = Scenario(1);
        InsightReport r = HandComputedReportTests.Build(db, "2024-01-01", "2024-05-10", Config(30));
        Assert.AreEqual(SignalKind.Insufficient, r.Events.Single(e => e.Event.Name == "aha").Kind);
    }

    [TestMethod]
    public void MembersWhoStoppedBeforeTheLandmarkAreNotCompared()
    {
        using TestDb db = Scenario(1);

        // A member who never came back after enrolling cannot reach aha; comparing them would flatter the event.
        db.Enrol("T1", TestDb.Day(0, 900), "GONE");
        db.Earn("T1", TestDb.Day(0, 900), "GONE", 1000);
        InsightReport r = HandComputedReportTests.Build(db, "2024-01-01", "2024-05-10", Config(1));
        EventResult aha = r.Events.Single(e => e.Event.Name == "aha");
        Assert.AreEqual(8, aha.AtRisk);
        Assert.AreEqual(9, aha.InScope);
    }

    [TestMethod]
    public void AdjustmentRemovesTheEffectOfShoppingFrequency()
    {
        // Frequent shoppers (5 early visits) all buy accessories and 80% come back; occasional ones (2 visits)
        // never do and 40% come back. Raw: accessories look like 2×; within each stratum there is no contrast.
        using var db = new TestDb();
        db.Terminal("T1", "S1");
        for (int i = 0; i < 100; i++)
        {
            string uid = "F" + i.ToString("D3");
            bool frequent = i < 50;
            db.Enrol("T1", TestDb.Day(0, i), uid);
            db.Earn("T1", TestDb.Day(0, i), uid, 1000, category: frequent ? 3 : 0);
            int visits = frequent ? 4 : 1;
            for (int v = 1; v <= visits; v++)
            {
                db.Earn("T1", TestDb.Day(35 + v, i), uid, 1000, category: (frequent && v == 1) || (!frequent && i % 2 == 0 && v == 1 && i < 60) ? 3 : 0);
            }

            bool retained = frequent ? i % 5 != 0 : i % 5 < 2;
            if (retained)
            {
                db.Earn("T1", TestDb.Day(100, i), uid, 1000);
            }
        }

        db.Anonymous("T1", TestDb.Day(130), 500);
        var config = InsightConfig.Parse("""
            { "retentionMonth": 3, "minGroupSize": 5,
              "events": [ { "name": "accessories", "landmarkMonths": 2, "anyOf": [ { "visits": 1, "category": 3 } ] } ],
              "upliftEvent": "accessories" }
            """);
        InsightReport r = HandComputedReportTests.Build(db, "2024-01-01", "2024-05-10", config);
        EventResult e = r.Events.Single();

        // Exposed: 50 frequent (40 retained) + 5 occasional (F050, F052, ..., F058: 2 retained: F050, F056);
        // control: 45 occasional (18 retained).
        Assert.AreEqual(55, e.Exposed);
        Assert.AreEqual(45, e.Control);
        Assert.IsTrue(e.Crude.Value > 1.5, "raw ratio " + e.Crude.Value);
        Assert.IsTrue(e.Adjusted.Contains(1.0), "adjusted " + e.Adjusted);
        Assert.AreEqual(SignalKind.Poor, e.Kind);
        StringAssert.Contains(e.Verdict, "frequent shoppers reaching it more often");
    }
}
