#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Terminal.Core.Domain;

namespace Terminal.Core.Tests.Domain
{
    [TestClass]
    public class CardUidTests
    {
        [TestMethod]
        public void AcceptsOnlyIso14443Lengths()
        {
            CardUid uid = new CardUid();
            byte[] ten = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
            uid.Set(ten, 0, 4);
            Assert.AreEqual(4, uid.Length);
            uid.Set(ten, 0, 7);
            Assert.AreEqual(7, uid.Length);
            uid.Set(ten, 0, 10);
            Assert.AreEqual("0102030405060708090A", uid.ToString());
            bool threw = false;
            try
            {
                uid.Set(ten, 0, 5);
            }
            catch (System.ArgumentException)
            {
                threw = true;
            }

            Assert.IsTrue(threw);
        }

        [TestMethod]
        public void KeyDependsOnLengthAndBytes()
        {
            CardUid a = new CardUid();
            CardUid b = new CardUid();
            byte[] bytes = new byte[] { 0, 0, 0, 0, 0, 0, 0 };
            a.Set(bytes, 0, 4);
            b.Set(bytes, 0, 7);
            Assert.AreNotEqual(a.Key(), b.Key());
            b.Set(bytes, 0, 4);
            Assert.AreEqual(a.Key(), b.Key());
            Assert.IsTrue(a.SameAs(b));
        }

        [TestMethod]
        public void KeyIsStableAcrossReleases()
        {
            // The key indexes the card table on flash: changing the hash would orphan every card.
            // Expected value computed independently (FNV-1a 64 over 04 04 A1 B2 C3 in Python).
            CardUid a = new CardUid();
            a.Set(new byte[] { 0x04, 0xA1, 0xB2, 0xC3 }, 0, 4);
            Assert.AreEqual(CardUid.KeyOf(new byte[] { 0x04, 0xA1, 0xB2, 0xC3 }, 0, 4), a.Key());
            Assert.AreEqual("91B84353939D7AAB", a.Key().ToString("X16"));
        }
    }
}
