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
    /// <summary>
    /// Focused power-cut and cost checks on the simulated LittleFS drive. The exhaustive
    /// harness (thousands of cut points) is host-only: tests/Terminal.Core.Ledger.Tests.
    /// </summary>
    [TestClass]
    public class LedgerPowerCutTests
    {
        private static Terminal.Core.Ledger.Ledger Mount(SimulatedLittleFs fs, LedgerOptions options)
        {
            Terminal.Core.Ledger.Ledger ledger = new Terminal.Core.Ledger.Ledger(fs, options);
            ledger.Mount();
            return ledger;
        }

        private static byte[] Card(int n)
        {
            return new byte[] { 0x04, (byte)(n >> 8), (byte)n, 0x5A };
        }

        [TestMethod]
        public void CardCountSurvivesACutAnywhereInACheckpoint()
        {
            LedgerOptions options = new LedgerOptions(1000, 500);
            int cutPoints = 0;
            for (int k = 0; k < 500; k++)
            {
                SimulatedLittleFs fs = SimulatedLittleFs.Small();
                Terminal.Core.Ledger.Ledger ledger = Mount(fs, options);
                for (int c = 0; c < 12; c++)
                {
                    ledger.Commit(LedgerKit.Tx(TransactionKind.Enrol, Card(c), 0), LedgerKit.Tx(TransactionKind.Earn, Card(c), c));
                }

                // Half the balance already in the card table, half still in the journal.
                ledger.MaintainAll();
                for (int c = 0; c < 12; c++)
                {
                    ledger.Commit(LedgerKit.Tx(TransactionKind.Earn, Card(c), c), null);
                }

                fs.CutBefore = fs.Operations + k;
                bool cut = false;
                try
                {
                    ledger.MaintainAll();
                }
                catch (PowerCutException)
                {
                    cut = true;
                }

                if (!cut)
                {
                    break;
                }

                cutPoints++;
                fs.PowerOn();
                ledger = Mount(fs, options);
                Assert.AreEqual(12, ledger.CardCount, "after remount, cut " + k.ToString());
                ledger.MaintainAll();
                Assert.AreEqual(12, ledger.CardCount, "after the next checkpoint, cut " + k.ToString());
                ledger = Mount(fs, options);
                Assert.AreEqual(12, ledger.CardCount, "after a second remount, cut " + k.ToString());
                for (int c = 0; c < 12; c++)
                {
                    Assert.AreEqual(2 * c, LedgerKit.Balance(ledger, Card(c)), "card " + c.ToString() + ", cut " + k.ToString());
                }
            }

            Assert.IsTrue(cutPoints > 10);
        }

        [TestMethod]
        public void ReplayThatOverflowsThePendingIndexAtMountLosesAndDoublesNothing()
        {
            // Written by firmware with a large pending index, mounted by firmware with a smaller one.
            LedgerOptions writer = LedgerOptions.Small();
            writer.CheckpointThreshold = 1000;
            SimulatedLittleFs fs = SimulatedLittleFs.Small();
            Terminal.Core.Ledger.Ledger ledger = Mount(fs, writer);
            byte[] card = Card(1);
            ledger.Commit(LedgerKit.Tx(TransactionKind.Enrol, card, 0), LedgerKit.Tx(TransactionKind.Earn, card, 1));
            for (int i = 0; i < 8; i++)
            {
                ledger.Commit(LedgerKit.Tx(TransactionKind.Earn, card, 1), null);
            }

            ledger.MarkSynced(5);
            for (int i = 0; i < 50; i++)
            {
                ledger.Commit(LedgerKit.Tx(TransactionKind.Earn, card, 1), null);
                ledger.Maintain();
            }

            Assert.AreEqual(59, LedgerKit.Balance(ledger, card));
            Assert.AreEqual(60u, ledger.LastSequence);

            LedgerOptions reader = LedgerOptions.Small();
            reader.PendingCapacity = 16;
            ledger = Mount(fs, reader);
            Assert.AreEqual(59, LedgerKit.Balance(ledger, card));
            Assert.AreEqual(60u, ledger.LastSequence);
            ledger = Mount(fs, writer);
            Assert.AreEqual(59, LedgerKit.Balance(ledger, card));
            Transaction[] read = new Transaction[64];
            for (int i = 0; i < read.Length; i++)
            {
                read[i] = new Transaction();
            }

            // Everything the cloud has not acknowledged is still there, once.
            Assert.AreEqual(55, ledger.ReadJournal(6, read, 64));
            Assert.AreEqual(6u, read[0].Sequence);
            Assert.AreEqual(60u, read[54].Sequence);
        }

        [TestMethod]
        public void ATapIsOneReadAndOneInlineCommitWithoutErases()
        {
            SimulatedLittleFs fs = SimulatedLittleFs.Small();
            Terminal.Core.Ledger.Ledger ledger = Mount(fs, LedgerOptions.Small());
            for (int c = 0; c < 40; c++)
            {
                ledger.Commit(LedgerKit.Tx(TransactionKind.Enrol, Card(c), 0), LedgerKit.Tx(TransactionKind.Earn, Card(c), 5));
                ledger.Maintain();
            }

            ledger.MaintainAll();
            CardUid uid = new CardUid();
            CardState state = new CardState();
            Transaction earn = LedgerKit.Tx(TransactionKind.Earn, Card(7), 3);
            for (int tap = 0; tap < 6; tap++)
            {
                long operations = fs.Operations;
                fs.ResetCounters();
                uid.Set(Card(7), 0, 4);
                Assert.IsTrue(ledger.Lookup(uid, state));
                earn.Uid.CopyFrom(uid);
                ledger.Commit(earn, null);
                Assert.AreEqual(1L, fs.Commits, "one durable commit per tap");
                Assert.AreEqual(0L, fs.DataErases, "the tail stays inline: no block erase in the tap");
                // One shard read (the other terminals' part is in the same record) and one append;
                // the first commit into an empty tail also asks for free space.
                Assert.AreEqual(tap == 0 ? 3L : 2L, fs.Operations - operations, "store calls in tap " + tap.ToString());
            }

            Assert.AreEqual(5 + 18, LedgerKit.Balance(ledger, Card(7)));
        }

        [TestMethod]
        public void TheTailStopsGrowingWhenMaintenanceNeverRuns()
        {
            SimulatedLittleFs fs = SimulatedLittleFs.Small();
            LedgerOptions options = LedgerOptions.Small();
            Terminal.Core.Ledger.Ledger ledger = Mount(fs, options);
            LedgerRefusal reason = LedgerRefusal.None;
            int accepted = 0;
            for (int i = 0; i < 200 && reason == LedgerRefusal.None; i++)
            {
                try
                {
                    ledger.Commit(LedgerKit.Tx(TransactionKind.AnonymousSale, null, 0), null);
                    accepted++;
                }
                catch (LedgerException e)
                {
                    reason = e.Reason;
                }
            }

            Assert.AreEqual((int)LedgerRefusal.Busy, (int)reason);
            Assert.IsTrue(fs.Length(Terminal.Core.Ledger.Ledger.TailName) <= options.TailMaxBytes);
            Assert.AreEqual((uint)accepted, ledger.LastSequence);
            Assert.IsTrue(ledger.NeedsMaintenance);
            ledger.Maintain();
            ledger.Commit(LedgerKit.Tx(TransactionKind.AnonymousSale, null, 0), null);
            Assert.AreEqual((uint)(accepted + 1), ledger.LastSequence);
        }
    
        [TestMethod]
        public void AcknowledgedSegmentsAreCompactedEvenWithoutCardActivity()
        {
            // Only anonymous sales: nothing ever fills the pending index.
            SimulatedLittleFs fs = SimulatedLittleFs.Small();
            LedgerOptions options = LedgerOptions.Small();
            options.SegmentBytes = 50 * 40;
            Terminal.Core.Ledger.Ledger ledger = Mount(fs, options);
            long free = fs.FreeBytes;
            for (int i = 0; i < 1500; i++)
            {
                ledger.Commit(LedgerKit.Tx(TransactionKind.AnonymousSale, null, 0), null);
                ledger.Maintain();
                if (i % 100 == 99)
                {
                    ledger.MarkSynced(ledger.LastSequence);
                }
            }

            Assert.AreEqual(1500u, ledger.LastSequence);
            Assert.IsTrue(ledger.SegmentCount <= 8, "segments: " + ledger.SegmentCount.ToString());
            Assert.IsTrue(fs.FreeBytes >= free - (8 * 4096), "free: " + fs.FreeBytes.ToString());
            ledger = Mount(fs, options);
            Assert.AreEqual(1500u, ledger.LastSequence);
            Assert.IsTrue(ledger.Stats.BytesReadAtMount < 300 * 50, "mount read " + ledger.Stats.BytesReadAtMount.ToString());
        }

        [TestMethod]
        public void EachMaintainCallRewritesAFewShardsAndTapsStayCorrectMeanwhile()
        {
            SimulatedLittleFs fs = SimulatedLittleFs.Small();
            LedgerOptions options = LedgerOptions.Small();
            options.CheckpointThreshold = 80;
            Terminal.Core.Ledger.Ledger ledger = Mount(fs, options);
            for (int c = 0; c < 40; c++)
            {
                ledger.Commit(LedgerKit.Tx(TransactionKind.Enrol, Card(c), 0), LedgerKit.Tx(TransactionKind.Earn, Card(c), 10));
                if (c < 39)
                {
                    Assert.IsFalse(ledger.Maintain() && ledger.PendingCount < 2 * (c + 1), "no fold yet");
                }
            }

            ShardCreateCounter counter = new ShardCreateCounter();
            fs.Observer = counter;
            int calls = 0;
            while (ledger.NeedsMaintenance && calls < 100)
            {
                counter.Creates = 0;
                ledger.Maintain();
                calls++;
                Assert.IsTrue(counter.Creates <= options.ShardsPerMaintain + 1, "files written in one call: " + counter.Creates.ToString());

                // A tap in between sees every record exactly once.
                ledger.Commit(LedgerKit.Tx(TransactionKind.Earn, Card(3), 1), null);
                Assert.AreEqual(10 + calls, LedgerKit.Balance(ledger, Card(3)));
            }

            Assert.IsTrue(calls > 3, "the fold should take several calls");
            Assert.IsFalse(ledger.NeedsMaintenance);
            Assert.AreEqual(40, ledger.CardCount);
            ledger = Mount(fs, options);
            Assert.AreEqual(40, ledger.CardCount);
            Assert.AreEqual(10 + calls, LedgerKit.Balance(ledger, Card(3)));
            Assert.AreEqual(10, LedgerKit.Balance(ledger, Card(39)));
        }

        [TestMethod]
        public void AStoreThatRunsOutOfBlocksDuringACommitIsAFullPartitionRefusal()
        {
            // No free block at all, and nothing kept in reserve: the tail can grow only while it is inline.
            SimulatedLittleFs fs = new SimulatedLittleFs(SimulatedLittleFs.SmallPartitionBytes, SimulatedLittleFs.SmallPartitionBytes - (4 * 4096));
            LedgerOptions options = LedgerOptions.Small();
            options.ReserveBytes = 0;
            options.TailFlushBytes = 4000;
            options.TailMaxBytes = 4000;
            Terminal.Core.Ledger.Ledger ledger = Mount(fs, options);
            Assert.AreEqual(0L, fs.FreeBytes);
            LedgerRefusal reason = LedgerRefusal.None;
            int accepted = 0;
            for (int i = 0; i < 20 && reason == LedgerRefusal.None; i++)
            {
                try
                {
                    ledger.Commit(LedgerKit.Tx(TransactionKind.AnonymousSale, null, 0), null);
                    accepted++;
                }
                catch (LedgerException e)
                {
                    reason = e.Reason;
                }
            }

            Assert.AreEqual((int)LedgerRefusal.StorageFull, (int)reason);
            Assert.AreEqual((int)LedgerRefusal.StorageFull, (int)ledger.LastRefusal);
            Assert.IsTrue(ledger.StorageFull);
            Assert.AreEqual(10, accepted);
            ledger = Mount(fs, options);
            Assert.AreEqual(10u, ledger.LastSequence);
        }

        [TestMethod]
        public void MaintenanceThatRunsOutOfSpaceRaisesTheFullFlagUntilItSucceeds()
        {
            SimulatedLittleFs fs = SimulatedLittleFs.Small();
            RefusingStore store = new RefusingStore(fs);
            LedgerOptions options = LedgerOptions.Small();
            options.CheckpointThreshold = 4;
            Terminal.Core.Ledger.Ledger ledger = new Terminal.Core.Ledger.Ledger(store, options);
            ledger.Mount();
            for (int c = 0; c < 3; c++)
            {
                ledger.Commit(LedgerKit.Tx(TransactionKind.Enrol, Card(c), 0), LedgerKit.Tx(TransactionKind.Earn, Card(c), 5));
            }

            store.RefuseCreates = true;
            bool threw = false;
            try
            {
                ledger.Maintain();
            }
            catch (System.IO.IOException)
            {
                threw = true;
            }

            Assert.IsTrue(threw);
            Assert.IsTrue(ledger.StorageFull, "status flag for the cloud");
            string message = null;
            try
            {
                ledger.Commit(LedgerKit.Tx(TransactionKind.Earn, Card(1), 1), null);
            }
            catch (LedgerException e)
            {
                message = e.Message;
            }

            Assert.AreEqual("Memory full - sync needed", message);
            Assert.AreEqual(5, LedgerKit.Balance(ledger, Card(1)));

            store.RefuseCreates = false;
            while (ledger.NeedsMaintenance)
            {
                ledger.Maintain();
            }

            Assert.IsFalse(ledger.StorageFull);
            ledger.Commit(LedgerKit.Tx(TransactionKind.Earn, Card(1), 1), null);
            ledger = Mount(fs, options);
            Assert.AreEqual(6, LedgerKit.Balance(ledger, Card(1)));
            Assert.AreEqual(3, ledger.CardCount);
        }

        /// <summary>Passes everything to a simulated drive, but can refuse new files as a full one does.</summary>
        private sealed class RefusingStore : Terminal.Core.Ports.ILedgerStore
        {
            private readonly SimulatedLittleFs _fs;

            public RefusingStore(SimulatedLittleFs fs)
            {
                _fs = fs;
            }

            public bool RefuseCreates { get; set; }

            public long FreeBytes
            {
                get { return _fs.FreeBytes; }
            }

            public bool Exists(string name)
            {
                return _fs.Exists(name);
            }

            public int Length(string name)
            {
                return _fs.Length(name);
            }

            public int Read(string name, int position, byte[] buffer, int offset, int count)
            {
                return _fs.Read(name, position, buffer, offset, count);
            }

            public void Append(string name, byte[] buffer, int offset, int count)
            {
                _fs.Append(name, buffer, offset, count);
            }

            public void Create(string name, byte[] buffer, int offset, int count)
            {
                if (RefuseCreates)
                {
                    throw new System.IO.IOException("No space left on device");
                }

                _fs.Create(name, buffer, offset, count);
            }

            public void Rename(string from, string to)
            {
                _fs.Rename(from, to);
            }

            public void Delete(string name)
            {
                _fs.Delete(name);
            }

            public string[] List(string prefix)
            {
                return _fs.List(prefix);
            }
        }

        private sealed class ShardCreateCounter : IStoreObserver
        {
            public int Creates;

            public void BeforeOperation(SimulatedLittleFs store, long index, StoreOperation operation, string name, int position, int count, string other)
            {
                if (operation == StoreOperation.Create)
                {
                    Creates++;
                }
            }
        }
}
}
