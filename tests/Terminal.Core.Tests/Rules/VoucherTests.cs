#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Terminal.Core.Rules;

namespace Terminal.Core.Tests.Rules
{
    [TestClass]
    public class VoucherTests
    {
        [TestMethod]
        public void UsableNeedsBalanceUnexpiredAndUnusedOncePerCard()
        {
            Voucher once = new Voucher(3, "Gift", 100, VoucherKind.FixedAmount, 500, 5000);
            Assert.IsTrue(once.OncePerCard);
            Assert.IsTrue(once.IsUsableBy(100, 0, 4999));
            Assert.IsFalse(once.IsUsableBy(99, 0, 10));
            Assert.IsFalse(once.IsUsableBy(100, 0, 5000));
            Assert.IsFalse(once.IsUsableBy(100, 1 << 2, 10));
            Assert.IsTrue(once.IsUsableBy(100, 1 << 1, 10));

            Voucher repeat = new Voucher(40, "10%", 100, VoucherKind.Percent, 10, 0);
            Assert.IsFalse(repeat.OncePerCard);
            Assert.IsTrue(repeat.IsUsableBy(100, 0xFFFF, 4000000000));
        }

        [TestMethod]
        public void RejectsNonsense()
        {
            int refused = 0;
            try
            {
                new Voucher(1, "x", 10, VoucherKind.Percent, 101, 0);
            }
            catch (System.ArgumentException)
            {
                refused++;
            }

            try
            {
                new Voucher(0, "x", 10, VoucherKind.FixedAmount, 1, 0);
            }
            catch (System.ArgumentException)
            {
                refused++;
            }

            Assert.AreEqual(2, refused);
        }

        [TestMethod]
        public void CatalogFindsById()
        {
            VoucherCatalog catalog = VoucherCatalog.Default();
            Assert.AreEqual(3, catalog.Count);
            Assert.AreEqual("5.00 off", catalog.Find(20).Name);
            Assert.IsNull(catalog.Find(999));
        }
    }
}
