using Microsoft.VisualStudio.TestTools.UnitTesting;
using Terminal.Insight.Analysis;

namespace Terminal.Insight.Tests.Analysis;

[TestClass]
public sealed class StatsTests
{
    [TestMethod]
    public void RiskRatioMatchesHandComputedLogNormalInterval()
    {
        // (30/100)/(15/100) = 2; SE(log) = sqrt(1/30 - 1/100 + 1/15 - 1/100) = sqrt(0.08).
        Interval rr = Stats.RiskRatio(30, 100, 15, 100);
        Assert.AreEqual(2.0, rr.Value, 1e-12);
        Assert.AreEqual(1.1488778, rr.Lo, 1e-6);
        Assert.AreEqual(3.4816583, rr.Hi, 1e-6);
    }

    [TestMethod]
    public void RiskRatioIsUnknownWithoutEventsInAGroup()
    {
        Assert.IsFalse(Stats.RiskRatio(0, 10, 5, 10).IsKnown);
        Assert.IsFalse(Stats.RiskRatio(5, 10, 0, 10).IsKnown);
        Assert.IsFalse(Stats.RiskRatio(5, 0, 5, 10).IsKnown);
    }

    [TestMethod]
    public void MantelHaenszelMatchesHandComputation()
    {
        // Stratum 1: 10/20 vs 5/20; stratum 2: 30/40 vs 10/20.
        // R = 10*20/40 + 30*20/60 = 15; S = 5*20/40 + 10*40/60 = 9.1667; RR = 1.63636.
        // GR variance: ((20*20*15 - 10*5*40)/40^2 + (40*20*40 - 30*10*60)/60^2) / (R*S) = 6.3889 / 137.5.
        Interval mh = Stats.MantelHaenszel([new Stratum(10, 20, 5, 20), new Stratum(30, 40, 10, 20)]);
        Assert.AreEqual(1.6363636, mh.Value, 1e-6);
        Assert.AreEqual(1.0725010, mh.Lo, 1e-6);
        Assert.AreEqual(2.4966745, mh.Hi, 1e-6);
    }

    [TestMethod]
    public void MantelHaenszelOfOneStratumIsTheCrudeRatioAndEmptyStrataDropOut()
    {
        Interval mh = Stats.MantelHaenszel([new Stratum(30, 100, 15, 100), new Stratum(4, 4, 0, 0), new Stratum(0, 0, 3, 9)]);
        Interval crude = Stats.RiskRatio(30, 100, 15, 100);
        Assert.AreEqual(crude.Value, mh.Value, 1e-12);
    }

    [TestMethod]
    public void RatioOfMeansUsesTheDeltaMethod()
    {
        // {10, 20, 30}: mean 20, variance 100; {10, 10}: mean 10, variance 0. SE(log) = sqrt(100 / (3 * 400)).
        Interval r = Stats.RatioOfMeans(60, 1400, 3, 20, 200, 2);
        Assert.AreEqual(2.0, r.Value, 1e-12);
        Assert.AreEqual(1.1358194, r.Lo, 1e-6);
        Assert.AreEqual(3.5216867, r.Hi, 1e-6);
    }

    [TestMethod]
    public void QuantileInterpolatesLinearly()
    {
        double[] v = [1, 2, 3, 4];
        Assert.AreEqual(2.5, Stats.Quantile(v, 0.5), 1e-12);
        Assert.AreEqual(1.075, Stats.Quantile(v, 0.025), 1e-12);
        Assert.AreEqual(4.0, Stats.Quantile(v, 1.0), 1e-12);
        Assert.IsTrue(double.IsNaN(Stats.Quantile([], 0.5)));
    }

    [TestMethod]
    public void PoissonOneHasMeanAndVarianceOne()
    {
        var rng = new Random(3);
        const int n = 200_000;
        double sum = 0, sumSq = 0;
        for (int i = 0; i < n; i++)
        {
            int k = Stats.Poisson1(rng);
            sum += k;
            sumSq += k * k;
        }

        double mean = sum / n;
        Assert.AreEqual(1.0, mean, 0.01);
        Assert.AreEqual(1.0, (sumSq / n) - (mean * mean), 0.02);
    }
}
