#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Terminal.Core.Domain;
using Terminal.Core.Sync;
using Terminal.Core.Tests.Fakes;

namespace Terminal.Core.Tests.Sync
{
    [TestClass]
    public class OfflineRedemptionCapTests
    {
        private static readonly byte[] CardA = new byte[] { 0x04, 0x11, 0x22, 0x33 };
        private static readonly byte[] CardB = new byte[] { 0x04, 0x44, 0x55, 0x66 };

        private static void Commit(Terminal.Core.Ledger.Ledger ledger, TransactionKind kind, byte[] uid, int points, ushort voucher)
        {
            Transaction t = new Transaction();
            t.Kind = kind;
            t.Uid.Set(uid, 0, uid.Length);
            t.Points = points;
            t.VoucherId = voucher;
            ledger.Commit(t, null);
        }

        private static CardUid U(byte[] b)
        {
            CardUid u = new CardUid();
            u.Set(b, 0, b.Length);
            return u;
        }

        [TestMethod]
        public void CapsCountUnacknowledgedRedemptionsPerCardAndTerminal()
        {
            TestTerminal t = new TestTerminal();
            SyncOptions o = new SyncOptions("T1", "x", "y");
            o.OfflineCardCapPoints = 100;
            o.OfflineTerminalCapPoints = 150;
            OfflineRedemptionCap cap = new OfflineRedemptionCap(t.Ledger, o);
            Commit(t.Ledger, TransactionKind.Earn, CardA, 1000, 0);
            Commit(t.Ledger, TransactionKind.Earn, CardB, 1000, 0);
            Assert.IsNull(cap.Refuse(U(CardA), 100));
            Commit(t.Ledger, TransactionKind.Redeem, CardA, -60, 20);
            Assert.IsNotNull(cap.Refuse(U(CardA), 50), "card cap");
            Assert.AreEqual(60, cap.CardPending);
            Assert.IsNull(cap.Refuse(U(CardA), 40));
            Commit(t.Ledger, TransactionKind.Redeem, CardB, -80, 20);
            Assert.AreEqual("Offline limit", cap.Refuse(U(CardB), 20), "terminal cap: 140 + 20 > 150");
            Assert.AreEqual(140, cap.TerminalPending);
            Commit(t.Ledger, TransactionKind.Void, CardB, 80, 20);
            Assert.IsNull(cap.Refuse(U(CardB), 20), "a voided redemption no longer counts");
            t.Ledger.MarkSynced(t.Ledger.LastSequence);
            Assert.IsNull(cap.Refuse(U(CardA), 100), "acknowledged redemptions no longer count");
            Assert.AreEqual(0, cap.TerminalPending);
        }

        [TestMethod]
        public void ZeroCapsAllowEverything()
        {
            TestTerminal t = new TestTerminal();
            SyncOptions o = new SyncOptions("T1", "x", "y");
            o.OfflineCardCapPoints = 0;
            o.OfflineTerminalCapPoints = 0;
            OfflineRedemptionCap cap = new OfflineRedemptionCap(t.Ledger, o);
            Commit(t.Ledger, TransactionKind.Redeem, CardA, -100000, 20);
            Assert.IsNull(cap.Refuse(U(CardA), 100000));
        }

        [TestMethod]
        public void TheFlowRefusesARedemptionOverTheCap()
        {
            TestTerminal t = new TestTerminal();
            SyncOptions o = new SyncOptions("T1", "x", "y");
            o.OfflineCardCapPoints = 300;
            t.Flow.RedemptionGuard = new OfflineRedemptionCap(t.Ledger, o);
            Commit(t.Ledger, TransactionKind.Earn, CardA, 2000, 0);
            t.Press("B2");
            t.Tap(CardA);
            Assert.IsTrue(t.Display.Shows("Give"), t.Display.Last);
            t.WaitForIdle();
            uint last = t.Ledger.LastSequence;
            t.Press("B2");
            t.Tap(CardA);
            Assert.IsTrue(t.Display.Shows("Offline limit"), t.Display.Last);
            Assert.AreEqual(last, t.Ledger.LastSequence, "nothing recorded");
        }
    }
}
