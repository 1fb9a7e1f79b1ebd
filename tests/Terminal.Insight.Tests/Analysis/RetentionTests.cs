using Microsoft.VisualStudio.TestTools.UnitTesting;
using Terminal.Insight.Report;
using Terminal.Insight.Tests.Report;

namespace Terminal.Insight.Tests.Analysis;

[TestClass]
public sealed class RetentionTests
{
    [TestMethod]
    public void CohortRetentionCountsVisitsPerThirtyDayMonthAndLeavesUnobservedMonthsBlank()
    {
        using var db = new TestDb();
        db.Terminal("T1", "S1");
        void Member(string uid, double enrolDay, params double[] visitDays)
        {
            db.Enrol("T1", TestDb.Day(enrolDay), uid);
            db.Earn("T1", TestDb.Day(enrolDay), uid, 1000);
            foreach (double d in visitDays)
            {
                db.Earn("T1", TestDb.Day(d), uid, 1000);
            }
        }

        Member("M1", 0, 35, 65);   // months 0, 1, 2
        Member("M2", 1, 95);       // months 0, 3
        Member("M3", 2);           // month 0 only
        Member("M4", 40, 75);      // February cohort: months 0, 1
        db.Anonymous("T1", TestDb.Day(100), 500);

        // Data ends on day 100: January's month 3 (to day 122) and February's month 2 are not over yet.
        InsightReport r = HandComputedReportTests.Build(db, "2024-01-01", "2024-04-10");
        CollectionAssert.AreEqual(
            new[]
            {
                "cohort,members,month_0,month_1,month_2",
                "2024-01,3,1.0000,0.3333,0.3333",
                "2024-02,1,1.0000,1.0000,",
            },
            HandComputedReportTests.Lines(r, "cohort_retention"));
    }
}
