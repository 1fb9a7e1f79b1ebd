#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Terminal.Core.Domain;

namespace Terminal.Core.Tests.Domain
{
    [TestClass]
    public class MoneyTests
    {
        [TestMethod]
        public void FormatsMinorUnits()
        {
            Assert.AreEqual("12.34", Money.Format(1234, 2));
            Assert.AreEqual("0.05", Money.Format(5, 2));
            Assert.AreEqual("-0.05", Money.Format(-5, 2));
            Assert.AreEqual("1500", Money.Format(1500, 0));
            Assert.AreEqual("1.500", Money.Format(1500, 3));
            Assert.AreEqual("99999.99 EUR", Money.Format(9999999, 2, "EUR"));
        }
    }
}
