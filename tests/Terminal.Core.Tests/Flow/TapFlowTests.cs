#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Terminal.Core.Domain;
using Terminal.Core.Flow;
using Terminal.Core.Ledger;
using Terminal.Core.Tests.Fakes;

namespace Terminal.Core.Tests.Flow
{
    [TestClass]
    public class TapFlowTests
    {
        private static readonly byte[] Alice = new byte[] { 0x04, 0xA1, 0xB2, 0xC3 };
        private static readonly byte[] Bob = new byte[] { 0x04, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60 };

        private static int Balance(TestTerminal t, byte[] uid)
        {
            CardUid u = new CardUid();
            u.Set(uid, 0, uid.Length);
            CardState state = new CardState();
            t.Ledger.Lookup(u, state);
            return state.Balance;
        }

        private static Transaction Last(TestTerminal t)
        {
            Transaction last = new Transaction();
            Assert.IsTrue(t.Ledger.GetLast(last));
            return last;
        }

        [TestMethod]
        public void SaleWithNewCardEnrolsAndEarns()
        {
            TestTerminal t = new TestTerminal();
            t.Press("A2599#1");
            Assert.AreEqual((int)FlowState.TapPrompt, (int)t.Flow.State);
            Assert.IsTrue(t.Display.Shows("25.99 EUR"));
            Assert.IsTrue(t.Display.Shows("Beauty"));
            t.Tap(Alice);
            Assert.AreEqual((int)FlowState.Result, (int)t.Flow.State);
            Assert.IsTrue(t.Display.Shows("Welcome!"), t.Display.Last);
            Assert.IsTrue(t.Display.Shows("+25 pts"), t.Display.Last);
            Assert.AreEqual(2u, t.Ledger.LastSequence);
            Transaction earn = Last(t);
            Assert.AreEqual((int)TransactionKind.Earn, (int)earn.Kind);
            Assert.AreEqual(2599, earn.AmountMinor);
            Assert.AreEqual((byte)1, earn.Category);
            Assert.AreEqual(25, earn.Points);
            Assert.AreEqual("04A1B2C3", earn.Uid.ToString());
            Assert.AreEqual(t.Clock.UnixSeconds, earn.Timestamp);
            t.WaitForIdle();
            Assert.AreEqual((int)FlowState.Idle, (int)t.Flow.State);
        }

        [TestMethod]
        public void CardLeftOnReaderEarnsOnce()
        {
            TestTerminal t = new TestTerminal();
            t.Press("A1000##");
            t.Reader.Place(Alice);
            t.Step(5);
            uint afterFirst = t.Ledger.LastSequence;
            // The cashier keys the next sale while the card still lies on the reader.
            t.Press("A500##");
            t.Step(50);
            Assert.AreEqual(afterFirst, t.Ledger.LastSequence);
            Assert.AreEqual((int)FlowState.TapPrompt, (int)t.Flow.State);
            t.Reader.Remove();
            t.Step(3);
            t.Tap(Alice);
            Assert.AreEqual(afterFirst + 1, t.Ledger.LastSequence);
            Assert.AreEqual(15, Balance(t, Alice));
        }

        [TestMethod]
        public void CardPulledMidReadSaysHoldStillAndRecordsNothing()
        {
            TestTerminal t = new TestTerminal();
            t.Press("A1000##");
            int commits = t.Store.Commits;
            t.Reader.Tear(1);
            t.Step(2);
            // The sale stays pending at the prompt: the shopper just taps again.
            Assert.AreEqual((int)FlowState.TapPrompt, (int)t.Flow.State);
            Assert.IsTrue(t.Display.Shows("Hold card still"));
            Assert.AreEqual(commits, t.Store.Commits);
            Assert.AreEqual(0u, t.Ledger.LastSequence);
            t.Tap(Alice);
            Assert.IsTrue(t.Display.Shows("+10 pts"), t.Display.Last);
            Assert.AreEqual(2u, t.Ledger.LastSequence);
        }

        [TestMethod]
        public void CardPulledMidReadWhenIdleShowsHoldStill()
        {
            TestTerminal t = new TestTerminal();
            t.Reader.Tear(1);
            t.Step(2);
            Assert.AreEqual((int)FlowState.Error, (int)t.Flow.State);
            Assert.IsTrue(t.Display.Shows("Hold card still"));
            Assert.AreEqual(0u, t.Ledger.LastSequence);
        }

        [TestMethod]
        public void BalanceTapShowsPointsAndUsableVouchersThenTimesOut()
        {
            TestTerminal t = new TestTerminal();
            t.Press("A30000##");
            t.Tap(Bob);
            t.WaitForIdle();
            t.Tap(Bob);
            Assert.AreEqual((int)FlowState.Balance, (int)t.Flow.State);
            Assert.IsTrue(t.Display.Shows("300 pts"), t.Display.Last);
            Assert.IsTrue(t.Display.Shows("B1 Welcome 2.00"), t.Display.Last);
            Assert.IsTrue(t.Display.Shows("B2 5.00 off"), t.Display.Last);
            t.Clock.Advance(t.Settings.BalanceTimeoutMs);
            t.Step(1);
            Assert.AreEqual((int)FlowState.Idle, (int)t.Flow.State);
        }

        [TestMethod]
        public void FirstTapWithoutSaleEnrolsTheCard()
        {
            TestTerminal t = new TestTerminal();
            t.Tap(Alice);
            Assert.IsTrue(t.Display.Shows("Card registered"));
            Assert.AreEqual((int)TransactionKind.Enrol, (int)Last(t).Kind);
            Assert.AreEqual(1, t.Ledger.CardCount);
        }

        [TestMethod]
        public void RedeemNeedsEnoughPointsAndShowsTheDiscount()
        {
            TestTerminal t = new TestTerminal();
            t.Press("A20000##");
            t.Tap(Alice);
            t.WaitForIdle();
            // 200 points: not enough for voucher 2 (250).
            t.Press("B2");
            t.Tap(Alice);
            Assert.IsTrue(t.Display.Shows("Not enough pts"), t.Display.Last);
            t.WaitForIdle();
            t.Press("B1");
            t.Tap(Alice);
            Assert.IsTrue(t.Display.Shows("Give 2.00 EUR"), t.Display.Last);
            Transaction redeem = Last(t);
            Assert.AreEqual((int)TransactionKind.Redeem, (int)redeem.Kind);
            Assert.AreEqual(-50, redeem.Points);
            Assert.AreEqual((ushort)1, redeem.VoucherId);
            Assert.AreEqual(200, redeem.DiscountMinor);
            Assert.AreEqual(150, Balance(t, Alice));
            // Voucher 1 is once per card.
            t.WaitForIdle();
            t.Press("B1");
            t.Tap(Alice);
            Assert.IsTrue(t.Display.Shows("already"), t.Display.Last);
            Assert.AreEqual(150, Balance(t, Alice));
        }

        [TestMethod]
        public void PercentVoucherShowsPercent()
        {
            TestTerminal t = new TestTerminal();
            t.Press("A50000##");
            t.Tap(Alice);
            t.WaitForIdle();
            t.Press("B3");
            t.Tap(Alice);
            Assert.IsTrue(t.Display.Shows("Give 10%"), t.Display.Last);
            Assert.AreEqual(100, Balance(t, Alice));
        }

        [TestMethod]
        public void VoidWithPinReversesTheLastTransactionOnce()
        {
            TestTerminal t = new TestTerminal();
            t.Press("A4200##");
            t.Tap(Alice);
            t.WaitForIdle();
            uint earnSeq = t.Ledger.LastSequence;
            t.Press("C1234#");
            Assert.AreEqual((int)FlowState.VoidConfirm, (int)t.Flow.State);
            Assert.IsTrue(t.Display.Shows("Void #" + earnSeq.ToString()), t.Display.Last);
            t.Press("#");
            Assert.IsTrue(t.Display.Shows("Voided"), t.Display.Last);
            Transaction v = Last(t);
            Assert.AreEqual((int)TransactionKind.Void, (int)v.Kind);
            Assert.AreEqual(earnSeq, v.Reference);
            Assert.AreEqual(-42, v.Points);
            Assert.AreEqual(-4200, v.AmountMinor);
            Assert.AreEqual(0, Balance(t, Alice));
            t.WaitForIdle();
            t.Press("C1234#");
            Assert.IsTrue(t.Display.Shows("Nothing to void"), t.Display.Last);
        }

        [TestMethod]
        public void WrongPinIsRefusedAndLocksAfterThreeTries()
        {
            TestTerminal t = new TestTerminal();
            t.Press("A4200##");
            t.Tap(Alice);
            uint seq = t.Ledger.LastSequence;
            for (int i = 0; i < 3; i++)
            {
                t.WaitForIdle();
                t.Press("C9999#");
                Assert.IsTrue(t.Display.Shows("Wrong PIN"), t.Display.Last);
            }

            t.WaitForIdle();
            t.Press("C");
            Assert.IsTrue(t.Display.Shows("Void locked"), t.Display.Last);
            Assert.AreEqual(seq, t.Ledger.LastSequence);
            t.Clock.Advance(t.Settings.PinLockoutMs);
            t.Step(1);
            t.Press("C1234##");
            Assert.AreEqual(seq + 1, t.Ledger.LastSequence);
        }

        [TestMethod]
        public void AnonymousSaleIsRecordedWithoutCard()
        {
            TestTerminal t = new TestTerminal();
            t.Press("A1999#2D");
            Assert.IsTrue(t.Display.Shows("Sale saved"), t.Display.Last);
            Transaction sale = Last(t);
            Assert.AreEqual((int)TransactionKind.AnonymousSale, (int)sale.Kind);
            Assert.AreEqual(0, sale.Uid.Length);
            Assert.AreEqual(1999, sale.AmountMinor);
            Assert.AreEqual((byte)2, sale.Category);
            Assert.AreEqual(0, sale.Points);
        }

        [TestMethod]
        public void AmountEntryEditsAndCancels()
        {
            TestTerminal t = new TestTerminal();
            t.Press("123*4");
            Assert.IsTrue(t.Display.Shows("1.24 EUR"), t.Display.Last);
            t.Press("#");
            Assert.AreEqual((int)FlowState.CategorySelect, (int)t.Flow.State);
            t.Press("*D");
            Assert.AreEqual((int)FlowState.Idle, (int)t.Flow.State);
            t.Press("A#");
            Assert.AreEqual((int)FlowState.AmountEntry, (int)t.Flow.State);
            t.Press("99999999");
            Assert.IsTrue(t.Display.Shows("99999.99 EUR"), t.Display.Last);
        }

        [TestMethod]
        public void UnfinishedSaleIsAbandonedAfterTimeout()
        {
            TestTerminal t = new TestTerminal();
            t.Press("A500##");
            t.Clock.Advance(t.Settings.EntryTimeoutMs);
            t.Step(1);
            Assert.AreEqual((int)FlowState.Idle, (int)t.Flow.State);
            t.Tap(Alice);
            Assert.AreEqual((int)TransactionKind.Enrol, (int)Last(t).Kind);
        }

        [TestMethod]
        public void FullLedgerShowsAClearMessage()
        {
            TestTerminal t = new TestTerminal();
            t.Store.Free = 10;
            t.Press("A500##");
            t.Tap(Alice);
            Assert.AreEqual((int)FlowState.Error, (int)t.Flow.State);
            Assert.IsTrue(t.Display.Shows("Memory full"), t.Display.Last);
            Assert.AreEqual(0u, t.Ledger.LastSequence);
        }

        [TestMethod]
        public void MaintenanceRunsBetweenTapsAndBalancesSurviveReboot()
        {
            TestTerminal t = new TestTerminal();
            for (int i = 0; i < 60; i++)
            {
                t.Press("A100##");
                t.Tap(i % 2 == 0 ? Alice : Bob);
                t.WaitForIdle();
            }

            Assert.IsTrue(t.Ledger.PendingCount < 40, t.Ledger.PendingCount.ToString());
            TestTerminal rebooted = new TestTerminal(t.Store, t.Clock);
            Assert.AreEqual(30, Balance(rebooted, Alice));
            Assert.AreEqual(30, Balance(rebooted, Bob));
            Assert.AreEqual(62u, rebooted.Ledger.LastSequence);
        }
    }
}
