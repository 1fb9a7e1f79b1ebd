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

        private static BalanceBatch Batch(int first, int count, long from, long end, int points)
        {
            BalanceBatch b = new BalanceBatch(count);
            for (int i = 0; i < count; i++)
            {
                CardBalance c = b.At(i);
                c.Key = Key(first + i);
                c.Version = end;
                c.OtherPoints = points + i;
                c.OtherVouchers = (ushort)(i & 3);
            }

            b.Count = count;
            b.From = from;
            b.End = end;
            return b;
        }

        private static void MaintainWhileNeeded(Terminal.Core.Ledger.Ledger ledger)
        {
            while (ledger.NeedsMaintenance)
            {
                ledger.Maintain();
            }
        }

        [TestMethod]
        public void ApplyingTheSameMessageTwiceChangesNothing()
        {
            MemoryLedgerStore store = new MemoryLedgerStore();
            Terminal.Core.Ledger.Ledger ledger = Mount(store);
            BalanceBatch b = Batch(0, 50, 0, 3, 100);
            Assert.AreEqual(BalanceOutcome.Applied, ledger.ApplyCloudBalances(b));
            Assert.AreEqual(3L, ledger.BalanceCursor);
            int commits = store.Commits;
            Assert.AreEqual(BalanceOutcome.Stale, ledger.ApplyCloudBalances(b));
            Assert.AreEqual(commits, store.Commits, "nothing written");
            Assert.AreEqual(1, ledger.CloudStats.MessagesStale);
            CardState s = Look(ledger, 7);
            Assert.IsTrue(s.Exists);
            Assert.AreEqual(107, s.Balance);
            Assert.AreEqual((ushort)3, s.VouchersUsed);
        }

        [TestMethod]
        public void AMessageAfterAMissingOneIsAGapAndWritesNothing()
        {
            MemoryLedgerStore store = new MemoryLedgerStore();
            Terminal.Core.Ledger.Ledger ledger = Mount(store);
            Assert.AreEqual(BalanceOutcome.Applied, ledger.ApplyCloudBalances(Batch(0, 2, 0, 3, 10)));
            int commits = store.Commits;
            Assert.AreEqual(BalanceOutcome.Gap, ledger.ApplyCloudBalances(Batch(0, 2, 5, 9, 90)));
            Assert.AreEqual(commits, store.Commits);
            Assert.AreEqual(3L, ledger.BalanceCursor);
            Assert.AreEqual(10, Look(ledger, 0).Balance, "the later state is not taken past a hole");

            // The resync from 3 covers the hole and more; the late message is then stale.
            Assert.AreEqual(BalanceOutcome.Applied, ledger.ApplyCloudBalances(Batch(0, 2, 3, 12, 120)));
            Assert.AreEqual(BalanceOutcome.Stale, ledger.ApplyCloudBalances(Batch(0, 2, 5, 9, 90)));
            Assert.AreEqual(120, Look(ledger, 0).Balance);
            Assert.AreEqual(1, ledger.CloudStats.Gaps);
        }

        [TestMethod]
        public void AnEmptyRangeMovesTheCursorWithoutWritingAndALostOneCostsOnlyAResync()
        {
            MemoryLedgerStore store = new MemoryLedgerStore();
            Terminal.Core.Ledger.Ledger ledger = Mount(store);
            Assert.AreEqual(BalanceOutcome.Applied, ledger.ApplyCloudBalances(Batch(0, 2, 0, 3, 10)));
            int commits = store.Commits;

            // The range of this terminal's own batch: no card, no flash write.
            Assert.AreEqual(BalanceOutcome.Applied, ledger.ApplyCloudBalances(Batch(0, 0, 3, 5, 0)));
            Assert.AreEqual(commits, store.Commits);
            Assert.AreEqual(5L, ledger.BalanceCursor);

            // Power fails: the cursor is back where the last stored message left it, so the next
            // push (from 5) is a gap and the resync from 3 brings it, nothing is lost.
            Terminal.Core.Ledger.Ledger again = Mount(store);
            Assert.AreEqual(3L, again.BalanceCursor);
            Assert.AreEqual(BalanceOutcome.Gap, again.ApplyCloudBalances(Batch(7, 1, 5, 6, 70)));
            Assert.AreEqual(BalanceOutcome.Applied, again.ApplyCloudBalances(Batch(7, 1, 3, 6, 70)));
            Assert.AreEqual(70, Look(again, 7).Balance);

            // A stored message after an empty range carries the cursor to flash.
            Assert.AreEqual(BalanceOutcome.Applied, again.ApplyCloudBalances(Batch(0, 0, 6, 9, 0)));
            Assert.AreEqual(BalanceOutcome.Applied, again.ApplyCloudBalances(Batch(8, 1, 9, 10, 80)));
            Assert.AreEqual(10L, Mount(store).BalanceCursor);
        }

        [TestMethod]
        public void AnOverlappingMessageStartingBeforeTheCursorIsApplied()
        {
            MemoryLedgerStore store = new MemoryLedgerStore();
            Terminal.Core.Ledger.Ledger ledger = Mount(store);
            Assert.AreEqual(BalanceOutcome.Applied, ledger.ApplyCloudBalances(Batch(0, 1, 0, 5, 10)));
            Assert.AreEqual(BalanceOutcome.Applied, ledger.ApplyCloudBalances(Batch(0, 1, 2, 8, 30)));
            Assert.AreEqual(8L, ledger.BalanceCursor);
            Assert.AreEqual(30, Look(ledger, 0).Balance);
        }

        [TestMethod]
        public void CloudBalancesNeverEatTheLedgersReserveAndAreKeptForLater()
        {
            MemoryLedgerStore store = new MemoryLedgerStore();
            Terminal.Core.Ledger.Ledger ledger = Mount(store);

            // A first small message stays inline; the second would need a block.
            Assert.AreEqual(BalanceOutcome.Applied, ledger.ApplyCloudBalances(Batch(100, 2, 0, 1, 5)));
            store.Free = LedgerOptions.Small().ReserveBytes + 100;
            int commits = store.Commits;
            Assert.AreEqual(BalanceOutcome.Deferred, ledger.ApplyCloudBalances(Batch(0, 40, 1, 10, 10)));
            Assert.AreEqual(commits, store.Commits, "nothing written into the reserve");
            Assert.IsTrue(ledger.StorageFull, "status flag for the cloud");
            Assert.IsFalse(Look(ledger, 3).Exists);
            Assert.AreEqual(1L, ledger.BalanceCursor, "the cursor stays, so the resync brings these cards");

            // Room again (the backlog synced): the same message is taken.
            store.Free = 1024 * 1024;
            Assert.AreEqual(BalanceOutcome.Applied, ledger.ApplyCloudBalances(Batch(0, 40, 1, 10, 10)));
            Assert.AreEqual(13, Look(ledger, 3).Balance);
        }

        [TestMethod]
        public void AFullIndexPutsMessagesOffUntilAFoldFreesIt()
        {
            MemoryLedgerStore store = new MemoryLedgerStore();
            Terminal.Core.Ledger.Ledger ledger = Mount(store);
            int room = ledger.CloudRoom;
            Assert.AreEqual(LedgerOptions.Small().CloudCapacity, room);
            Assert.AreEqual(BalanceOutcome.Applied, ledger.ApplyCloudBalances(Batch(0, 64, 0, 1, 0)));
            Assert.AreEqual(BalanceOutcome.Applied, ledger.ApplyCloudBalances(Batch(64, 64, 1, 2, 0)));
            Assert.AreEqual(0, ledger.CloudRoom);
            Assert.AreEqual(BalanceOutcome.Deferred, ledger.ApplyCloudBalances(Batch(128, 1, 2, 3, 0)));
            Assert.IsTrue(ledger.NeedsMaintenance);
            MaintainWhileNeeded(ledger);
            Assert.AreEqual(room, ledger.CloudRoom, "folded into the card table");
            Assert.AreEqual(BalanceOutcome.Applied, ledger.ApplyCloudBalances(Batch(128, 1, 2, 3, 0)));
        }

        [TestMethod]
        public void CloudStatesFoldIntoTheCardRecordAndSurviveRemount()
        {
            MemoryLedgerStore store = new MemoryLedgerStore(4 * 1024 * 1024);
            Terminal.Core.Ledger.Ledger ledger = Mount(store);
            for (int i = 0; i < 2000; i += 50)
            {
                Assert.AreEqual(BalanceOutcome.Applied, ledger.ApplyCloudBalances(Batch(i, 50, i, i + 50, i)));
                MaintainWhileNeeded(ledger);
            }

            Assert.AreEqual(2000, ledger.CloudStats.CardsApplied);
            Assert.AreEqual(0, ledger.CloudStats.CardsDropped);
            string[] files = store.List("n");
            for (int i = 0; i < files.Length; i++)
            {
                Assert.IsTrue(files[i] == Terminal.Core.Ledger.Ledger.CloudLogName || files[i] == Terminal.Core.Ledger.Ledger.CloudStateName,
                    "no cloud file beside the card table but the log and the cursor: " + files[i]);
            }

            Terminal.Core.Ledger.Ledger again = Mount(store);
            Assert.AreEqual(2000L, again.BalanceCursor);
            Assert.AreEqual(1999, Look(again, 1999).Balance);
            Assert.AreEqual(0, Look(again, 0).Balance);
            Assert.IsTrue(Look(again, 0).Exists);
            Assert.IsFalse(Look(again, 5000).Exists);
            Assert.AreEqual(2000, again.CardCount, "cards known from the cloud are in the card table");
        }

        [TestMethod]
        public void OwnAndOtherPartsAreKeptApart()
        {
            MemoryLedgerStore store = new MemoryLedgerStore();
            Terminal.Core.Ledger.Ledger ledger = Mount(store);
            byte[] card = Uid(5);
            ledger.Commit(LedgerKit.Tx(TransactionKind.Enrol, card, 0), LedgerKit.Tx(TransactionKind.Earn, card, 40));
            Transaction redeem = LedgerKit.Tx(TransactionKind.Redeem, card, -10);
            redeem.VoucherId = 2;
            ledger.Commit(redeem, null);

            // Others: 25 points and voucher 1 used; then a newer state replaces theirs, not ours.
            BalanceBatch b = Batch(5, 1, 0, 1, 25);
            b.At(0).OtherVouchers = 1;
            ledger.ApplyCloudBalances(b);
            Assert.AreEqual(55, Look(ledger, 5).Balance);
            Assert.AreEqual((ushort)3, Look(ledger, 5).VouchersUsed);
            ledger.MaintainAll();
            Assert.AreEqual(55, Look(ledger, 5).Balance, "same after the fold");

            BalanceBatch newer = Batch(5, 1, 1, 2, 7);
            newer.At(0).OtherVouchers = 0;
            ledger.ApplyCloudBalances(newer);
            Assert.AreEqual(37, Look(ledger, 5).Balance);
            Assert.AreEqual((ushort)2, Look(ledger, 5).VouchersUsed, "their void frees voucher 1; our voucher 2 stays used");

            Transaction voided = LedgerKit.Tx(TransactionKind.Void, card, 10);
            voided.VoucherId = 2;
            ledger.Commit(voided, null);
            ledger.MaintainAll();
            Terminal.Core.Ledger.Ledger again = Mount(store);
            Assert.AreEqual(47, Look(again, 5).Balance);
            Assert.AreEqual((ushort)0, Look(again, 5).VouchersUsed);
        }

        [TestMethod]
        public void OwnPointsPastTheRecordsRangeAreRefusedAtCommit()
        {
            MemoryLedgerStore store = new MemoryLedgerStore();
            Terminal.Core.Ledger.Ledger ledger = Mount(store);
            byte[] card = Uid(9);
            ledger.Commit(LedgerKit.Tx(TransactionKind.Enrol, card, 0), LedgerKit.Tx(TransactionKind.Earn, card, 8000000));
            Look(ledger, 9);
            LedgerException refused = null;
            try
            {
                ledger.Commit(LedgerKit.Tx(TransactionKind.Earn, card, 400000), null);
            }
            catch (LedgerException e)
            {
                refused = e;
            }

            Assert.IsNotNull(refused);
            Assert.AreEqual(LedgerRefusal.BalanceLimit, ledger.LastRefusal);
            Look(ledger, 9);
            ledger.Commit(LedgerKit.Tx(TransactionKind.Earn, card, 388607), null);
            ledger.MaintainAll();
            Assert.AreEqual(8388607, Look(Mount(store), 9).Balance, "the largest own balance is kept exactly");
        }

        [TestMethod]
        public void DamagedLogRecordKeepsTheCursorBeforeIt()
        {
            MemoryLedgerStore store = new MemoryLedgerStore();
            Terminal.Core.Ledger.Ledger ledger = Mount(store);
            ledger.ApplyCloudBalances(Batch(1, 1, 0, 4, 10));
            int first = store.Length(Terminal.Core.Ledger.Ledger.CloudLogName);
            ledger.ApplyCloudBalances(Batch(2, 1, 4, 6, 20));
            byte[] log = new byte[store.Length(Terminal.Core.Ledger.Ledger.CloudLogName)];
            store.Read(Terminal.Core.Ledger.Ledger.CloudLogName, 0, log, 0, log.Length);
            log[first + 22] ^= 0x40;
            store.Poke(Terminal.Core.Ledger.Ledger.CloudLogName, log);

            Terminal.Core.Ledger.Ledger again = Mount(store);
            Assert.AreEqual(1, again.CloudStats.CorruptFiles);
            Assert.AreEqual(4L, again.BalanceCursor, "the resync from 4 brings the damaged states again");
            Assert.AreEqual(10, Look(again, 1).Balance);
            Assert.IsFalse(Look(again, 2).Exists);
            Assert.AreEqual(BalanceOutcome.Applied, again.ApplyCloudBalances(Batch(2, 1, 4, 6, 20)));
            Assert.AreEqual(20, Look(again, 2).Balance);
        }

        [TestMethod]
        public void BlockedListVersionGuardsAgainstReplays()
        {
            MemoryLedgerStore store = new MemoryLedgerStore();
            Terminal.Core.Ledger.Ledger ledger = Mount(store);
            Assert.IsTrue(ledger.ApplyBlockedList(new ulong[] { Key(2), Key(1), Key(2) }, 3, 5));
            Assert.AreEqual(2, ledger.BlockedCount, "sorted and without duplicates");
            Assert.IsFalse(ledger.ApplyBlockedList(new ulong[0], 0, 5));
            Assert.IsFalse(ledger.ApplyBlockedList(new ulong[0], 0, 4));
            Assert.IsTrue(Look(ledger, 2).Blocked);
            Assert.IsFalse(Look(ledger, 3).Blocked);
            Assert.IsTrue(Look(Mount(store), 1).Blocked, "kept across a reboot");
            Assert.IsTrue(ledger.ApplyBlockedList(new ulong[0], 0, 6));
            Assert.IsFalse(Look(ledger, 2).Blocked);
            Assert.IsFalse(Look(ledger, 2).Exists, "an unblocked card the terminal never saw stays unknown");
            Assert.AreEqual(6L, Mount(store).BlockedListVersion);
        }

        [TestMethod]
        public void ALongBlockedListIsSearchedCorrectly()
        {
            MemoryLedgerStore store = new MemoryLedgerStore();
            Terminal.Core.Ledger.Ledger ledger = Mount(store);
            ulong[] keys = new ulong[512];
            for (int i = 0; i < keys.Length; i++)
            {
                keys[i] = Key(i * 2);
            }

            Assert.IsTrue(ledger.ApplyBlockedList(keys, keys.Length, 1));
            Terminal.Core.Ledger.Ledger again = Mount(store);
            for (int i = 0; i < 1024; i++)
            {
                Assert.AreEqual(i % 2 == 0, Look(again, i).Blocked, "card " + i.ToString());
            }
        }

        [TestMethod]
        public void ALedgerOfTheEarlierLayoutIsNamedNotCalledDamaged()
        {
            // Format 1 (before the cloud's part moved into the card record): a sealed 28-byte "M1" meta.
            MemoryLedgerStore store = new MemoryLedgerStore();
            byte[] meta = new byte[28];
            Terminal.Core.Encoding.LittleEndian.WriteUInt16(meta, 0, 0x314D);
            Terminal.Core.Encoding.LittleEndian.WriteUInt16(meta, 4, 11);
            int length = AtomicFile.Seal(meta, 0, 24);
            store.Create(Terminal.Core.Ledger.Ledger.MetaName, meta, 0, length);
            LedgerException refused = null;
            try
            {
                new Terminal.Core.Ledger.Ledger(store, LedgerOptions.Small()).Mount();
            }
            catch (LedgerException e)
            {
                refused = e;
            }

            Assert.IsNotNull(refused);
            Assert.AreEqual("Ledger of an earlier build (format 1): erase it to start format 2", refused.Message);

            // Damage is still called damage.
            meta[8] ^= 1;
            store.Poke(Terminal.Core.Ledger.Ledger.MetaName, meta);
            refused = null;
            try
            {
                new Terminal.Core.Ledger.Ledger(store, LedgerOptions.Small()).Mount();
            }
            catch (LedgerException e)
            {
                refused = e;
            }

            Assert.IsNotNull(refused);
            Assert.AreEqual("Ledger metadata damaged", refused.Message);
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
