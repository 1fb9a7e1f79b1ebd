#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Terminal.Core.Tests.Fakes;

namespace Terminal.Core.Tests.FakesTests
{
    [TestClass]
    public class MemoryLedgerStoreTests
    {
        [TestMethod]
        public void AppendReadAndLength()
        {
            MemoryLedgerStore store = new MemoryLedgerStore();
            store.Append("a", new byte[] { 1, 2, 3 }, 0, 3);
            store.Append("a", new byte[] { 9, 4, 5 }, 1, 2);
            Assert.AreEqual(5, store.Length("a"));
            byte[] buffer = new byte[8];
            Assert.AreEqual(3, store.Read("a", 2, buffer, 0, 8));
            Assert.AreEqual((byte)3, buffer[0]);
            Assert.AreEqual((byte)5, buffer[2]);
            Assert.AreEqual(2, store.Commits);
            Assert.AreEqual(-1, store.Length("missing"));
        }

        [TestMethod]
        public void RenameOntoExistingThrowsLikeLittleFs()
        {
            MemoryLedgerStore store = new MemoryLedgerStore();
            store.Create("a", new byte[] { 1 }, 0, 1);
            store.Create("b", new byte[] { 2 }, 0, 1);
            bool threw = false;
            try
            {
                store.Rename("a", "b");
            }
            catch (System.IO.IOException)
            {
                threw = true;
            }

            Assert.IsTrue(threw);
            store.Delete("b");
            store.Rename("a", "b");
            Assert.IsFalse(store.Exists("a"));
            Assert.AreEqual(1, store.Length("b"));
        }

        [TestMethod]
        public void CreateRefusesExistingAndListFiltersByPrefix()
        {
            MemoryLedgerStore store = new MemoryLedgerStore();
            store.Create("s1", new byte[0], 0, 0);
            store.Create("c1", new byte[0], 0, 0);
            bool threw = false;
            try
            {
                store.Create("s1", new byte[0], 0, 0);
            }
            catch (System.IO.IOException)
            {
                threw = true;
            }

            Assert.IsTrue(threw);
            string[] names = store.List("s");
            Assert.AreEqual(1, names.Length);
            Assert.AreEqual("s1", names[0]);
        }
    }
}
