using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Terminal.Cloud;
using Terminal.Sync.Tests.Infrastructure;

namespace Terminal.Sync.Tests
{
    /// <summary>The cloud database rules, run on SQLite and on a real PostgreSQL with the same assertions.</summary>
    [TestClass]
    public class CloudDatabaseTests
    {
        private static TxRow Earn(long seq, string uid, int points) => new(seq, 1, 1772359200 + seq, uid, points * 100, 0, points, 0, 0, 0, 0, 0);

        private static void Exercise(CloudDatabase db)
        {
            BatchResult r = db.ApplyBatch("T1", "acme", "S1", new[] { new TxRow(1, 4, 1772359200, "04112233", 0, 0, 0, 0, 0, 0, 0, 0), Earn(2, "04112233", 10), Earn(3, "04445566", 5) }, 100, true);
            Assert.AreEqual(3, r.Applied);
            Assert.AreEqual(3L, r.LastSeq);
            CollectionAssert.AreEquivalent(new[] { "04112233", "04445566" }, r.TouchedCards);
            Assert.AreEqual((0L, 2L), (r.ChangeFrom, r.ChangeEnd), "one change per touched card");
            Assert.AreEqual(0, r.Views.Count, "no other terminal to tell");

            // Duplicates are no-ops; a differing duplicate is a conflict.
            r = db.ApplyBatch("T1", "acme", "S1", new[] { Earn(2, "04112233", 10), Earn(3, "04445566", 5) }, 101, true);
            Assert.AreEqual(0, r.Conflicts);
            Assert.AreEqual(0, r.Applied);
            Assert.AreEqual(r.ChangeFrom, r.ChangeEnd, "a duplicate changes nothing");
            r = db.ApplyBatch("T1", "acme", "S1", new[] { Earn(2, "04112233", 11), Earn(3, "04445566", 5), Earn(4, "04112233", 1) }, 101, true);
            Assert.AreEqual(1, r.Applied);
            Assert.AreEqual(2, r.Duplicates);
            Assert.AreEqual(1, r.Conflicts);
            Assert.AreEqual(4L, r.LastSeq);
            Assert.AreEqual((2L, 3L), (r.ChangeFrom, r.ChangeEnd));

            // A gap stops the batch at the first missing sequence.
            r = db.ApplyBatch("T1", "acme", "S1", new[] { Earn(7, "04112233", 1), Earn(8, "04112233", 1) }, 102, true);
            Assert.AreEqual(0, r.Applied);
            Assert.AreEqual(7L, r.GapAt);
            Assert.AreEqual(4L, r.LastSeq);
            r = db.ApplyBatch("T1", "acme", "S1", new[] { Earn(5, "04112233", 1), Earn(7, "04112233", 1) }, 103, true);
            Assert.AreEqual(1, r.Applied);
            Assert.AreEqual(7L, r.GapAt);
            Assert.AreEqual(5L, r.LastSeq);

            // Another terminal of the tenant; a redeem and its void of a once-per-card voucher.
            r = db.ApplyBatch("T2", "acme", "S2", new[] { Earn(1, "04112233", 100), new TxRow(2, 2, 1772359300, "04112233", 0, 0, -50, 1, 200, 0, 0, 0) }, 104, true);
            Assert.AreEqual((4L, 5L), (r.ChangeFrom, r.ChangeEnd), "after T1's change 4 (sequence 5)");
            CollectionAssert.AreEqual(new[] { "T1" }, r.Views.Keys.ToArray(), "the sender's own view does not change");
            Assert.AreEqual(new CardView("04112233", 5, 50, 1), r.Views["T1"].Single(), "T1's view as of change 5, read in the batch's transaction");
            Assert.AreEqual(62L, db.Balances("acme")["04112233"], "T1: 10 + 1 + 1, T2: 100 - 50");
            CardView ViewOf(string terminal) => db.ViewsChangedSince("acme", 0, terminal).Cards.Single(c => c.Uid == "04112233");
            Assert.AreEqual(50, ViewOf("T1").OtherPoints, "T1 sees T2's +100 -50");
            Assert.AreEqual(1, ViewOf("T1").OtherVouchers, "and T2's use of voucher 1");
            Assert.AreEqual(12, ViewOf("T2").OtherPoints, "T2 sees T1's 10 + 1 + 1");
            Assert.AreEqual(0, ViewOf("T2").OtherVouchers);
            long v1 = ViewOf("T1").Version;
            db.ApplyBatch("T2", "acme", "S2", new[] { new TxRow(3, 3, 1772359400, "04112233", 0, 0, 50, 1, -200, 2, 0, 0) }, 105, true);
            Assert.AreEqual(0, ViewOf("T1").OtherVouchers, "the void gives the voucher back");
            Assert.IsTrue(ViewOf("T1").Version > v1, "change numbers grow");

            // Another tenant cannot take over a terminal.
            r = db.ApplyBatch("T1", "other", "S1", new[] { Earn(6, "04112233", 1) }, 106, true);
            Assert.IsNotNull(r.Refused);
            Assert.IsNotNull(db.ApplyBatch("T9", "acme", "S1", new[] { Earn(1, "04112233", 1) }, 106, false).Refused, "unknown terminal without auto-registration");

            (List<CardView> resync, long end) = db.ViewsChangedSince("acme", 0, "T1");
            CollectionAssert.AreEqual(new[] { "04445566", "04112233" }, resync.Select(c => c.Uid).ToArray(), "in change order");
            CollectionAssert.AreEqual(new[] { new CardView("04445566", 2, 0, 0), new CardView("04112233", end, 100, 0) }, resync, "T1's view (T2: +100 -50 +50), in change order");
            Assert.AreEqual(1, db.ViewsChangedSince("acme", 2, "T1").Cards.Count);
            Assert.AreEqual(0, db.ViewsChangedSince("acme", end, "T1").Cards.Count);

            long cfg = db.SetConfig("acme", v => "{\"v\":1,\"ver\":" + v + "}");
            Assert.AreEqual((cfg, "{\"v\":1,\"ver\":" + cfg + "}"), db.Config("acme"));
            long b1 = db.SetBlocked("acme", "04A1B2C3", true, 107);
            Assert.IsTrue(db.SetBlocked("acme", "04A1B2C3", false, 108) > b1);
            db.SetBlocked("acme", "04445566", true, 109);
            CollectionAssert.AreEqual(new[] { "04445566" }, db.Blocked("acme").Uids);

            db.RecordStatus("T1", true, 9, "0.1.0", 110);
            TerminalRow t1 = db.ListTerminals().Single(t => t.TerminalId == "T1");
            Assert.AreEqual(5L, t1.LastSeq);
            Assert.AreEqual(4L, t1.Backlog);
            Assert.AreEqual(true, t1.Online);
            Assert.AreEqual(8L, db.CountTransactions());
            Assert.AreEqual(1, db.CardHistory("04445566").Count);
            Assert.AreEqual(7, db.CardHistory("04112233").Count, "both terminals, oldest first");
        }

        [TestMethod]
        public void RulesHoldOnSqlite()
        {
            string dir = Directory.CreateTempSubdirectory("clouddb-").FullName;
            using (CloudDatabase db = CloudDatabase.Open(Path.Combine(dir, "cloud.db")))
            {
                Exercise(db);
            }

            Directory.Delete(dir, true);
        }

        [TestMethod]
        [Timeout(120_000)]
        public void RulesHoldOnPostgres()
        {
            using Postgres pg = Postgres.Start();
            using CloudDatabase db = CloudDatabase.Open(pg.ConnectionString);
            Assert.IsTrue(db.IsPostgres);
            Exercise(db);
            db.EnsureSchema();
        }

        [TestMethod]
        [Timeout(120_000)]
        public void TerminalIdsSortByteByByteOnPostgresWhateverTheServerLocale()
        {
            // The card-trust checks order rows by terminal id; SQLite compares bytes, so PostgreSQL
            // must too (its default would follow the server's locale, for example en_US).
            using Postgres pg = Postgres.Start();
            using (CloudDatabase db = CloudDatabase.Open(pg.ConnectionString))
            {
                db.EnsureSchema();
            }

            using Npgsql.NpgsqlConnection connection = new(pg.ConnectionString);
            connection.Open();
            using Npgsql.NpgsqlCommand command = new(
                "SELECT table_name, collation_name FROM information_schema.columns WHERE column_name = 'terminal_id' AND table_schema = 'public' ORDER BY table_name", connection);
            using Npgsql.NpgsqlDataReader r = command.ExecuteReader();
            int columns = 0;
            while (r.Read())
            {
                columns++;
                Assert.AreEqual("C", r.IsDBNull(1) ? "(database default)" : r.GetString(1), "terminal_id of " + r.GetString(0));
            }

            Assert.IsTrue(columns >= 6, "terminal_id columns: " + columns);
        }
    }
}
