#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

using Terminal.Core.Tests.Fakes;

namespace Terminal.Core.Tests.FakesTests
{
    [TestClass]
    public class ProvisioningFakesTests
    {
        // Portable stand-in for ThrowsException, whose signature differs between MSTest and nanoFramework.
        private static bool Throws(System.Type type, System.Action action)
        {
            try
            {
                action();
            }
            catch (System.Exception e)
            {
                return object.ReferenceEquals(type, e.GetType());
            }

            return false;
        }

        [TestMethod]
        public void CutLedgerStoreKeepsTheLittleFsContract()
        {
            CutLedgerStore s = new CutLedgerStore();
            byte[] b = new byte[] { 1, 2, 3 };
            s.Create("a", b, 0, 3);
            Assert.IsTrue(Throws(typeof(System.IO.IOException), () => s.Create("a", b, 0, 1)));
            s.Append("a", b, 1, 2);
            Assert.AreEqual(5, s.Length("a"));
            s.Create("b", b, 0, 1);
            Assert.IsTrue(Throws(typeof(System.IO.IOException), () => s.Rename("a", "b")));
            s.Rename("a", "c");
            Assert.IsFalse(s.Exists("a"));
            byte[] r = new byte[10];
            Assert.AreEqual(2, s.Read("c", 3, r, 0, 10));
            Assert.AreEqual((byte)3, r[1]);
            s.Delete("zzz");
            Assert.AreEqual(-1, s.Length("zzz"));
            Assert.AreEqual(2, s.List("").Length);
            Assert.AreEqual(6, s.Operations);
        }

        [TestMethod]
        public void CutLedgerStoreCutsExactlyTheArmedOperation()
        {
            CutLedgerStore s = new CutLedgerStore();
            byte[] b = new byte[] { 9 };
            s.CutAt = 1;
            s.Append("a", b, 0, 1);
            Assert.IsTrue(Throws(typeof(PowerCutException), () => s.Append("a", b, 0, 1)));
            Assert.IsTrue(s.IsDead);
            Assert.IsTrue(Throws(typeof(PowerCutException), () => s.Exists("a")));
            s.Revive();
            Assert.AreEqual(1, s.Length("a"), "the cut append did not happen");

            s.CutAt = 0;
            s.CutLeavesEmptyFile = true;
            Assert.IsTrue(Throws(typeof(PowerCutException), () => s.Create("n", b, 0, 1)));
            s.Revive();
            Assert.AreEqual(0, s.Length("n"), "a cut create may leave an empty file");
        }

        [TestMethod]
        public void MemoryServicePortTwinsCarryBytesBothWays()
        {
            MemoryServicePort a = MemoryServicePort.CreatePair();
            byte[] data = new byte[1000];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = (byte)i;
            }

            a.Write(data, 0, 700);
            a.Write(data, 700, 300);
            Assert.AreEqual(1000, a.Twin.Available);
            byte[] r = new byte[600];
            Assert.AreEqual(600, a.Twin.Read(r, 0, 600));
            Assert.AreEqual((byte)(599 & 0xFF), r[599]);
            a.Twin.Write(data, 0, 2);
            Assert.AreEqual(2, a.Available);
            byte[] rest = a.Twin.ReadAll();
            Assert.AreEqual(400, rest.Length);
            Assert.AreEqual((byte)(999 & 0xFF), rest[399]);
            Assert.AreEqual(0, a.Twin.Read(r, 0, 10), "non-blocking when empty");
        }

        [TestMethod]
        public void FakeWifiConnectsOnlyWithTheRightPassword()
        {
            FakeWifiStation w = new FakeWifiStation("Net", "pw123456");
            Assert.IsFalse(w.Connect("Net", "nope"));
            Assert.IsTrue(w.Connect("Net", "pw123456"));
            Assert.IsTrue(w.IsConnected);
            w.Forget();
            Assert.IsFalse(w.IsConnected);
            Assert.AreEqual(2, w.ConnectCalls);
        }
    }
}
