#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Terminal.Core.Domain;
using Terminal.Core.Ledger;
using Terminal.Core.Tests.Fakes;

namespace Terminal.Core.Tests.Ledger
{
    [TestClass]
    public class LedgerTests
    {
        private static readonly byte[] CardA = new byte[] { 0x04, 0x11, 0x22, 0x33 };
        private static readonly byte[] CardB = new byte[] { 0x04, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99 };

        private static Terminal.Core.Ledger.Ledger Mount(MemoryLedgerStore store)
        {
            Terminal.Core.Ledger.Ledger ledger = new Terminal.Core.Ledger.Ledger(store, LedgerOptions.Small());
            ledger.Mount();
            return ledger;
        }

        [TestMethod]
        public void CommitIsOneStoreCommitAndSequencesStartAtOne()
        {
            MemoryLedgerStore store = new MemoryLedgerStore();
            Terminal.Core.Ledger.Ledger ledger = Mount(store);
            int before = store.Commits;
            Transaction enrol = LedgerKit.Tx(TransactionKind.Enrol, CardA, 0);
            Transaction earn = LedgerKit.Tx(TransactionKind.Earn, CardA, 12);
            ledger.Commit(enrol, earn);
            Assert.AreEqual(1, store.Commits - before);
            Assert.AreEqual(1u, enrol.Sequence);
            Assert.AreEqual(2u, earn.Sequence);
            Assert.AreEqual(12, LedgerKit.Balance(ledger, CardA));
            Assert.AreEqual(2, ledger.UnsyncedCount);
            Assert.AreEqual(1, ledger.CardCount);
        }

        [TestMethod]
        public void UnknownCardIsNotFound()
        {
            Terminal.Core.Ledger.Ledger ledger = Mount(new MemoryLedgerStore());
            CardUid u = new CardUid();
            u.Set(CardB, 0, CardB.Length);
            CardState state = new CardState();
            Assert.IsFalse(ledger.Lookup(u, state));
            Assert.AreEqual(0, state.Balance);
        }

        [TestMethod]
        public void StateSurvivesRemountBeforeAndAfterCheckpoint()
        {
            MemoryLedgerStore store = new MemoryLedgerStore();
            Terminal.Core.Ledger.Ledger ledger = Mount(store);
            ledger.Commit(LedgerKit.Tx(TransactionKind.Enrol, CardA, 0), LedgerKit.Tx(TransactionKind.Earn, CardA, 10));
            ledger.Commit(LedgerKit.Tx(TransactionKind.Enrol, CardB, 0), LedgerKit.Tx(TransactionKind.Earn, CardB, 7));
            ledger = Mount(store);
            Assert.AreEqual(10, LedgerKit.Balance(ledger, CardA));
            Assert.AreEqual(4u, ledger.LastSequence);
            ledger.MaintainAll();
            Assert.AreEqual(0, ledger.PendingCount);
            ledger.Commit(LedgerKit.Tx(TransactionKind.Earn, CardA, 5), null);
            ledger = Mount(store);
            Assert.AreEqual(15, LedgerKit.Balance(ledger, CardA));
            Assert.AreEqual(7, LedgerKit.Balance(ledger, CardB));
            Assert.AreEqual(2, ledger.CardCount);
            Transaction last = new Transaction();
            Assert.IsTrue(ledger.GetLast(last));
            Assert.AreEqual(5u, last.Sequence);
            Assert.AreEqual(0, ledger.Stats.SequenceGaps);
        }

        [TestMethod]
        public void TornTailFrameIsIgnoredAndNewAppendsStayReadable()
        {
            MemoryLedgerStore store = new MemoryLedgerStore();
            Terminal.Core.Ledger.Ledger ledger = Mount(store);
            ledger.Commit(LedgerKit.Tx(TransactionKind.Enrol, CardA, 0), LedgerKit.Tx(TransactionKind.Earn, CardA, 10));
            // Half a frame of a third record reached the medium (possible on a host file system).
            int length = store.Length(Terminal.Core.Ledger.Ledger.TailName);
            byte[] data = new byte[length + 20];
            store.Read(Terminal.Core.Ledger.Ledger.TailName, 0, data, 0, length);
            data[length] = TransactionCodec.Magic;
            store.Poke(Terminal.Core.Ledger.Ledger.TailName, data);

            ledger = Mount(store);
            Assert.AreEqual(1, ledger.Stats.CorruptFiles);
            Assert.AreEqual(2u, ledger.LastSequence);
            ledger.Commit(LedgerKit.Tx(TransactionKind.Earn, CardA, 1), null);
            ledger = Mount(store);
            Assert.AreEqual(11, LedgerKit.Balance(ledger, CardA));
            Assert.AreEqual(3u, ledger.LastSequence);
            Assert.AreEqual(0, ledger.Stats.CorruptFiles);
        }

        [TestMethod]
        public void CutBetweenTailFlushAndTailDeleteCountsOnce()
        {
            MemoryLedgerStore store = new MemoryLedgerStore();
            Terminal.Core.Ledger.Ledger ledger = Mount(store);
            ledger.Commit(LedgerKit.Tx(TransactionKind.Enrol, CardA, 0), LedgerKit.Tx(TransactionKind.Earn, CardA, 10));
            int length = store.Length(Terminal.Core.Ledger.Ledger.TailName);
            byte[] tail = new byte[length];
            store.Read(Terminal.Core.Ledger.Ledger.TailName, 0, tail, 0, length);
            ledger.MaintainAll();
            // Put the tail back as if the delete after the flush never happened.
            store.Poke(Terminal.Core.Ledger.Ledger.TailName, tail);

            ledger = Mount(store);
            Assert.AreEqual(10, LedgerKit.Balance(ledger, CardA));
            ledger.MaintainAll();
            ledger = Mount(store);
            Assert.AreEqual(10, LedgerKit.Balance(ledger, CardA));
            Transaction[] read = new Transaction[8];
            for (int i = 0; i < read.Length; i++)
            {
                read[i] = new Transaction();
            }

            Assert.AreEqual(2, ledger.ReadJournal(1, read, 8));
        }

        [TestMethod]
        public void InterruptedMetaReplaceRecoversOldOrNew()
        {
            MemoryLedgerStore store = new MemoryLedgerStore();
            Terminal.Core.Ledger.Ledger ledger = Mount(store);
            ledger.Commit(LedgerKit.Tx(TransactionKind.Enrol, CardA, 0), LedgerKit.Tx(TransactionKind.Earn, CardA, 10));
            ledger.MarkSynced(1);
            // Cut after "delete meta" and before "rename meta.n": only the new file is left.
            int length = store.Length("meta");
            byte[] meta = new byte[length];
            store.Read("meta", 0, meta, 0, length);
            store.Delete("meta");
            store.Create("meta.n", meta, 0, length);

            ledger = Mount(store);
            Assert.AreEqual(1, ledger.Stats.RepairedFiles);
            Assert.AreEqual(1u, ledger.SyncedSequence);
            Assert.IsFalse(store.Exists("meta.n"));
            Assert.AreEqual(10, LedgerKit.Balance(ledger, CardA));
        }

        [TestMethod]
        public void SyncedAndCheckpointedSegmentsAreCompactedAway()
        {
            MemoryLedgerStore store = new MemoryLedgerStore();
            LedgerOptions options = LedgerOptions.Small();
            options.SegmentBytes = TransactionCodec.FrameLength * 20;
            Terminal.Core.Ledger.Ledger ledger = new Terminal.Core.Ledger.Ledger(store, options);
            ledger.Mount();
            ledger.Commit(LedgerKit.Tx(TransactionKind.Enrol, CardA, 0), null);
            for (int i = 0; i < 99; i++)
            {
                ledger.Commit(LedgerKit.Tx(TransactionKind.Earn, CardA, 1), null);
                ledger.Maintain();
            }

            ledger.MaintainAll();
            Assert.IsTrue(store.List(Terminal.Core.Ledger.Ledger.SegmentPrefix).Length >= 5);
            ledger.MarkSynced(100);
            Assert.AreEqual(0, store.List(Terminal.Core.Ledger.Ledger.SegmentPrefix).Length);
            Assert.AreEqual(99, LedgerKit.Balance(ledger, CardA));
            ledger = new Terminal.Core.Ledger.Ledger(store, options);
            ledger.Mount();
            Assert.AreEqual(100u, ledger.LastSequence);
            Assert.AreEqual(0, ledger.UnsyncedCount);
            Assert.AreEqual(99, LedgerKit.Balance(ledger, CardA));
            ledger.Commit(LedgerKit.Tx(TransactionKind.Earn, CardA, 1), null);
            Assert.AreEqual(101u, ledger.LastSequence);
        }

        [TestMethod]
        public void ReadJournalReturnsUnsyncedInOrderAcrossSegmentsAndTail()
        {
            MemoryLedgerStore store = new MemoryLedgerStore();
            LedgerOptions options = LedgerOptions.Small();
            options.SegmentBytes = TransactionCodec.FrameLength * 10;
            Terminal.Core.Ledger.Ledger ledger = new Terminal.Core.Ledger.Ledger(store, options);
            ledger.Mount();
            ledger.Commit(LedgerKit.Tx(TransactionKind.Enrol, CardA, 0), null);
            for (int i = 0; i < 40; i++)
            {
                ledger.Commit(LedgerKit.Tx(TransactionKind.Earn, CardA, i), null);
                ledger.Maintain();
            }

            Transaction[] read = new Transaction[50];
            for (int i = 0; i < read.Length; i++)
            {
                read[i] = new Transaction();
            }

            int n = ledger.ReadJournal(25, read, 50);
            Assert.AreEqual(17, n);
            for (int i = 0; i < n; i++)
            {
                Assert.AreEqual((uint)(25 + i), read[i].Sequence);
            }

            Assert.AreEqual(5, ledger.ReadJournal(1, read, 5));
            Assert.AreEqual(5u, read[4].Sequence);
        }

        [TestMethod]
        public void FullPartitionAndBacklogAreRefusedWithoutWriting()
        {
            MemoryLedgerStore store = new MemoryLedgerStore();
            Terminal.Core.Ledger.Ledger ledger = Mount(store);
            store.Free = 100;
            int before = store.Commits;
            LedgerRefusal reason = LedgerRefusal.None;
            try
            {
                ledger.Commit(LedgerKit.Tx(TransactionKind.Enrol, CardA, 0), null);
            }
            catch (LedgerException e)
            {
                reason = e.Reason;
            }

            Assert.AreEqual((int)LedgerRefusal.StorageFull, (int)reason);
            Assert.AreEqual(before, store.Commits);
            Assert.AreEqual(0u, ledger.LastSequence);

            store.Free = 1024 * 1024;
            LedgerOptions tiny = new LedgerOptions(10, 3);
            MemoryLedgerStore store2 = new MemoryLedgerStore();
            Terminal.Core.Ledger.Ledger small = new Terminal.Core.Ledger.Ledger(store2, tiny);
            small.Mount();
            small.Commit(LedgerKit.Tx(TransactionKind.Enrol, CardA, 0), LedgerKit.Tx(TransactionKind.Earn, CardA, 1));
            small.Commit(LedgerKit.Tx(TransactionKind.Earn, CardA, 1), null);
            reason = LedgerRefusal.None;
            try
            {
                small.Commit(LedgerKit.Tx(TransactionKind.Earn, CardA, 1), null);
            }
            catch (LedgerException e)
            {
                reason = e.Reason;
            }

            Assert.AreEqual((int)LedgerRefusal.BacklogFull, (int)reason);
            small.MarkSynced(3);
            small.Commit(LedgerKit.Tx(TransactionKind.Earn, CardA, 1), null);
            Assert.AreEqual(4u, small.LastSequence);
        }

        [TestMethod]
        public void VoidOfRedeemRestoresPointsAndOncePerCardVoucher()
        {
            Terminal.Core.Ledger.Ledger ledger = Mount(new MemoryLedgerStore());
            ledger.Commit(LedgerKit.Tx(TransactionKind.Enrol, CardA, 0), LedgerKit.Tx(TransactionKind.Earn, CardA, 100));
            Transaction redeem = LedgerKit.Tx(TransactionKind.Redeem, CardA, -50);
            redeem.VoucherId = 1;
            ledger.Commit(redeem, null);
            CardUid u = new CardUid();
            u.Set(CardA, 0, CardA.Length);
            CardState state = new CardState();
            ledger.Lookup(u, state);
            Assert.AreEqual(50, state.Balance);
            Assert.AreEqual((ushort)1, state.VouchersUsed);
            ledger.MaintainAll();
            Transaction voided = LedgerKit.Tx(TransactionKind.Void, CardA, 50);
            voided.VoucherId = 1;
            voided.Reference = redeem.Sequence;
            ledger.Commit(voided, null);
            ledger.Lookup(u, state);
            Assert.AreEqual(100, state.Balance);
            Assert.AreEqual((ushort)0, state.VouchersUsed);
        }
    }
}
