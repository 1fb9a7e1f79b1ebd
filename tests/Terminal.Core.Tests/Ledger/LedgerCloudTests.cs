#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Terminal.Core.Domain;
using Terminal.Core.Ledger;
using Terminal.Core.Sync;
using Terminal.Core.Tests.Fakes;

namespace Terminal.Core.Tests.Ledger
{
    [TestClass]
    public class LedgerCloudTests
    {
        private static Terminal.Core.Ledger.Ledger Mount(MemoryLedgerStore store)
        {
            Terminal.Core.Ledger.Ledger ledger = new Terminal.Core.Ledger.Ledger(store, LedgerOptions.Small());
            ledger.Mount();
            return ledger;
        }

        private static byte[] Uid(int i)
        {
            return new byte[] { 0x04, (byte)(i >> 16), (byte)(i >> 8), (byte)i };
        }

        private static ulong Key(int i)
        {
            byte[] u = Uid(i);
            return CardUid.KeyOf(u, 0, u.Length);
        }

        private static CardState Look(Terminal.Core.Ledger.Ledger ledger, int i)
        {
            CardUid u = new CardUid();
            byte[] b = Uid(i);
            u.Set(b, 0, b.Length);
            CardState s = new CardState();
            ledger.Lookup(u, s);
            return s;
        }

        private static BalanceBatch Batch(int first, int count, long version, int points)
        {
            BalanceBatch b = new BalanceBatch(count);
            for (int i = 0; i < count; i++)
            {
                CardBalance c = b.At(i);
                c.Key = Key(first + i);
                c.Version = version;
                c.OtherPoints = points + i;
                c.OtherVouchers = (ushort)(i & 3);
            }

            b.Count = count;
            return b;
        }

        [TestMethod]
        public void ApplyingTheSameBatchTwiceChangesNothing()
        {
            MemoryLedgerStore store = new MemoryLedgerStore();
            Terminal.Core.Ledger.Ledger ledger = Mount(store);
            BalanceBatch b = Batch(0, 50, 3, 100);
            Assert.AreEqual(50, ledger.ApplyCloudBalances(b));
            int commits = store.Commits;
            Assert.AreEqual(0, ledger.ApplyCloudBalances(b));
            Assert.AreEqual(commits, store.Commits, "nothing rewritten");
            Assert.AreEqual(50, ledger.CloudStats.CardsStale);
            CardState s = Look(ledger, 7);
            Assert.IsTrue(s.Exists);
            Assert.AreEqual(107, s.Balance);
            Assert.AreEqual((ushort)3, s.VouchersUsed);
        }

        [TestMethod]
        public void CloudBalancesNeverEatTheLedgersReserveAndAreKeptForLater()
        {
            MemoryLedgerStore store = new MemoryLedgerStore();
            Terminal.Core.Ledger.Ledger ledger = Mount(store);
            store.Free = LedgerOptions.Small().ReserveBytes + 100;
            int commits = store.Commits;
            Assert.AreEqual(0, ledger.ApplyCloudBalances(Batch(0, 20, 1, 10)));
            Assert.AreEqual(20, ledger.BalancesDropped);
            Assert.AreEqual(commits, store.Commits, "nothing written into the reserve");
            Assert.IsTrue(ledger.StorageFull, "status flag for the cloud");
            Assert.IsFalse(Look(ledger, 3).Exists);

            // Room again (the backlog synced): the same balances are taken.
            store.Free = 1024 * 1024;
            Assert.AreEqual(20, ledger.ApplyCloudBalances(Batch(0, 20, 1, 10)));
            Assert.AreEqual(0, ledger.BalancesDropped);
            Assert.AreEqual(13, Look(ledger, 3).Balance);
        }

        [TestMethod]
        public void ManyCardsSpreadOverFilesAndSurviveRemount()
        {
            MemoryLedgerStore store = new MemoryLedgerStore(4 * 1024 * 1024);
            Terminal.Core.Ledger.Ledger ledger = Mount(store);
            for (int i = 0; i < 2000; i += 50)
            {
                ledger.ApplyCloudBalances(Batch(i, 50, 1, i));
            }

            Assert.AreEqual(2000, ledger.CloudStats.CardsApplied);
            Assert.AreEqual(0, ledger.CloudStats.CardsDropped);
            Assert.IsTrue(store.List(Terminal.Core.Ledger.Ledger.RemotePrefix).Length > 10, "spread over files");
            Terminal.Core.Ledger.Ledger again = Mount(store);
            Assert.AreEqual(1999 - 49 + 49, Look(again, 1999).Balance);
            Assert.AreEqual(0, Look(again, 0).Balance);
            Assert.IsTrue(Look(again, 0).Exists);
            Assert.IsFalse(Look(again, 5000).Exists);
        }

        [TestMethod]
        public void InterruptedReplacementIsFinishedOnNextUse()
        {
            MemoryLedgerStore store = new MemoryLedgerStore();
            Terminal.Core.Ledger.Ledger ledger = Mount(store);
            ledger.ApplyCloudBalances(Batch(1, 1, 1, 10));
            string[] names = store.List(Terminal.Core.Ledger.Ledger.RemotePrefix);
            string file = null;
            for (int i = 0; i < names.Length; i++)
            {
                if (names[i] != Terminal.Core.Ledger.Ledger.CloudStateName)
                {
                    file = names[i];
                }
            }

            // Cut after "create name.n" and "delete name", before the rename.
            byte[] content = new byte[store.Length(file)];
            store.Read(file, 0, content, 0, content.Length);
            store.Delete(file);
            store.Create(file + ".n", content, 0, content.Length);
            Terminal.Core.Ledger.Ledger again = Mount(store);
            Assert.AreEqual(10, Look(again, 1).Balance);
            Assert.IsTrue(store.Exists(file));
            Assert.IsFalse(store.Exists(file + ".n"));
        }

        [TestMethod]
        public void DamagedRemoteFileIsCountedAndIgnored()
        {
            MemoryLedgerStore store = new MemoryLedgerStore();
            Terminal.Core.Ledger.Ledger ledger = Mount(store);
            ledger.ApplyCloudBalances(Batch(1, 1, 1, 10));
            string[] names = store.List("n0");
            Assert.AreEqual(1, names.Length);
            byte[] junk = new byte[40];
            junk[0] = 0x52;
            junk[1] = 0x31;
            junk[2] = 1;
            store.Poke(names[0], junk);
            Terminal.Core.Ledger.Ledger again = Mount(store);
            BalanceBatch b = Batch(1, 1, 2, 20);
            Assert.AreEqual(1, again.ApplyCloudBalances(b));
            Assert.AreEqual(1, again.CloudStats.CorruptFiles);
            Assert.AreEqual(20, Look(again, 1).Balance);
        }

        [TestMethod]
        public void BlockedListVersionGuardsAgainstReplays()
        {
            MemoryLedgerStore store = new MemoryLedgerStore();
            Terminal.Core.Ledger.Ledger ledger = Mount(store);
            Assert.IsTrue(ledger.ApplyBlockedList(new ulong[] { Key(1), Key(2) }, 2, 5));
            Assert.IsFalse(ledger.ApplyBlockedList(new ulong[0], 0, 5));
            Assert.IsFalse(ledger.ApplyBlockedList(new ulong[0], 0, 4));
            Assert.IsTrue(Look(ledger, 2).Blocked);
            Assert.IsTrue(ledger.ApplyBlockedList(new ulong[0], 0, 6));
            Assert.IsFalse(Look(ledger, 2).Blocked);
            Assert.IsFalse(Look(ledger, 2).Exists, "an unblocked card the cloud never described is forgotten");
        }

        [TestMethod]
        public void CloudConfigIsStoredSealed()
        {
            MemoryLedgerStore store = new MemoryLedgerStore();
            Terminal.Core.Ledger.Ledger ledger = Mount(store);
            byte[] buffer = new byte[64];
            Assert.AreEqual(-1, ledger.LoadCloudConfig(buffer));
            byte[] payload = System.Text.Encoding.UTF8.GetBytes("{\"v\":1}");
            ledger.SaveCloudConfig(payload, payload.Length, new byte[payload.Length + 4]);
            Assert.AreEqual(payload.Length, ledger.LoadCloudConfig(buffer));
            Assert.AreEqual((byte)'}', buffer[payload.Length - 1]);
            store.Poke(Terminal.Core.Ledger.Ledger.CloudConfigName, new byte[] { 1, 2, 3, 4, 5, 6 });
            Assert.AreEqual(-1, ledger.LoadCloudConfig(buffer));
            Assert.AreEqual(-1, ledger.LoadCloudConfig(new byte[2]), "does not fit");
        }
    }
}
