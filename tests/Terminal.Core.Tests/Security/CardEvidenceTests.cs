#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Terminal.Core.Domain;
using Terminal.Core.Ledger;
using Terminal.Core.Security;
using Terminal.Core.Sync;
using Terminal.Core.Tests.Fakes;

namespace Terminal.Core.Tests.Security
{
    [TestClass]
    public class CardEvidenceTests
    {
        private static byte[] Signature(int seed)
        {
            byte[] sig = new byte[40];
            for (int i = 0; i < sig.Length; i++)
            {
                sig[i] = (byte)((i * 29) + seed);
            }

            return sig;
        }

        private static CardUid Uid(byte[] bytes)
        {
            CardUid uid = new CardUid();
            uid.Set(bytes, 0, bytes.Length);
            return uid;
        }

        private static bool FillThrows(Transaction t, CardUid uid, byte[] signature, int offset)
        {
            try
            {
                CardEvidence.Fill(t, uid, signature, offset);
                return false;
            }
            catch (System.ArgumentException)
            {
                return true;
            }
        }

        [TestMethod]
        public void FillCopiesTheSignatureAtTheOffsetAndNothingElse()
        {
            Transaction t = new Transaction();
            t.Points = 5;
            t.Timestamp = 77;
            byte[] sig = Signature(3);
            CardEvidence.Fill(t, Uid(SecurityKit.Uid(1)), sig, 8);
            Assert.AreEqual((int)TransactionKind.CardEvidence, (int)t.Kind);
            Assert.AreEqual(0, t.Points);
            Assert.AreEqual(0u, t.Timestamp);
            Assert.IsTrue(t.Uid.SameAs(Uid(SecurityKit.Uid(1))));
            for (int i = 0; i < CardEvidence.Length; i++)
            {
                Assert.AreEqual(sig[8 + i], t.Evidence[i], "byte " + i.ToString());
            }
        }

        [TestMethod]
        public void FillRefusesAUidThatIsNotSevenBytesAndAShortSignature()
        {
            Transaction t = new Transaction();
            Assert.IsFalse(CardEvidence.Fits(Uid(new byte[] { 1, 2, 3, 4 })));
            Assert.IsTrue(FillThrows(t, Uid(new byte[] { 1, 2, 3, 4 }), Signature(1), 0));
            Assert.IsTrue(FillThrows(t, Uid(SecurityKit.Uid(1)), Signature(1), 9));
            Assert.IsTrue(FillThrows(t, Uid(SecurityKit.Uid(1)), null, 0));
            Assert.IsFalse(FillThrows(t, Uid(SecurityKit.Uid(1)), Signature(1), 8));
        }

        [TestMethod]
        public void EvidenceFrameRoundTripsAndEveryFlippedBitIsRejected()
        {
            Transaction t = new Transaction();
            CardEvidence.Fill(t, Uid(SecurityKit.Uid(9)), Signature(7), 0);
            t.Sequence = 0x01020304;
            byte[] frame = new byte[TransactionCodec.FrameLength];
            Assert.AreEqual(TransactionCodec.FrameLength, TransactionCodec.Encode(t, frame, 0));
            Transaction back = new Transaction();
            back.Points = 9;
            back.Timestamp = 9;
            Assert.IsTrue(TransactionCodec.TryDecode(frame, 0, frame.Length, back));
            Assert.AreEqual((int)TransactionKind.CardEvidence, (int)back.Kind);
            Assert.AreEqual(0x01020304u, back.Sequence);
            Assert.IsTrue(back.Uid.SameAs(t.Uid));
            Assert.AreEqual(0, back.Points);
            Assert.AreEqual(0u, back.Timestamp);
            for (int i = 0; i < CardEvidence.Length; i++)
            {
                Assert.AreEqual(t.Evidence[i], back.Evidence[i], "byte " + i.ToString());
            }

            for (int i = 0; i < frame.Length; i++)
            {
                frame[i] ^= 0x01;
                Assert.IsFalse(TransactionCodec.TryDecode(frame, 0, frame.Length, back), "flip at " + i.ToString());
                frame[i] ^= 0x01;
            }
        }

        [TestMethod]
        public void OtherKindsDecodeWithZeroEvidenceAndCopyFromCarriesIt()
        {
            Transaction t = new Transaction();
            CardEvidence.Fill(t, Uid(SecurityKit.Uid(2)), Signature(1), 0);
            Transaction copy = new Transaction();
            copy.CopyFrom(t);
            Assert.AreEqual(t.Evidence[31], copy.Evidence[31]);
            Transaction earn = new Transaction();
            earn.Kind = TransactionKind.Earn;
            earn.Uid.CopyFrom(t.Uid);
            byte[] frame = new byte[TransactionCodec.FrameLength];
            TransactionCodec.Encode(earn, frame, 0);
            Assert.IsTrue(TransactionCodec.TryDecode(frame, 0, frame.Length, copy));
            for (int i = 0; i < CardEvidence.Length; i++)
            {
                Assert.AreEqual((byte)0, copy.Evidence[i]);
            }

            // Encode refuses evidence for a UID the frame cannot hold.
            Transaction bad = new Transaction();
            bad.Kind = TransactionKind.CardEvidence;
            bad.Uid.Set(new byte[] { 1, 2, 3, 4 }, 0, 4);
            bool threw = false;
            try
            {
                TransactionCodec.Encode(bad, frame, 0);
            }
            catch (System.ArgumentException)
            {
                threw = true;
            }

            Assert.IsTrue(threw, "encode of evidence with a 4-byte UID");
        }

        [TestMethod]
        public void EnrolEvidenceAndEarnAreOneCommitWithConsecutiveSequencesAndSurviveARemount()
        {
            MemoryLedgerStore store = new MemoryLedgerStore();
            Terminal.Core.Ledger.Ledger ledger = new Terminal.Core.Ledger.Ledger(store, LedgerOptions.Small());
            ledger.Mount();
            CardUid uid = Uid(SecurityKit.Uid(5));
            Transaction enrol = new Transaction();
            enrol.Kind = TransactionKind.Enrol;
            enrol.Timestamp = 1000;
            enrol.Uid.CopyFrom(uid);
            enrol.Reference = CredentialSerial.Make(3, 17);
            enrol.CardCounter = 4;
            Transaction evidence = new Transaction();
            CardEvidence.Fill(evidence, uid, Signature(5), 0);
            Transaction earn = new Transaction();
            earn.Kind = TransactionKind.Earn;
            earn.Timestamp = 1000;
            earn.Uid.CopyFrom(uid);
            earn.Points = 12;
            earn.CardCounter = 4;
            int before = store.Commits;
            ledger.Commit(enrol, evidence, earn);
            Assert.AreEqual(1, store.Commits - before, "one durable commit");
            Assert.AreEqual(1u, enrol.Sequence);
            Assert.AreEqual(2u, evidence.Sequence);
            Assert.AreEqual(3u, earn.Sequence);
            Assert.IsTrue(CardEvidence.Follows(enrol, evidence));
            Assert.IsFalse(CardEvidence.Follows(earn, evidence));

            Terminal.Core.Ledger.Ledger again = new Terminal.Core.Ledger.Ledger(store, LedgerOptions.Small());
            again.Mount();
            Transaction[] read = new Transaction[] { new Transaction(), new Transaction(), new Transaction(), new Transaction() };
            Assert.AreEqual(3, again.ReadJournal(1, read, read.Length));
            Assert.IsTrue(CardEvidence.Follows(read[0], read[1]));
            Assert.AreEqual(Signature(5)[31], read[1].Evidence[31]);
            CardState state = new CardState();
            Assert.IsTrue(again.Lookup(uid, state));
            Assert.AreEqual(12, state.Balance, "the evidence record moves no points");
            bool threw = false;
            try
            {
                again.Commit(enrol, null, earn);
            }
            catch (System.ArgumentNullException)
            {
                threw = true;
            }

            Assert.IsTrue(threw, "a third record needs a second");
        }

        [TestMethod]
        public void BatchCarriesTheSignatureAsHexOnlyForEvidence()
        {
            Transaction t = new Transaction();
            CardEvidence.Fill(t, Uid(SecurityKit.Uid(1)), Signature(0), 0);
            t.Sequence = 8;
            JsonWriter w = new JsonWriter(2048);
            SyncCodec.WriteBatch(w, new SyncOptions("T1", "t", "s"), new Transaction[] { t }, 1);
            string text = System.Text.Encoding.UTF8.GetString(w.Buffer, 0, w.Length);
            Assert.IsTrue(text.IndexOf("\"fl\":0,\"sig\":\"001D3A57") > 0, text);
            Transaction[] into = new Transaction[] { new Transaction() };
            int count;
            string tid;
            SyncCodec c = new SyncCodec();
            Assert.IsTrue(c.ReadBatch(w.ToArray(), into, out count, out tid), c.Error);
            Assert.AreEqual(Signature(0)[31], into[0].Evidence[31]);
            Assert.IsTrue(into[0].Uid.SameAs(t.Uid));

            Assert.IsFalse(c.ReadBatch(System.Text.Encoding.UTF8.GetBytes(text.Substring(0, text.IndexOf(",\"sig\"")) + "}]}"), into, out count, out tid), "evidence without sig");
            string earn = "{\"v\":1,\"tid\":\"T1\",\"ten\":\"t\",\"shop\":\"s\",\"tx\":[{\"seq\":1,\"k\":1,\"ts\":1,\"uid\":\"04A1B2C3\",\"amt\":0,\"cat\":0,\"pts\":0,\"vch\":0,\"disc\":0,\"ref\":0,\"ctr\":0,\"fl\":0,\"sig\":\"" + text.Substring(text.IndexOf("\"sig\":\"") + 7, 64) + "\"}]}";
            Assert.IsFalse(c.ReadBatch(System.Text.Encoding.UTF8.GetBytes(earn), into, out count, out tid), "sig on an earn");
        }
    }
}
