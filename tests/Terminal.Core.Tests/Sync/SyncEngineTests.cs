#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System.Collections;
using Terminal.Core.Domain;
using Terminal.Core.Ledger;
using Terminal.Core.Rules;
using Terminal.Core.Sync;
using Terminal.Core.Tests.Fakes;

namespace Terminal.Core.Tests.Sync
{
    [TestClass]
    public class SyncEngineTests
    {
        private const string Id = "T0001";
        private static readonly byte[] CardA = new byte[] { 0x04, 0x11, 0x22, 0x33 };
        private static readonly byte[] CardB = new byte[] { 0x04, 0x44, 0x55, 0x66 };

        private sealed class ListLog : ISyncLog
        {
            public readonly ArrayList Lines = new ArrayList();

            public void Write(string line)
            {
                Lines.Add(line);
            }
        }

        private static SyncEngine Engine(Terminal.Core.Ledger.Ledger ledger, MemoryBroker broker, FakeClock clock, out MemoryCloudLink link)
        {
            link = new MemoryCloudLink(broker);
            SyncEngine engine = new SyncEngine(ledger, link, new SyncOptions(Id, "acme", "S01"), clock);
            engine.Start();
            return engine;
        }

        private static Terminal.Core.Ledger.Ledger Mount(MemoryLedgerStore store)
        {
            Terminal.Core.Ledger.Ledger ledger = new Terminal.Core.Ledger.Ledger(store, LedgerOptions.Small());
            ledger.Mount();
            return ledger;
        }

        private static void Earn(Terminal.Core.Ledger.Ledger ledger, byte[] uid, int points, int count)
        {
            for (int i = 0; i < count; i++)
            {
                Transaction t = new Transaction();
                t.Kind = TransactionKind.Earn;
                t.Timestamp = 1000;
                t.Uid.Set(uid, 0, uid.Length);
                t.Points = points;
                t.AmountMinor = points * 100;
                ledger.Commit(t, null);
                ledger.Maintain();
            }
        }

        private static void Run(SyncEngine engine, MemoryCloud cloud, FakeClock clock, int turns)
        {
            for (int i = 0; i < turns; i++)
            {
                engine.Poll();
                cloud.Pump();
                clock.Advance(50);
            }
        }

        private static int Balance(Terminal.Core.Ledger.Ledger ledger, byte[] uid, out bool blocked)
        {
            CardUid u = new CardUid();
            u.Set(uid, 0, uid.Length);
            CardState s = new CardState();
            ledger.Lookup(u, s);
            blocked = s.Blocked;
            return s.Balance;
        }

        private static byte[] Bytes(string s)
        {
            return System.Text.Encoding.UTF8.GetBytes(s);
        }

        private static string Text(byte[] b)
        {
            return System.Text.Encoding.UTF8.GetString(b, 0, b.Length);
        }

        [TestMethod]
        public void MarksSyncedOnlyOnTheCloudsAcknowledgement()
        {
            MemoryBroker broker = new MemoryBroker();
            MemoryCloud cloud = new MemoryCloud(broker);
            cloud.AckEnabled = false;
            FakeClock clock = new FakeClock();
            Terminal.Core.Ledger.Ledger ledger = Mount(new MemoryLedgerStore());
            Earn(ledger, CardA, 5, 100);
            MemoryCloudLink link;
            SyncEngine engine = Engine(ledger, broker, clock, out link);
            Run(engine, cloud, clock, 3);
            Assert.AreEqual(100, cloud.Stored, "all published, in order");
            Assert.AreEqual(0u, ledger.SyncedSequence, "a broker accepting the batches is not an acknowledgement");
            cloud.AckEnabled = true;
            Earn(ledger, CardA, 5, 1);
            Run(engine, cloud, clock, 3);
            Assert.AreEqual(101u, ledger.SyncedSequence);
            Assert.AreEqual(101, cloud.Stored);
            Assert.AreEqual(0, ledger.UnsyncedCount);
        }

        [TestMethod]
        public void BatchesArePublishedInSequenceOrderWithinTheWindow()
        {
            MemoryBroker broker = new MemoryBroker();
            MemoryCloud cloud = new MemoryCloud(broker);
            cloud.AckEnabled = false;
            FakeClock clock = new FakeClock();
            Terminal.Core.Ledger.Ledger ledger = Mount(new MemoryLedgerStore());
            Earn(ledger, CardA, 1, 300);
            MemoryCloudLink link;
            SyncEngine engine = Engine(ledger, broker, clock, out link);
            engine.Poll();
            Assert.AreEqual(4, engine.Stats.BatchesSent, "window of 4 batches of 32");
            Assert.AreEqual(129u, engine.NextToSend);
            cloud.Pump();
            Assert.AreEqual(128u, cloud.LastSequence(Id));
            Assert.AreEqual(0, cloud.Gaps);
        }

        [TestMethod]
        public void LostBatchIsResentAfterTheTimeoutAndStoredOnce()
        {
            MemoryBroker broker = new MemoryBroker();
            MemoryCloud cloud = new MemoryCloud(broker);
            FakeClock clock = new FakeClock();
            Terminal.Core.Ledger.Ledger ledger = Mount(new MemoryLedgerStore());
            MemoryCloudLink link;
            SyncEngine engine = Engine(ledger, broker, clock, out link);
            engine.Poll();
            Earn(ledger, CardA, 1, 70);
            broker.DropNext = 1;
            engine.Poll();
            Assert.AreEqual(3, engine.Stats.BatchesSent);
            cloud.Pump();
            Assert.AreEqual(0, cloud.Stored, "the first batch was lost, the others do not follow on");
            Assert.IsTrue(cloud.Gaps >= 1);
            Run(engine, cloud, clock, 200);
            Assert.AreEqual(70u, ledger.SyncedSequence);
            Assert.AreEqual(70, cloud.Stored);
            Assert.IsTrue(engine.Stats.Rewinds >= 2, "session start plus a resend");
        }

        [TestMethod]
        public void NoAckBacksOffUpToTheMaximum()
        {
            MemoryBroker broker = new MemoryBroker();
            MemoryCloud cloud = new MemoryCloud(broker);
            cloud.AckEnabled = false;
            FakeClock clock = new FakeClock();
            Terminal.Core.Ledger.Ledger ledger = Mount(new MemoryLedgerStore());
            Earn(ledger, CardA, 1, 5);
            MemoryCloudLink link;
            SyncEngine engine = Engine(ledger, broker, clock, out link);
            engine.Poll();
            int sent = engine.Stats.BatchesSent;
            clock.Advance(4999);
            engine.Poll();
            Assert.AreEqual(sent, engine.Stats.BatchesSent, "no resend before the timeout");
            clock.Advance(1);
            engine.Poll();
            Assert.AreEqual(1, engine.Stats.Timeouts);
            Assert.AreEqual(sent + 1, engine.Stats.BatchesSent);
            clock.Advance(9999);
            engine.Poll();
            Assert.AreEqual(1, engine.Stats.Timeouts, "the second wait is twice as long");
            clock.Advance(1);
            engine.Poll();
            Assert.AreEqual(2, engine.Stats.Timeouts);
            for (int i = 0; i < 10; i++)
            {
                clock.Advance(60000);
                engine.Poll();
            }

            Assert.AreEqual(12, engine.Stats.Timeouts, "capped at 60 s per retry");
        }

        [TestMethod]
        public void AfterATimeoutOneBatchProbesUntilAnAckArrives()
        {
            MemoryBroker broker = new MemoryBroker();
            MemoryCloud cloud = new MemoryCloud(broker);
            cloud.AckEnabled = false;
            FakeClock clock = new FakeClock();
            Terminal.Core.Ledger.Ledger ledger = Mount(new MemoryLedgerStore());
            Earn(ledger, CardA, 1, 300);
            MemoryCloudLink link;
            SyncEngine engine = Engine(ledger, broker, clock, out link);
            engine.Poll();
            cloud.Pump();
            Assert.AreEqual(4, engine.Stats.BatchesSent);
            clock.Advance(5000);
            engine.Poll();
            engine.Poll();
            Assert.AreEqual(5, engine.Stats.BatchesSent, "a slow cloud gets one batch, not the whole window again");
            cloud.AckEnabled = true;
            cloud.Pump();
            engine.Poll();
            Assert.AreEqual(128u, ledger.SyncedSequence);
            Assert.AreEqual(9, engine.Stats.BatchesSent, "an ack restores the full window");
        }

        [TestMethod]
        public void RebootResumesFromTheLedgersSyncedMark()
        {
            MemoryBroker broker = new MemoryBroker();
            MemoryCloud cloud = new MemoryCloud(broker);
            FakeClock clock = new FakeClock();
            MemoryLedgerStore store = new MemoryLedgerStore();
            Terminal.Core.Ledger.Ledger ledger = Mount(store);
            Earn(ledger, CardA, 2, 50);
            MemoryCloudLink link;
            SyncEngine engine = Engine(ledger, broker, clock, out link);
            Run(engine, cloud, clock, 3);
            Assert.AreEqual(50u, ledger.SyncedSequence);
            Earn(ledger, CardA, 2, 20);
            link.Crash();

            Terminal.Core.Ledger.Ledger rebooted = Mount(store);
            Assert.AreEqual(50u, rebooted.SyncedSequence);
            MemoryCloudLink link2;
            SyncEngine engine2 = Engine(rebooted, broker, clock, out link2);
            Assert.AreEqual(51u, engine2.NextToSend);
            Run(engine2, cloud, clock, 3);
            Assert.AreEqual(70u, rebooted.SyncedSequence);
            Assert.AreEqual(70, cloud.Stored);
            Assert.AreEqual(0, cloud.Duplicates, "nothing acknowledged was sent again");
        }

        [TestMethod]
        public void TapsContinueOfflineAndSyncAfterTheBrokerReturns()
        {
            MemoryBroker broker = new MemoryBroker();
            MemoryCloud cloud = new MemoryCloud(broker);
            FakeClock clock = new FakeClock();
            TestTerminal terminal = new TestTerminal(new MemoryLedgerStore(), clock);
            MemoryCloudLink link;
            SyncEngine engine = Engine(terminal.Ledger, broker, clock, out link);
            broker.Stop();
            Assert.IsFalse(engine.Online);
            terminal.Press("1000#1");
            terminal.Tap(CardA);
            Assert.IsTrue(terminal.Display.Shows("Welcome!"), terminal.Display.Last);
            engine.Poll();
            Assert.AreEqual(2, terminal.Ledger.UnsyncedCount);
            broker.Start();
            Run(engine, cloud, clock, 3);
            Assert.AreEqual(0, terminal.Ledger.UnsyncedCount);
            Assert.AreEqual(2, cloud.Stored);
            Assert.AreEqual(TransactionKind.Enrol, cloud.Get(Id, 1).Kind);
            Assert.AreEqual(10, cloud.Get(Id, 2).Points);
        }

        [TestMethod]
        public void BrokerRestartMidBatchResendsAndTheCloudKeepsOneCopy()
        {
            MemoryBroker broker = new MemoryBroker();
            MemoryCloud cloud = new MemoryCloud(broker);
            cloud.AckEnabled = false;
            FakeClock clock = new FakeClock();
            Terminal.Core.Ledger.Ledger ledger = Mount(new MemoryLedgerStore());
            Earn(ledger, CardA, 1, 40);
            MemoryCloudLink link;
            SyncEngine engine = Engine(ledger, broker, clock, out link);
            Run(engine, cloud, clock, 2);
            broker.Stop();
            broker.Start();
            cloud.AckEnabled = true;
            Run(engine, cloud, clock, 3);
            Assert.AreEqual(40u, ledger.SyncedSequence);
            Assert.AreEqual(40, cloud.Stored);
            Assert.AreEqual(40, cloud.Duplicates, "the new session resent everything unacknowledged");
        }

        [TestMethod]
        public void PresenceIsRetainedAndTheWillSaysOffline()
        {
            MemoryBroker broker = new MemoryBroker();
            FakeClock clock = new FakeClock();
            Terminal.Core.Ledger.Ledger ledger = Mount(new MemoryLedgerStore());
            MemoryCloudLink link;
            SyncEngine engine = Engine(ledger, broker, clock, out link);
            engine.Poll();
            string status = Text(broker.Retained("loyalty/T0001/up/status"));
            Assert.IsTrue(status.IndexOf("\"online\":true") > 0, status);
            Assert.IsTrue(status.IndexOf("\"ten\":\"acme\"") > 0, status);
            link.Crash();
            Assert.AreEqual("{\"v\":1,\"tid\":\"T0001\",\"online\":false}", Text(broker.Retained("loyalty/T0001/up/status")));
        }

        [TestMethod]
        public void ConfigIsAppliedDurablyAndOnlyWhenNewer()
        {
            MemoryBroker broker = new MemoryBroker();
            MemoryCloud cloud = new MemoryCloud(broker);
            FakeClock clock = new FakeClock();
            MemoryLedgerStore store = new MemoryLedgerStore();
            TestTerminal terminal = new TestTerminal(store, clock);
            MemoryCloudLink link;
            SyncEngine engine = Engine(terminal.Ledger, broker, clock, out link);
            EarnRules rules = new EarnRules(3, 100, Rounding.Down, 0, new string[] { "All" }, new int[] { 100 }, null);
            VoucherCatalog catalog = new VoucherCatalog(new Voucher[] { new Voucher(5, "Coffee", 10, VoucherKind.FixedAmount, 250, 0) });
            JsonWriter w = new JsonWriter(4096);
            SyncCodec.WriteConfig(w, 2, rules, catalog);
            cloud.Send("loyalty/T0001/down/config", w.ToArray(), true);
            engine.Poll();
            Assert.AreEqual(2L, engine.ConfigVersion);
            engine.ApplyConfigTo(terminal.Flow);
            Assert.AreEqual(3, terminal.Flow.Rules.PointsPerUnit);
            Assert.AreEqual("Coffee", terminal.Flow.Catalog.At(0).Name);

            SyncCodec.WriteConfig(w, 1, EarnRules.Default(), VoucherCatalog.Default());
            cloud.Send("loyalty/T0001/down/config", w.ToArray(), false);
            engine.Poll();
            Assert.AreEqual(2L, engine.ConfigVersion, "an older configuration is ignored");
            Assert.AreEqual(1, engine.Stats.ConfigsApplied);

            link.Crash();
            broker.Stop();
            Terminal.Core.Ledger.Ledger rebooted = Mount(store);
            SyncEngine engine2 = new SyncEngine(rebooted, new MemoryCloudLink(broker), new SyncOptions(Id, "acme", "S01"), clock);
            engine2.Start();
            Assert.AreEqual(2L, engine2.ConfigVersion, "stored configuration is in force before any connection");
            Assert.AreEqual(3, engine2.Rules.PointsPerUnit);
        }

        [TestMethod]
        public void ConfigWaitsForTheFlowToBeIdle()
        {
            MemoryBroker broker = new MemoryBroker();
            MemoryCloud cloud = new MemoryCloud(broker);
            FakeClock clock = new FakeClock();
            TestTerminal terminal = new TestTerminal(new MemoryLedgerStore(), clock);
            MemoryCloudLink link;
            SyncEngine engine = Engine(terminal.Ledger, broker, clock, out link);
            JsonWriter w = new JsonWriter(4096);
            SyncCodec.WriteConfig(w, 9, new EarnRules(7, 100, Rounding.Down, 0, new string[] { "All" }, new int[] { 100 }, null), VoucherCatalog.Default());
            cloud.Send("loyalty/T0001/down/config", w.ToArray(), true);
            engine.Poll();
            terminal.Press("5");
            Assert.IsTrue(terminal.Flow.Busy);
            engine.ApplyConfigTo(terminal.Flow);
            Assert.AreEqual(1, terminal.Flow.Rules.PointsPerUnit, "not in the middle of a sale");
            terminal.Press("*");
            terminal.Press("*");
            engine.ApplyConfigTo(terminal.Flow);
            Assert.AreEqual(7, terminal.Flow.Rules.PointsPerUnit);
        }

        [TestMethod]
        public void BlockedListReplacesTheOldOneAndSurvivesReboot()
        {
            MemoryBroker broker = new MemoryBroker();
            MemoryCloud cloud = new MemoryCloud(broker);
            FakeClock clock = new FakeClock();
            MemoryLedgerStore store = new MemoryLedgerStore();
            TestTerminal terminal = new TestTerminal(store, clock);
            Earn(terminal.Ledger, CardA, 10, 1);
            MemoryCloudLink link;
            SyncEngine engine = Engine(terminal.Ledger, broker, clock, out link);
            JsonWriter w = new JsonWriter(1024);
            SyncCodec.WriteBlocked(w, 1, new string[] { "04112233", "04445566" });
            byte[] first = w.ToArray();
            cloud.Send("loyalty/T0001/down/blocked", first, true);
            engine.Poll();
            bool blocked;
            Assert.AreEqual(10, Balance(terminal.Ledger, CardA, out blocked));
            Assert.IsTrue(blocked);
            Balance(terminal.Ledger, CardB, out blocked);
            Assert.IsTrue(blocked, "a card this terminal never saw can be blocked too");
            terminal.Tap(CardB);
            Assert.IsTrue(terminal.Display.Shows("Card blocked"), terminal.Display.Last);

            SyncCodec.WriteBlocked(w, 2, new string[] { "04445566" });
            cloud.Send("loyalty/T0001/down/blocked", w.ToArray(), true);
            cloud.Send("loyalty/T0001/down/blocked", first, false);
            engine.Poll();
            Balance(terminal.Ledger, CardA, out blocked);
            Assert.IsFalse(blocked, "version 2 unblocked A; the late version 1 changed nothing");
            Assert.AreEqual(2L, terminal.Ledger.BlockedListVersion);

            Terminal.Core.Ledger.Ledger rebooted = Mount(store);
            Assert.AreEqual(2L, rebooted.BlockedListVersion);
            Balance(rebooted, CardB, out blocked);
            Assert.IsTrue(blocked);
            Assert.AreEqual(10, Balance(rebooted, CardA, out blocked));
            Assert.IsFalse(blocked);
        }

        [TestMethod]
        public void BalancesFromOtherTerminalsAddToTheLocalJournalNewestFirst()
        {
            MemoryBroker broker = new MemoryBroker();
            MemoryCloud cloud = new MemoryCloud(broker);
            FakeClock clock = new FakeClock();
            MemoryLedgerStore store = new MemoryLedgerStore();
            TestTerminal terminal = new TestTerminal(store, clock);
            Earn(terminal.Ledger, CardA, 10, 1);
            MemoryCloudLink link;
            SyncEngine engine = Engine(terminal.Ledger, broker, clock, out link);
            JsonWriter w = new JsonWriter(1024);
            SyncCodec.BeginBalances(w, 0, 5);
            SyncCodec.WriteCard(w, "04445566", 2, 25, 1);
            SyncCodec.WriteCard(w, "04112233", 5, 30, 0);
            SyncCodec.EndBalances(w);
            cloud.Send("loyalty/T0001/down/balance", w.ToArray(), false);
            engine.Poll();
            bool blocked;
            Assert.AreEqual(40, Balance(terminal.Ledger, CardA, out blocked));
            Assert.AreEqual(25, Balance(terminal.Ledger, CardB, out blocked));

            SyncCodec.BeginBalances(w, 0, 4);
            SyncCodec.WriteCard(w, "04112233", 4, 99, 0);
            SyncCodec.EndBalances(w);
            cloud.Send("loyalty/T0001/down/balance", w.ToArray(), false);
            engine.Poll();
            Assert.AreEqual(40, Balance(terminal.Ledger, CardA, out blocked), "an older message is ignored");

            Earn(terminal.Ledger, CardA, 7, 1);
            Assert.AreEqual(47, Balance(terminal.Ledger, CardA, out blocked), "local activity after the update still counts");

            uint before = terminal.Ledger.LastSequence;
            terminal.Press("500#0");
            terminal.Tap(CardB);
            Assert.IsTrue(terminal.Display.Shows("Thank you!"), terminal.Display.Last);
            Assert.AreEqual(before + 1, terminal.Ledger.LastSequence);
            Assert.AreEqual(30, Balance(terminal.Ledger, CardB, out blocked));

            Terminal.Core.Ledger.Ledger rebooted = Mount(store);
            Assert.AreEqual(47, Balance(rebooted, CardA, out blocked));
            Assert.AreEqual(30, Balance(rebooted, CardB, out blocked));
        }

        [TestMethod]
        public void AResyncThatCouldNotBeKeptDoesNotMoveTheCursor()
        {
            MemoryBroker broker = new MemoryBroker();
            MemoryCloud cloud = new MemoryCloud(broker);
            FakeClock clock = new FakeClock();
            MemoryLedgerStore store = new MemoryLedgerStore();
            Terminal.Core.Ledger.Ledger ledger = Mount(store);
            MemoryCloudLink link;
            SyncEngine engine = Engine(ledger, broker, clock, out link);
            JsonWriter w = new JsonWriter(4096);
            // 40 cards: more than an inline append, so the ledger measures free space first.
            SyncCodec.BeginBalances(w, 0, 77);
            for (int i = 0; i < 40; i++)
            {
                SyncCodec.WriteCard(w, "04A1B2" + (0x10 + i).ToString("X2"), 5, 25, 0);
            }

            SyncCodec.EndBalances(w);
            store.Free = LedgerOptions.Small().ReserveBytes;
            cloud.Send("loyalty/T0001/down/balance", w.ToArray(), false);
            engine.Poll();
            Assert.AreEqual(1, ledger.CloudStats.Deferred);
            Assert.AreEqual(0L, ledger.BalanceCursor, "the cloud must send these balances again");

            store.Free = 1024 * 1024;
            cloud.Send("loyalty/T0001/down/balance", w.ToArray(), false);
            engine.Poll();
            Assert.AreEqual(77L, ledger.BalanceCursor);
        }

        [TestMethod]
        public void AMissingBalanceMessageAsksForAResyncSoonButNotInALoop()
        {
            MemoryBroker broker = new MemoryBroker();
            MemoryCloud cloud = new MemoryCloud(broker);
            FakeClock clock = new FakeClock();
            Terminal.Core.Ledger.Ledger ledger = Mount(new MemoryLedgerStore());
            MemoryCloudLink link;
            SyncEngine engine = Engine(ledger, broker, clock, out link);
            engine.Poll();
            cloud.Pump();
            int statuses = cloud.StatusCount;
            Assert.AreEqual(1, statuses, "the status at connection");

            cloud.Send("loyalty/T0001/down/balance", Bytes("{\"v\":1,\"from\":0,\"end\":5,\"cards\":[]}"), false);
            cloud.Send("loyalty/T0001/down/balance", Bytes("{\"v\":1,\"from\":7,\"end\":9,\"cards\":[{\"uid\":\"04112233\",\"ver\":9,\"oth\":50,\"vu\":0}]}"), false);
            engine.Poll();
            cloud.Pump();
            Assert.AreEqual(5L, ledger.BalanceCursor, "(5, 7] went missing: the message after it is not taken");
            Assert.AreEqual(1, ledger.CloudStats.Gaps);
            Assert.AreEqual(statuses, cloud.StatusCount, "not before the hold time");

            clock.Advance(new SyncOptions("T0001", "acme", "S01").ResyncHoldMs);
            engine.Poll();
            cloud.Pump();
            Assert.AreEqual(statuses + 1, cloud.StatusCount, "asks for a resync from its cursor");
            Assert.IsTrue(cloud.LastStatus.IndexOf("\"cur\":5") > 0, cloud.LastStatus);
            clock.Advance(60000);
            engine.Poll();
            cloud.Pump();
            Assert.AreEqual(statuses + 1, cloud.StatusCount, "once");

            // A resync cut short says so; the terminal asks for the rest.
            cloud.Send("loyalty/T0001/down/balance", Bytes("{\"v\":1,\"from\":5,\"end\":8,\"more\":1,\"cards\":[]}"), false);
            engine.Poll();
            clock.Advance(60000);
            engine.Poll();
            cloud.Pump();
            Assert.AreEqual(statuses + 2, cloud.StatusCount);
            Assert.AreEqual(2, engine.Stats.ResyncRequests);
            Assert.IsTrue(cloud.LastStatus.IndexOf("\"cur\":8") > 0, cloud.LastStatus);
        }

        [TestMethod]
        public void ResyncEndMovesTheCursorReportedInTheStatus()
        {
            MemoryBroker broker = new MemoryBroker();
            MemoryCloud cloud = new MemoryCloud(broker);
            FakeClock clock = new FakeClock();
            MemoryLedgerStore store = new MemoryLedgerStore();
            Terminal.Core.Ledger.Ledger ledger = Mount(store);
            MemoryCloudLink link;
            SyncEngine engine = Engine(ledger, broker, clock, out link);
            JsonWriter w = new JsonWriter(1024);
            SyncCodec.BeginBalances(w, 0, 321);
            SyncCodec.WriteCard(w, "04112233", 300, 12, 0);
            SyncCodec.EndBalances(w);
            cloud.Send("loyalty/T0001/down/balance", w.ToArray(), false);
            engine.Poll();
            Assert.AreEqual(321L, ledger.BalanceCursor);
            link.Crash();
            Terminal.Core.Ledger.Ledger rebooted = Mount(store);
            MemoryCloudLink link2;
            SyncEngine engine2 = Engine(rebooted, broker, clock, out link2);
            engine2.Poll();
            cloud.Pump();
            Assert.IsTrue(cloud.LastStatus.IndexOf("\"cur\":321") > 0, cloud.LastStatus);
        }

        [TestMethod]
        public void GarbageOnEveryTopicIsRejectedWithAReasonAndDoesNoHarm()
        {
            MemoryBroker broker = new MemoryBroker();
            MemoryCloud cloud = new MemoryCloud(broker);
            FakeClock clock = new FakeClock();
            Terminal.Core.Ledger.Ledger ledger = Mount(new MemoryLedgerStore());
            Earn(ledger, CardA, 3, 5);
            MemoryCloudLink link;
            SyncEngine engine = Engine(ledger, broker, clock, out link);
            ListLog log = new ListLog();
            engine.Log = log;
            string[] topics = new string[] { "loyalty/T0001/down/ack", "loyalty/T0001/down/config", "loyalty/T0001/down/blocked", "loyalty/T0001/down/balance", "loyalty/T0001/down/other" };
            byte[][] payloads = new byte[][]
            {
                new byte[0],
                new byte[] { 0xFF, 0xFE, 0x00, 0x01 },
                Bytes("{\"v\":1,\"seq\":"),
                Bytes("{\"v\":1,\"seq\":3.5,\"ver\":1}"),
                Bytes("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"),
                new byte[20000],
            };
            int sent = 0;
            for (int t = 0; t < topics.Length; t++)
            {
                for (int p = 0; p < payloads.Length; p++)
                {
                    link.Inject(topics[t], payloads[p]);
                    sent++;
                }
            }

            for (int i = 0; i < 10; i++)
            {
                engine.Poll();
            }

            Assert.AreEqual(sent, engine.Stats.Rejected);
            Assert.AreEqual(sent, log.Lines.Count);
            Assert.IsTrue(((string)log.Lines[sent - 1]).IndexOf("payload too large") > 0, (string)log.Lines[sent - 1]);
            Assert.AreEqual(0, engine.Stats.Failures);
            Assert.AreEqual(0u, ledger.SyncedSequence);
            Assert.AreEqual(0L, engine.ConfigVersion);
            Assert.AreEqual(0L, ledger.BlockedListVersion);
            Run(engine, cloud, clock, 3);
            Assert.AreEqual(5u, ledger.SyncedSequence, "sync carries on");
        }

        [TestMethod]
        public void AckBeyondTheJournalMarksNothing()
        {
            MemoryBroker broker = new MemoryBroker();
            FakeClock clock = new FakeClock();
            Terminal.Core.Ledger.Ledger ledger = Mount(new MemoryLedgerStore());
            Earn(ledger, CardA, 3, 5);
            MemoryCloudLink link;
            SyncEngine engine = Engine(ledger, broker, clock, out link);
            JsonWriter w = new JsonWriter(64);
            SyncCodec.WriteAck(w, 5000, 0);
            link.Inject("loyalty/T0001/down/ack", w.ToArray());
            engine.Poll();
            Assert.AreEqual(0u, ledger.SyncedSequence);
            Assert.AreEqual(1, engine.Stats.AcksBeyondJournal);
        }

        [TestMethod]
        public void RefusedPublishIsTriedAgainLater()
        {
            MemoryBroker broker = new MemoryBroker();
            MemoryCloud cloud = new MemoryCloud(broker);
            FakeClock clock = new FakeClock();
            Terminal.Core.Ledger.Ledger ledger = Mount(new MemoryLedgerStore());
            Earn(ledger, CardA, 3, 5);
            MemoryCloudLink link;
            SyncEngine engine = Engine(ledger, broker, clock, out link);
            link.Accepting = false;
            Run(engine, cloud, clock, 3);
            Assert.AreEqual(0, engine.Stats.BatchesSent);
            link.Accepting = true;
            Run(engine, cloud, clock, 3);
            Assert.AreEqual(5u, ledger.SyncedSequence);
        }
    }
}
