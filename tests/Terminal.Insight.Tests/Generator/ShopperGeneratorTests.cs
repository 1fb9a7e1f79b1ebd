using Microsoft.VisualStudio.TestTools.UnitTesting;
using Terminal.Insight.Analysis;
using Terminal.Insight.Data;
using Terminal.Insight.Generator;

namespace Terminal.Insight.Tests.Generator;

[TestClass]
public sealed class ShopperGeneratorTests
{
    private static GeneratedData Make(int seed = 3) => ShopperGenerator.Generate(new GeneratorOptions { Seed = seed, Shoppers = 3000 });

    [TestMethod]
    public void SameSeedSameHistoryOtherSeedOtherHistory()
    {
        GeneratedData a = Make(), b = Make(), c = Make(4);
        Assert.AreEqual(a.Rows.Length, b.Rows.Length);
        CollectionAssert.AreEqual(a.Uids, b.Uids);
        Assert.AreEqual(a.Rows[^1].Ts, b.Rows[^1].Ts);
        Assert.AreNotEqual(a.Rows.Length, c.Rows.Length);
    }

    [TestMethod]
    public void HistoryIsMultiStoreWithAnonymousSalesAndValidSequences()
    {
        GeneratedData g = Make();
        Assert.AreEqual(3, g.Terminals.Select(t => t.ShopId).Distinct().Count());
        var perStoreSales = g.Rows.Where(r => r.Kind is TxKind.Earn or TxKind.AnonymousSale).GroupBy(r => g.Terminals[r.Terminal].ShopId).ToDictionary(x => x.Key, x => x.Count());
        Assert.IsTrue(perStoreSales.Values.All(n => n > 1000), string.Join(", ", perStoreSales));
        int anonymous = g.Rows.Count(r => r.Kind == TxKind.AnonymousSale);
        int member = g.Rows.Count(r => r.Kind == TxKind.Earn);
        double share = anonymous / (double)(anonymous + member);
        Assert.IsTrue(share > 0.2 && share < 0.6, "anonymous share of visits " + share);

        // Per terminal: 1, 2, 3 ... in time order; every void points at an earlier sale of its terminal.
        foreach (var t in g.Rows.Select((r, i) => (r, i)).GroupBy(x => x.r.Terminal))
        {
            long expected = 1;
            foreach (var (r, _) in t)
            {
                Assert.AreEqual(expected++, r.Seq);
            }
        }

        var voids = g.Rows.Where(r => r.Kind == TxKind.Void).ToList();
        Assert.IsTrue(voids.Count > 0);
        foreach (GeneratedRow v in voids)
        {
            GeneratedRow target = g.Rows.Single(r => r.Terminal == v.Terminal && r.Seq == v.Reason);
            Assert.AreEqual(TxKind.Earn, target.Kind);
            Assert.AreEqual(-target.Amount, v.Amount);
        }
    }

    [TestMethod]
    public void ShoppersEnrolAllYearAndChurn()
    {
        GeneratedData g = Make();
        var cohorts = g.EnrolTs.GroupBy(TimeAxis.MonthIndex).ToDictionary(x => x.Key, x => x.Count());
        Assert.AreEqual(12, cohorts.Count, "an enrolment cohort every month");
        int launch = cohorts[TimeAxis.MonthIndex(TimeAxis.FromDate(new DateOnly(2024, 1, 1)))];
        Assert.IsTrue(launch > 3000 / 4, "launch month " + launch);

        // Of members enrolled in the first 3 months, fewer than half still visit in their 7th month.
        long monthSec = 30 * TimeAxis.Day;
        var early = Enumerable.Range(0, g.Uids.Length).Where(m => g.EnrolTs[m] < TimeAxis.FromDate(new DateOnly(2024, 4, 1))).ToHashSet();
        var activeMonth6 = g.Rows.Where(r => r.Kind == TxKind.Earn && early.Contains(r.Member) && (r.Ts - g.EnrolTs[r.Member]) / monthSec == 6).Select(r => r.Member).ToHashSet();
        double retained = activeMonth6.Count / (double)early.Count;
        Assert.IsTrue(retained > 0.1 && retained < 0.5, "month-6 retention " + retained);
    }

    [TestMethod]
    public void SalesFollowTheSeasons()
    {
        GeneratedData g = Make();
        long Sales(int month) => g.Rows.Where(r => r.Kind is TxKind.AnonymousSale && TimeAxis.MonthIndex(r.Ts) % 12 == month).Sum(r => r.Amount);

        // Anonymous traffic has no churn, so it shows the season alone: December (1.45) over February (0.82).
        double ratio = Sales(11) / (double)Sales(1);
        Assert.IsTrue(ratio > 1.5 && ratio < 2.1, "December/February " + ratio);
    }

    [TestMethod]
    public void PointsFollowTheTerminalsDefaultEarnRules()
    {
        Assert.AreEqual(12, ShopperGenerator.Points(1299, 0, 100));
        Assert.AreEqual(19, ShopperGenerator.Points(1299, 3, 100), "Accessories earn 1.5×");
        Assert.AreEqual(0, ShopperGenerator.Points(99, 0, 100), "nothing below 1.00");
        Assert.AreEqual(1299, ShopperGenerator.Points(1299, 0, 1), "0-decimal currency");
    }
}
