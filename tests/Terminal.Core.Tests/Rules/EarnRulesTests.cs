#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Terminal.Core.Rules;

namespace Terminal.Core.Tests.Rules
{
    [TestClass]
    public class EarnRulesTests
    {
        private static EarnRules Rules(Rounding rounding, int minimum, Promotion[] promotions)
        {
            return new EarnRules(1, 100, rounding, minimum, new string[] { "General", "Beauty" }, new int[] { 100, 250 }, promotions);
        }

        [TestMethod]
        public void RoundingModesApplyOnceAtTheEnd()
        {
            // 12.50 at 1 point per unit = 12.5 points.
            Assert.AreEqual(12, Rules(Rounding.Down, 0, null).Compute(1250, 0, 0));
            Assert.AreEqual(13, Rules(Rounding.HalfUp, 0, null).Compute(1250, 0, 0));
            Assert.AreEqual(12, Rules(Rounding.HalfUp, 0, null).Compute(1249, 0, 0));
            Assert.AreEqual(13, Rules(Rounding.Up, 0, null).Compute(1201, 0, 0));
            Assert.AreEqual(12, Rules(Rounding.Up, 0, null).Compute(1200, 0, 0));
        }

        [TestMethod]
        public void MinimumSpendEarnsNothingBelowIt()
        {
            EarnRules rules = Rules(Rounding.Down, 500, null);
            Assert.AreEqual(0, rules.Compute(499, 0, 0));
            Assert.AreEqual(5, rules.Compute(500, 0, 0));
            Assert.AreEqual(0, rules.Compute(0, 0, 0));
            Assert.AreEqual(0, rules.Compute(-100, 0, 0));
        }

        [TestMethod]
        public void CategoryMultiplierAndUnknownCategory()
        {
            EarnRules rules = Rules(Rounding.Down, 0, null);
            Assert.AreEqual(25, rules.Compute(1000, 1, 0));
            Assert.AreEqual(10, rules.Compute(1000, 9, 0));
        }

        [TestMethod]
        public void BestPromotionInItsWindowOnly()
        {
            Promotion[] promotions = new Promotion[]
            {
                new Promotion(1000, 2000, 200, Promotion.AllCategories),
                new Promotion(1500, 1600, 300, 1),
            };
            EarnRules rules = Rules(Rounding.Down, 0, promotions);
            Assert.AreEqual(10, rules.Compute(1000, 0, 999));
            Assert.AreEqual(20, rules.Compute(1000, 0, 1000));
            Assert.AreEqual(10, rules.Compute(1000, 0, 2000));
            // Beauty 2.5x with the 3x promotion, not stacked with the 2x one.
            Assert.AreEqual(75, rules.Compute(1000, 1, 1550));
            Assert.AreEqual(50, rules.Compute(1000, 1, 1700));
        }

        [TestMethod]
        public void LargeAmountsDoNotOverflow()
        {
            EarnRules rules = new EarnRules(100, 1, Rounding.Down, 0, new string[] { "G" }, new int[] { 1000 }, new Promotion[] { new Promotion(0, 10, 1000, Promotion.AllCategories) });
            Assert.AreEqual(int.MaxValue, rules.Compute(int.MaxValue, 0, 5));
        }

        [TestMethod]
        public void DefaultsAreSane()
        {
            EarnRules rules = EarnRules.Default();
            Assert.AreEqual(4, rules.CategoryCount);
            Assert.AreEqual(12, rules.Compute(1299, 0, 0));
            Assert.AreEqual(0, rules.Compute(99, 0, 0));
            Assert.AreEqual(15, rules.Compute(1000, 3, 0));
        }
    }
}
