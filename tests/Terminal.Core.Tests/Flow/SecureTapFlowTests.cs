#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Terminal.Core.Config;
using Terminal.Core.Domain;
using Terminal.Core.Flow;
using Terminal.Core.Ledger;
using Terminal.Core.Rules;
using Terminal.Core.Security;
using Terminal.Core.Tests.Fakes;

namespace Terminal.Core.Tests.Flow
{
    /// <summary>The tap flow with signed NTAG credentials (issue #8): what the counter sees.</summary>
    [TestClass]
    public class SecureTapFlowTests
    {
        private sealed class Rig
        {
            public readonly MemoryLedgerStore Store = new MemoryLedgerStore();
            public readonly FakeClock Clock = new FakeClock();
            public readonly ScriptedKeypad Keypad = new ScriptedKeypad();
            public readonly NtagCardReader Reader = new NtagCardReader();
            public readonly RecordingDisplay Display = new RecordingDisplay();
            public readonly Terminal.Core.Ledger.Ledger Ledger;
            public readonly TapFlow Flow;

            public Rig(Keyring keys)
            {
                Ledger = new Terminal.Core.Ledger.Ledger(Store, LedgerOptions.Small());
                Ledger.Mount();
                TerminalSettings settings = new TerminalSettings();
                settings.TerminalNumber = 7;
                Flow = new TapFlow(Ledger, EarnRules.Default(), VoucherCatalog.Default(), settings, Display, new RecordingIndicator(), Clock);
                Flow.Authenticator = SecurityKit.Authenticator(keys);
            }

            public void Step(int turns)
            {
                for (int i = 0; i < turns; i++)
                {
                    Flow.Step(Keypad, Reader);
                    Clock.Advance(20);
                }
            }

            public void Press(string keys)
            {
                Keypad.Type(keys);
                Step(keys.Length + 1);
            }

            public void Tap(SimulatedNtag card)
            {
                Reader.Place(card);
                Step(2);
                Reader.Remove();
                Step(3);
            }

            public void Idle()
            {
                Clock.Advance(10000);
                Step(1);
            }

            public Transaction Last()
            {
                Transaction t = new Transaction();
                Assert.IsTrue(Ledger.GetLast(t));
                return t;
            }

            public int Balance(SimulatedNtag card)
            {
                CardState state = new CardState();
                Ledger.Lookup(card.Uid, state);
                return state.Balance;
            }
        }

        [TestMethod]
        public void BlankCardIsEnrolledAtItsFirstSaleAndNeverWrittenAgain()
        {
            Rig r = new Rig(SecurityKit.Keys(1, 0));
            SimulatedNtag card = SimulatedNtag.Ntag215(SecurityKit.Uid(1));
            r.Press("A1000##");
            r.Tap(card);
            Assert.IsTrue(r.Display.Shows("+10 pts"), r.Display.Last);
            Transaction earn = r.Last();
            Assert.AreEqual((int)TransactionKind.Earn, (int)earn.Kind);
            Transaction[] journal = new Transaction[] { new Transaction(), new Transaction(), new Transaction() };
            Assert.AreEqual(3, r.Ledger.ReadJournal(1, journal, 3));
            Assert.AreEqual((int)TransactionKind.Enrol, (int)journal[0].Kind);
            Assert.AreEqual((int)TransactionKind.CardEvidence, (int)journal[1].Kind);
            Assert.IsTrue(CardEvidence.Follows(journal[0], journal[1]));
            Assert.AreEqual(card.Uid.ToString(), journal[1].Uid.ToString());
            Assert.AreEqual((int)TransactionKind.Earn, (int)journal[2].Kind);
            Assert.AreEqual(7, CredentialSerial.TerminalOf(journal[0].Reference));
            Assert.AreEqual(1, CredentialSerial.SequenceOf(journal[0].Reference));
            int writes = card.Writes;
            Assert.IsTrue(writes > 0);

            r.Idle();
            r.Press("A500##");
            r.Tap(card);
            Assert.IsTrue(r.Display.Shows("+5 pts"), r.Display.Last);
            Assert.AreEqual(writes, card.Writes);
            Transaction second = r.Last();
            Assert.IsTrue(second.CardCounter > earn.CardCounter, second.CardCounter.ToString() + " after " + earn.CardCounter.ToString());
            r.Idle();
            r.Tap(card);
            Assert.IsTrue(r.Display.Shows("15 pts"), r.Display.Last);
            Assert.AreEqual(writes, card.Writes);
        }

        [TestMethod]
        public void UidOnlyCloneOfAKnownCardIsRefusedAndRecordedAsASecurityEvent()
        {
            Rig r = new Rig(SecurityKit.Keys(1, 0));
            SimulatedNtag card = SimulatedNtag.Ntag215(SecurityKit.Uid(2));
            r.Press("A2000##");
            r.Tap(card);
            r.Idle();
            uint before = r.Ledger.LastSequence;
            SimulatedNtag blankCopy = SimulatedNtag.Ntag215(SecurityKit.Uid(2));
            r.Press("A9900##");
            r.Tap(blankCopy);
            Assert.IsTrue(r.Display.Shows("recognised"), r.Display.Last);
            Transaction ev = r.Last();
            Assert.AreEqual(before + 1, ev.Sequence);
            Assert.AreEqual((int)TransactionKind.SecurityEvent, (int)ev.Kind);
            Assert.AreEqual((uint)SecurityReason.BlankKnownUid, ev.Reference);
            Assert.AreEqual(0, ev.Points);
            Assert.AreEqual(20, r.Balance(card));
            Assert.AreEqual(0, blankCopy.Writes);
        }

        [TestMethod]
        public void CopiedPagesWithoutThePasswordAreRefused()
        {
            Rig r = new Rig(SecurityKit.Keys(1, 0));
            SimulatedNtag card = SimulatedNtag.Ntag215(SecurityKit.Uid(3));
            r.Tap(card);
            r.Idle();
            SimulatedNtag dump = SimulatedNtag.DumpCloneOf(card);
            r.Press("A1000##");
            r.Tap(dump);
            Assert.IsTrue(r.Display.Shows("recognised"), r.Display.Last);
            Assert.AreEqual((int)TransactionKind.SecurityEvent, (int)r.Last().Kind);
            Assert.AreEqual(0, r.Balance(card));
        }

        [TestMethod]
        public void MagicCloneIsAcceptedOfflineButItsCounterIsRecorded()
        {
            Rig r = new Rig(SecurityKit.Keys(1, 0));
            SimulatedNtag card = SimulatedNtag.Ntag215(SecurityKit.Uid(4));
            r.Press("A1000##");
            r.Tap(card);
            r.Idle();
            r.Press("A1000##");
            r.Tap(card);
            r.Idle();
            r.Press("A1000##");
            r.Tap(card);
            uint genuine = r.Last().CardCounter;
            r.Idle();
            SimulatedNtag clone = SimulatedNtag.MagicCloneOf(card, 0);
            r.Press("A1000##");
            r.Tap(clone);
            Assert.IsTrue(r.Display.Shows("+10 pts"), r.Display.Last);
            uint cloned = r.Last().CardCounter;
            Assert.IsTrue(cloned < genuine, "the clone's counter " + cloned.ToString() + " goes back from " + genuine.ToString());
        }

        [TestMethod]
        public void ACardThatIsNoNtagIsRefusedAndAnUnknownOneLeavesNoRecord()
        {
            Rig r = new Rig(SecurityKit.Keys(1, 0));
            r.Press("A1000##");
            r.Reader.PlaceForeign(new byte[] { 0x11, 0x22, 0x33, 0x44 });
            r.Step(2);
            r.Reader.Remove();
            r.Step(3);
            Assert.IsTrue(r.Display.Shows("recognised"), r.Display.Last);
            Assert.AreEqual(0u, r.Ledger.LastSequence);
        }

        [TestMethod]
        public void CardLiftedDuringEnrolmentKeepsTheSaleAndTheNextTapCompletes()
        {
            Rig r = new Rig(SecurityKit.Keys(1, 0));
            SimulatedNtag card = SimulatedNtag.Ntag215(SecurityKit.Uid(5));
            r.Press("A3000##");
            r.Reader.Place(card);
            card.LiftAfter(8, NtagTear.AnswerLost);
            r.Step(2);
            r.Reader.Remove();
            r.Step(3);
            Assert.IsTrue(r.Display.Shows("Hold card still"), r.Display.Last);
            Assert.AreEqual((int)FlowState.TapPrompt, (int)r.Flow.State);
            Assert.AreEqual(0u, r.Ledger.LastSequence);
            r.Tap(card);
            Assert.IsTrue(r.Display.Shows("+30 pts"), r.Display.Last);
            // Enrol, the card's originality signature as evidence, the earn.
            Assert.AreEqual(3u, r.Ledger.LastSequence);
        }

        [TestMethod]
        public void ATerminalWithoutKeysSaysSoAndRecordsNothing()
        {
            Rig r = new Rig(new Keyring());
            r.Press("A1000##");
            r.Tap(SimulatedNtag.Ntag215(SecurityKit.Uid(6)));
            Assert.IsTrue(r.Display.Shows("No card keys"), r.Display.Last);
            Assert.AreEqual(0u, r.Ledger.LastSequence);
        }
    }
}
