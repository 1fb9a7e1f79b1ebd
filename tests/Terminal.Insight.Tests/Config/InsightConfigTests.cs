using Microsoft.VisualStudio.TestTools.UnitTesting;
using Terminal.Insight.Config;
using Terminal.Insight.Data;

namespace Terminal.Insight.Tests.Config;

[TestClass]
public sealed class InsightConfigTests
{
    [TestMethod]
    public void DefaultsAreTheDocumentedOnes()
    {
        var c = new InsightConfig();
        Assert.AreEqual(30, c.MonthDays);
        Assert.AreEqual(6, c.RetentionMonth);
        Assert.AreEqual(90, c.UpliftWindowDays);
        Assert.AreEqual("aha", c.UpliftEvent);
        CollectionAssert.AreEqual(new[] { "aha", "eureka", "habit" }, c.Events.Select(e => e.Name).ToArray());
        Assert.AreEqual(1, c.Events[0].AnyOf[0].Redemptions);
        Assert.AreEqual(2, c.Events[1].AnyOf[0].Redemptions);
        Assert.AreEqual(3, c.Events[1].AnyOf[1].Visits);
        Assert.AreEqual(60, c.Events[1].AnyOf[1].WithinDays);
        Assert.AreEqual(3, c.Events[2].AnyOf[0].ConsecutiveMonths);
        Assert.AreEqual(3, c.Events[2].LandmarkMonths);
    }

    [TestMethod]
    public void DefaultJsonRoundTrips()
    {
        InsightConfig c = InsightConfig.Parse(new InsightConfig().ToJson());
        Assert.AreEqual(new InsightConfig().ToJson(), c.ToJson());
    }

    [TestMethod]
    public void PartialFileKeepsOtherDefaultsAndAllowsComments()
    {
        InsightConfig c = InsightConfig.Parse("{ // six months is too long for us\n \"retentionMonth\": 4, }");
        Assert.AreEqual(4, c.RetentionMonth);
        Assert.AreEqual(90, c.UpliftWindowDays);
        Assert.AreEqual(3, c.Events.Count);
    }

    [TestMethod]
    public void TyposAndNonsenseAreRejected()
    {
        StringAssert.Contains(Assert.ThrowsExactly<InsightException>(() => InsightConfig.Parse("{\"retentionMonths\": 4}")).Message, "retentionMonths");
        StringAssert.Contains(Assert.ThrowsExactly<InsightException>(() => InsightConfig.Parse("{\"events\": [{\"name\": \"x\", \"anyOf\": [{\"visits\": 2, \"redemptions\": 1}]}], \"upliftEvent\": \"x\"}")).Message, "exactly one");
        StringAssert.Contains(Assert.ThrowsExactly<InsightException>(() => InsightConfig.Parse("{\"events\": [{\"name\": \"x\", \"landmarkMonths\": 6, \"anyOf\": [{\"visits\": 2}]}], \"upliftEvent\": \"x\"}")).Message, "landmarkMonths");
        StringAssert.Contains(Assert.ThrowsExactly<InsightException>(() => InsightConfig.Parse("{\"upliftEvent\": \"nope\"}")).Message, "upliftEvent");
        StringAssert.Contains(Assert.ThrowsExactly<InsightException>(() => InsightConfig.Parse("{\"events\": [{\"name\": \"x\", \"anyOf\": [{\"redemptions\": 1, \"category\": 2}]}], \"upliftEvent\": \"x\"}")).Message, "category");
        Assert.ThrowsExactly<InsightException>(() => InsightConfig.Parse("not json"));
    }

    [TestMethod]
    public void ConditionsDescribeThemselves()
    {
        string[] cats = ["General", "Beauty", "Fashion", "Accessories"];
        Assert.AreEqual("third visit within 60 days of enrolment", new EventCondition { Visits = 3, WithinDays = 60 }.Describe(cats));
        Assert.AreEqual("first visit in Accessories", new EventCondition { Visits = 1, Category = 3 }.Describe(cats));
        Assert.AreEqual("a visit in each of 3 consecutive months", new EventCondition { ConsecutiveMonths = 3 }.Describe(cats));
        Assert.AreEqual("second voucher redemption", new EventCondition { Redemptions = 2 }.Describe(cats));
    }
}
