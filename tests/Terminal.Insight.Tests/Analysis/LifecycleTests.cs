using Microsoft.VisualStudio.TestTools.UnitTesting;
using Terminal.Insight.Analysis;
using Terminal.Insight.Config;
using Terminal.Insight.Data;

namespace Terminal.Insight.Tests.Analysis;

[TestClass]
public sealed class LifecycleTests
{
    private static (Dataset Data, Timelines Timelines) Load(TestDb db)
    {
        Dataset d = DatasetLoader.Load(db.Connection, new LoadRequest(null, [], long.MaxValue));
        return (d, Timelines.Build(d, 30));
    }

    private static TestDb Scenario()
    {
        var db = new TestDb();
        db.Terminal("T1", "S1");

        // AA: visits on days 0, 10, 35, 65 (months 0, 0, 1, 2); redemptions on days 40 and 100; accessories on day 35.
        db.Enrol("T1", TestDb.Day(0), "AA");
        db.Earn("T1", TestDb.Day(0), "AA", 1000);
        db.Earn("T1", TestDb.Day(10), "AA", 2000);
        db.Earn("T1", TestDb.Day(35), "AA", 3000, category: 3);
        db.Redeem("T1", TestDb.Day(40), "AA");
        db.Earn("T1", TestDb.Day(65), "AA", 4000);
        db.Redeem("T1", TestDb.Day(100), "AA");

        // BB: visits in months 0, 2, 3, 4 (a gap in month 1), never redeems.
        db.Enrol("T1", TestDb.Day(5), "BB");
        db.Earn("T1", TestDb.Day(5), "BB", 1000);
        db.Earn("T1", TestDb.Day(70), "BB", 1000);
        db.Earn("T1", TestDb.Day(100), "BB", 1000);
        db.Earn("T1", TestDb.Day(130), "BB", 1000);
        db.Earn("T1", TestDb.Day(131), "BB", 1000);
        return db;
    }

    private static long Reach(LifecycleEvent e, TestDb db, string uid)
    {
        var (d, t) = Load(db);
        return Lifecycle.Reach(e, d, t)[Array.IndexOf(d.MemberUids, uid)];
    }

    [TestMethod]
    public void DefaultEventsReachAtTheRightMoment()
    {
        using TestDb db = Scenario();
        List<LifecycleEvent> e = InsightConfig.DefaultEvents();
        Assert.AreEqual(TestDb.Day(40), Reach(e[0], db, "AA"), "aha = first redemption");
        Assert.AreEqual(TestDb.Day(35), Reach(e[1], db, "AA"), "eureka = third visit (day 35) before the second redemption (day 100)");
        Assert.AreEqual(TestDb.Day(65), Reach(e[2], db, "AA"), "habit completes with the first visit of month 2");
        Assert.AreEqual(Lifecycle.Never, Reach(e[0], db, "BB"));
        Assert.AreEqual(Lifecycle.Never, Reach(e[1], db, "BB"), "BB's third visit (day 100) is not within 60 days of enrolment");
        Assert.AreEqual(TestDb.Day(130), Reach(e[2], db, "BB"), "months 2, 3, 4: the run completes at the first visit of month 4");
    }

    [TestMethod]
    public void ConditionOptionsAreHonoured()
    {
        using TestDb db = Scenario();
        LifecycleEvent Event(EventCondition c) => new() { Name = "x", AnyOf = [c] };
        Assert.AreEqual(TestDb.Day(35), Reach(Event(new EventCondition { Visits = 1, Category = 3 }), db, "AA"));
        Assert.AreEqual(Lifecycle.Never, Reach(Event(new EventCondition { Visits = 1, Category = 3, WithinDays = 30 }), db, "AA"));
        Assert.AreEqual(TestDb.Day(35), Reach(Event(new EventCondition { SpendMinor = 6000 }), db, "AA"), "1000 + 2000 + 3000 reaches 60.00");
        Assert.AreEqual(TestDb.Day(100), Reach(Event(new EventCondition { Redemptions = 2 }), db, "AA"));
        Assert.AreEqual(Lifecycle.Never, Reach(Event(new EventCondition { ConsecutiveMonths = 2, MinVisitsPerMonth = 2 }), db, "AA"));
        Assert.AreEqual(TestDb.Day(131), Reach(Event(new EventCondition { ConsecutiveMonths = 1, MinVisitsPerMonth = 2 }), db, "BB"), "month 4 is BB's first month with two visits");
    }

    [TestMethod]
    public void TimelinesHoldVisitsAndActiveMonths()
    {
        using TestDb db = Scenario();
        var (d, t) = Load(db);
        int aa = Array.IndexOf(d.MemberUids, "AA");
        Assert.AreEqual(4, t.VisitStart[aa + 1] - t.VisitStart[aa]);
        Assert.AreEqual(5000, t.Spend(aa, TestDb.Day(5), TestDb.Day(40)));
        Assert.AreEqual(2, t.CountVisits(aa, TestDb.Day(0), TestDb.Day(35)));
        Assert.IsTrue(t.ActiveIn(aa, 0) && t.ActiveIn(aa, 1) && t.ActiveIn(aa, 2));
        Assert.IsFalse(t.ActiveIn(aa, 3));
    }
}
