using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Terminal.Core.Domain;
using Terminal.Core.Ledger.Harness;
using Terminal.Core.Tests.Fakes;

namespace Terminal.Core.Ledger.Tests
{
    /// <summary>
    /// Device scale on the simulated LittleFS partitions: capacity, compaction, a full partition,
    /// boot reads that do not grow with history, RAM that does not grow with cards, and the cost
    /// of a tap. Figures go to the test output; tools/LedgerBench prints them as a table.
    /// </summary>
    [TestClass]
    public class LedgerScaleTests
    {
        // Every card also carries the cloud's view (the other terminals' part); a tenth of them were
        // never tapped here before the backlog and are known from the cloud only.
        private static readonly Lazy<Filled> SmallShop = new Lazy<Filled>(() => Filled.Build(SimulatedLittleFs.Small(), LedgerOptions.Small(), 5000, 2000, true));
        private static readonly Lazy<Filled> LargeShop = new Lazy<Filled>(() => Filled.Build(SimulatedLittleFs.Large(), LedgerOptions.Large(), 50000, 20000, true));

        public TestContext TestContext { get; set; }

        [TestMethod]
        public void FourMegabyteModuleHolds5000CardsAnd2000Unsynced()
        {
            Filled shop = SmallShop.Value;
            Report("Small (256 KiB, 16 KiB Wi-Fi/certificates)", shop);
            AssertHolds(shop, LedgerOptions.Small());
        }

        [TestMethod]
        public void EightMegabyteModuleHolds50000CardsAnd20000Unsynced()
        {
            Filled shop = LargeShop.Value;
            Report("Large (2 MiB, 16 KiB Wi-Fi/certificates)", shop);
            AssertHolds(shop, LedgerOptions.Large());
        }

        [TestMethod]
        public void TheBacklogLimitIsRefusedWithAClearMessageOnceReached()
        {
            Filled shop = SmallShop.Value;
            SimulatedLittleFs fs = shop.Store.Fork();
            Ledger ledger = new Ledger(fs, LedgerOptions.Small());
            ledger.Mount();
            ScaleScenario more = new ScaleScenario(5000, 2001);
            more.FillBacklog(ledger, 2000, 2001);
            Assert.AreEqual(1, more.Refusals);
            Assert.AreEqual("Backlog full - sync needed", more.FirstRefusal);
            Assert.AreEqual((int)LedgerRefusal.BacklogFull, (int)ledger.LastRefusal);

            // The cloud acknowledges: compaction makes room and taps resume.
            ledger.MarkSynced(ledger.LastSequence);
            ledger.MaintainAll();
            more.FillBacklog(ledger, 2000, 2001);
            Assert.AreEqual(1, more.Refusals);
            Assert.AreEqual(1, ledger.UnsyncedCount);
        }

        [TestMethod]
        public void AcknowledgedTransactionsAreCompactedAway()
        {
            Filled shop = SmallShop.Value;
            SimulatedLittleFs fs = shop.Store.Fork();
            Ledger ledger = new Ledger(fs, LedgerOptions.Small());
            ledger.Mount();
            int segments = ledger.SegmentCount;
            long free = fs.FreeBytes;
            ledger.MarkSynced(ledger.LastSequence);
            ledger.MaintainAll();
            TestContext.WriteLine($"segments {segments} -> {ledger.SegmentCount}, free {free} -> {fs.FreeBytes} bytes");
            Assert.IsTrue(segments >= 6, "the backlog should fill several segments: " + segments);
            Assert.AreEqual(0, ledger.SegmentCount);
            Assert.IsTrue(fs.Length(Ledger.TailName) <= 0, "the tail is empty");
            Assert.IsTrue(fs.FreeBytes >= free + (segments - 1) * 4L * SimulatedLittleFs.BlockSize, "free " + fs.FreeBytes);
            ledger = new Ledger(fs, LedgerOptions.Small());
            ledger.Mount();
            Assert.AreEqual(shop.Scenario.ExpectedBalance(17), Balance(ledger, shop.Scenario, 17));
            Assert.AreEqual(5000, ledger.CardCount);
        }

        [TestMethod]
        public void AFullPartitionIsRefusedClearlyAndNothingIsLostOrCorrupted()
        {
            // A 4 MB module whose Wi-Fi and certificate files take more than planned: 160 KiB left.
            SimulatedLittleFs fs = new SimulatedLittleFs(SimulatedLittleFs.SmallPartitionBytes, 96 * 1024);
            LedgerOptions options = LedgerOptions.Small();
            ScaleScenario scenario = new ScaleScenario(5000, 2000);
            Ledger ledger = scenario.Fill(fs, options);
            TestContext.WriteLine($"refusals {scenario.Refusals}, first '{scenario.FirstRefusal}', maintenance failures {scenario.MaintenanceFailures}, free {fs.FreeBytes}, unsynced {ledger.UnsyncedCount}");
            Assert.IsTrue(scenario.Refusals > 0, "the partition should have filled up");
            Assert.AreEqual("Memory full - sync needed", scenario.FirstRefusal);
            Assert.AreEqual((int)LedgerRefusal.StorageFull, (int)ledger.LastRefusal);
            Assert.IsTrue(ledger.StorageFull, "status flag for the cloud");

            // Everything accepted is there after a reboot, readable, and consistent.
            uint last = ledger.LastSequence;
            uint synced = ledger.SyncedSequence;
            ledger = new Ledger(fs, options);
            ledger.Mount();
            Assert.AreEqual(last, ledger.LastSequence);
            Assert.AreEqual(0, ledger.Stats.CorruptFiles);
            Assert.AreEqual(0, ledger.Stats.SequenceGaps);
            Transaction[] journal = NewJournal(2100);
            int n = ledger.ReadJournal(synced + 1, journal, journal.Length);
            Assert.AreEqual((int)(last - synced), n);
            for (int i = 0; i < n; i++)
            {
                Assert.AreEqual(synced + 1 + (uint)i, journal[i].Sequence);
            }

            // The cloud catches up: space comes back and taps resume.
            ledger.MarkSynced(last);
            ledger.MaintainAll();
            Assert.IsFalse(ledger.StorageFull);
            int refusals = scenario.Refusals;
            scenario.FillBacklog(ledger, 0, 10);
            Assert.AreEqual(refusals, scenario.Refusals);
            Assert.AreEqual(last + 10, ledger.LastSequence);
        }

        [TestMethod]
        public void BootReadsDoNotGrowWithLifetimeTransactions()
        {
            long early = BytesReadAtMount(1000);
            long late = BytesReadAtMount(20000);
            TestContext.WriteLine($"bytes read at mount: after 1,000 transactions {early}, after 20,000 {late}");
            Assert.IsTrue(late <= early + 2048, $"mount read {early} B after 1k and {late} B after 20k transactions");
            Assert.IsTrue(late < 24 * 1024, "mount read " + late);
        }

        [TestMethod]
        public void ATapIsOneCommitWithNoCompactionInside()
        {
            Filled shop = SmallShop.Value;
            SimulatedLittleFs fs = shop.Store.Fork();
            Ledger ledger = new Ledger(fs, LedgerOptions.Small());
            ledger.Mount();
            ledger.MarkSynced(ledger.LastSequence);
            ledger.MaintainAll();
            TapRecorder recorder = new TapRecorder();
            fs.Observer = recorder;
            CardUid uid = new CardUid();
            CardState state = new CardState();
            Transaction earn = new Transaction();
            ScaleScenario scenario = shop.Scenario;
            long dataErases = 0;
            for (int tap = 0; tap < 1000; tap++)
            {
                scenario.CardUid((tap * 31) % 5000, uid);
                recorder.Clear();
                long erasesBefore = fs.DataErases;
                ledger.Lookup(uid, state);
                earn.Clear();
                earn.Kind = TransactionKind.Earn;
                earn.Uid.CopyFrom(uid);
                earn.Points = 2;
                ledger.Commit(earn, null);
                dataErases += fs.DataErases - erasesBefore;
                Assert.AreEqual(1, recorder.Mutations, "store commits in tap " + tap);
                Assert.AreEqual("Append tail", recorder.LastMutation);
                while (ledger.NeedsMaintenance)
                {
                    fs.Observer = null;
                    ledger.Maintain();
                    fs.Observer = recorder;
                }
            }

            Assert.AreEqual(0L, dataErases, "no block erase inside a tap");
        }

        [TestMethod]
        public void ManagedMemoryDoesNotGrowWithCards()
        {
            // Same build (Large options), a shop of 5,000 cards and one of 50,000.
            Filled large = LargeShop.Value;
            SimulatedLittleFs small = new SimulatedLittleFs(SimulatedLittleFs.LargePartitionBytes, SimulatedLittleFs.DefaultForeignBytes);
            new ScaleScenario(5000, 2000).Fill(small, LedgerOptions.Large());
            long with5k = LedgerFootprint(small, LedgerOptions.Large());
            long with50k = LedgerFootprint(large.Store.Fork(), LedgerOptions.Large());
            TestContext.WriteLine($"managed bytes held by a mounted ledger: 5,000 cards {with5k}, 50,000 cards {with50k}");
            Assert.IsTrue(Math.Abs(with50k - with5k) <= 64 * 1024, $"{with5k} vs {with50k}");
        }

        /// <summary>Managed bytes a mounted ledger keeps alive (full GC before and after).</summary>
        public static long LedgerFootprint(SimulatedLittleFs fs, LedgerOptions options)
        {
            long before = GC.GetTotalMemory(true);
            Ledger ledger = new Ledger(fs, options);
            ledger.Mount();
            CardUid uid = new CardUid();
            new ScaleScenario(1, 0).CardUid(0, uid);
            ledger.Lookup(uid, new CardState());
            long after = GC.GetTotalMemory(true);
            GC.KeepAlive(ledger);
            GC.KeepAlive(fs);
            return after - before;
        }

        private static long BytesReadAtMount(int lifetime)
        {
            SimulatedLittleFs fs = SimulatedLittleFs.Small();
            LedgerOptions options = LedgerOptions.Small();
            ScaleScenario scenario = new ScaleScenario(200, 0);
            Ledger ledger = scenario.Fill(fs, options);

            // Ordinary trading: purchases, the cloud acknowledging every 50, the last 100 not yet.
            ScaleScenario trade = new ScaleScenario(200, lifetime);
            for (int done = 0; done < lifetime; done += 50)
            {
                trade.FillBacklog(ledger, done, Math.Min(lifetime, done + 50));
                if (lifetime - done > 100)
                {
                    ledger.MarkSynced(ledger.LastSequence);
                }
            }

            fs.ResetCounters();
            ledger = new Ledger(fs, options);
            ledger.Mount();
            Assert.AreEqual((uint)(400 + lifetime), ledger.LastSequence);
            return fs.BytesRead;
        }

        private void AssertHolds(Filled shop, LedgerOptions options)
        {
            Assert.AreEqual(0, shop.Scenario.Refusals, shop.Scenario.FirstRefusal);
            Assert.AreEqual(0, shop.Scenario.MaintenanceFailures);
            Assert.AreEqual(0, shop.Scenario.CloudRefusals, "balance messages refused");
            Ledger ledger = new Ledger(shop.Store.Fork(), options);
            ledger.Mount();
            Assert.AreEqual(shop.Scenario.Cards, ledger.CardCount);
            Assert.AreEqual(shop.Scenario.Unsynced, ledger.UnsyncedCount);
            Assert.IsFalse(ledger.StorageFull);
            Assert.AreEqual(0, ledger.Stats.DroppedCards);
            Assert.AreEqual(0, ledger.CloudStats.CardsDropped);
            Assert.AreEqual((long)shop.Scenario.Cards, ledger.BalanceCursor, "every card's cloud state taken");
            for (int i = 0; i < shop.Scenario.Cards; i += 97)
            {
                Assert.AreEqual(shop.Scenario.ExpectedBalance(i), Balance(ledger, shop.Scenario, i), "card " + i);
            }

            // Cards only the cloud knew, and their once-per-card vouchers.
            for (int i = shop.Scenario.Cards - 1; i >= shop.Scenario.Cards - shop.Scenario.CloudOnly; i -= 41)
            {
                Assert.AreEqual(shop.Scenario.ExpectedBalance(i), Balance(ledger, shop.Scenario, i), "cloud-only card " + i);
                Assert.AreEqual(shop.Scenario.OtherVouchers(i), Vouchers(ledger, shop.Scenario, i), "vouchers of card " + i);
            }

            Transaction[] journal = NewJournal(shop.Scenario.Unsynced + 1);
            Assert.AreEqual(shop.Scenario.Unsynced, ledger.ReadJournal(ledger.SyncedSequence + 1, journal, journal.Length));
        }

        private void Report(string name, Filled shop)
        {
            SimulatedLittleFs fs = shop.Store;
            TestContext.WriteLine($"{name}: {shop.Scenario.Cards} cards + {shop.Scenario.Unsynced} unsynced in {fs.UsedBlocks}/{fs.TotalBlocks} blocks " +
                $"({fs.FileCount} files, {fs.MetadataPairs} metadata pairs), {fs.FreeBytes} bytes free; cloud view of all {shop.Scenario.Cards} cards " +
                $"({shop.Scenario.CloudOnly} known from the cloud only), {shop.Scenario.CloudDeferred} balance messages put off until a fold; filled in {shop.Seconds:F1}s");
            TestContext.WriteLine(fs.DescribeMetadata());
        }

        private static int Balance(Ledger ledger, ScaleScenario scenario, int index) => Look(ledger, scenario, index).Balance;

        private static ushort Vouchers(Ledger ledger, ScaleScenario scenario, int index) => Look(ledger, scenario, index).VouchersUsed;

        private static CardState Look(Ledger ledger, ScaleScenario scenario, int index)
        {
            CardUid uid = new CardUid();
            scenario.CardUid(index, uid);
            CardState state = new CardState();
            Assert.IsTrue(ledger.Lookup(uid, state), "card " + index);
            return state;
        }

        private static Transaction[] NewJournal(int n)
        {
            Transaction[] journal = new Transaction[n];
            for (int i = 0; i < n; i++)
            {
                journal[i] = new Transaction();
            }

            return journal;
        }

        private sealed class Filled
        {
            public SimulatedLittleFs Store;
            public ScaleScenario Scenario;
            public double Seconds;

            public static Filled Build(SimulatedLittleFs fs, LedgerOptions options, int cards, int unsynced, bool withCloud)
            {
                System.Diagnostics.Stopwatch watch = System.Diagnostics.Stopwatch.StartNew();
                ScaleScenario scenario = new ScaleScenario(cards, unsynced) { WithCloud = withCloud, CloudOnly = withCloud ? cards / 10 : 0 };
                scenario.Fill(fs, options);
                return new Filled { Store = fs, Scenario = scenario, Seconds = watch.Elapsed.TotalSeconds };
            }
        }

        private sealed class TapRecorder : IStoreObserver
        {
            public int Mutations;
            public string LastMutation;

            public void Clear()
            {
                Mutations = 0;
                LastMutation = null;
            }

            public void BeforeOperation(SimulatedLittleFs store, long index, StoreOperation operation, string name, int position, int count, string other)
            {
                if (operation == StoreOperation.Append || operation == StoreOperation.Create || operation == StoreOperation.Rename || operation == StoreOperation.Delete)
                {
                    Mutations++;
                    LastMutation = operation + " " + name;
                }
            }
        }
    }
}
