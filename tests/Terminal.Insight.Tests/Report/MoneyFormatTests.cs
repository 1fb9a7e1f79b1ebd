using Microsoft.VisualStudio.TestTools.UnitTesting;
using Terminal.Insight.Report;

namespace Terminal.Insight.Tests.Report;

[TestClass]
public sealed class MoneyFormatTests
{
    [TestMethod]
    public void FormatsMinorUnitsInTheStoreCurrency()
    {
        Assert.AreEqual("€1,234.56", new MoneyFormat("EUR", 2).Format(123456L));
        Assert.AreEqual("-€0.05", new MoneyFormat("EUR", 2).Format(-5L));
        Assert.AreEqual("€0.00", new MoneyFormat("EUR", 2).Format(0L));
        Assert.AreEqual("¥1,235", new MoneyFormat("JPY", 0).Format(1235L));
        Assert.AreEqual("1,234.567 KWD", new MoneyFormat("KWD", 3).Format(1234567L));
        Assert.AreEqual("£12,345,678.90", new MoneyFormat("GBP", 2).Format(1234567890L));
        Assert.AreEqual("-€92,233,720,368,547,758.08", new MoneyFormat("EUR", 2).Format(long.MinValue));
    }

    [TestMethod]
    public void ComputedAmountsRoundToTheNearestMinorUnit()
    {
        var eur = new MoneyFormat("EUR", 2);
        Assert.AreEqual("€12.35", eur.Format(1234.5));
        Assert.AreEqual("€12.34", eur.Format(1234.49));
        Assert.AreEqual("–", eur.Format(double.NaN));
        Assert.AreEqual(12.345, eur.ToMajor(1234.5), 1e-12);
    }
}
