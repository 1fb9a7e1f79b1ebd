using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Terminal.Cloud;
using Terminal.Core.Domain;
using Terminal.Core.Rules;
using Terminal.Core.Sync;

namespace Terminal.Sync.Tests
{
    /// <summary>
    /// Pins the bytes of every payload (tests/golden/sync/*.json) and checks that the terminal's
    /// hand-written codec and the cloud's System.Text.Json codec produce and accept the same bytes.
    /// UPDATE_GOLDEN=1 rewrites the files from the core writer (review the diff).
    /// </summary>
    [TestClass]
    public class GoldenPayloadTests
    {
        private static readonly SyncOptions Terminal1 = new("T0001", "acme", "S01");

        private static readonly TxRow[] Rows =
        {
            new(41, 4, 1772359200, "04A1B2C3D4E5F6", 0, 0, 0, 0, 0, 0, 0, 0),
            new(42, 1, 1772359200, "04A1B2C3D4E5F6", 2599, 1, 25, 0, 0, 0, 17, 0),
            new(43, 2, 1772359260, "04A1B2C3D4E5F6", 0, 0, -50, 1, 200, 0, 18, 0),
            new(44, 3, 1772359300, "04A1B2C3D4E5F6", 0, 0, 50, 1, -200, 43, 0, 0),
            new(45, 5, 1772359400, null, 1250, 3, 0, 0, 0, 0, 0, 1),
        };

        private static string GoldenDir
        {
            get
            {
                // Source tree first (so UPDATE_GOLDEN writes where git sees it), then the copy beside the test assembly.
                string? dir = AppContext.BaseDirectory;
                while (dir != null && !Directory.Exists(Path.Combine(dir, "tests", "golden", "sync")))
                {
                    dir = Path.GetDirectoryName(dir);
                }

                return dir != null ? Path.Combine(dir, "tests", "golden", "sync") : Path.Combine(AppContext.BaseDirectory, "golden");
            }
        }

        private static void Pin(string name, byte[] actual)
        {
            string path = Path.Combine(GoldenDir, name);
            if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
            {
                File.WriteAllBytes(path, actual);
            }

            Assert.IsTrue(File.Exists(path), "missing golden file " + path);
            byte[] expected = File.ReadAllBytes(path);
            Assert.AreEqual(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual), name);
            CollectionAssert.AreEqual(expected, actual, name + " bytes");
        }

        private static byte[] Golden(string name) => File.ReadAllBytes(Path.Combine(GoldenDir, name));

        private static Transaction ToTransaction(TxRow r)
        {
            Transaction t = new()
            {
                Kind = (TransactionKind)r.Kind,
                Sequence = (uint)r.Seq,
                Timestamp = (uint)r.Ts,
                AmountMinor = r.Amount,
                Category = (byte)r.Category,
                Points = r.Points,
                VoucherId = (ushort)r.Voucher,
                DiscountMinor = r.Discount,
                Reference = (uint)r.Reference,
                CardCounter = (uint)r.Counter,
                Flags = (byte)r.Flags,
            };
            if (r.Uid != null)
            {
                byte[] b = Convert.FromHexString(r.Uid);
                t.Uid.Set(b, 0, b.Length);
            }

            return t;
        }

        private static EarnRules Rules() => new(1, 100, Rounding.Down, 100, new[] { "General", "Beauté", "Fashion", "Accessories" }, new[] { 100, 100, 100, 150 },
            new[] { new Promotion(1772323200, 1772496000, 200, Promotion.AllCategories) });

        private static VoucherCatalog Catalog() => new(new[]
        {
            new Voucher(1, "Welcome 2.00 €", 50, VoucherKind.FixedAmount, 200, 0),
            new Voucher(21, "10% \"VIP\"", 400, VoucherKind.Percent, 10, 1793491200),
        });

        [TestMethod]
        public void TransactionBatch()
        {
            JsonWriter w = new(8192);
            SyncCodec.WriteBatch(w, Terminal1, Rows.Select(ToTransaction).ToArray(), Rows.Length);
            Pin("batch.json", w.ToArray());
            CollectionAssert.AreEqual(w.ToArray(), CloudCodec.WriteBatch("T0001", "acme", "S01", Rows), "the cloud's writer agrees");
            CloudCodec.Batch b = CloudCodec.ReadBatch(Golden("batch.json"));
            Assert.AreEqual("T0001", b.TerminalId);
            Assert.AreEqual("acme", b.TenantId);
            Assert.AreEqual("S01", b.ShopId);
            CollectionAssert.AreEqual(Rows, b.Rows, "System.Text.Json reads what the terminal wrote");
        }

        [TestMethod]
        public void CardEvidenceBatch()
        {
            // Enrol with its serial, the evidence right after it (signature as 64 hex digits, no time of its own), then the Earn.
            string sig = string.Concat(Enumerable.Range(0, 32).Select(i => ((i * 37) & 0xFF).ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
            TxRow[] rows =
            {
                new(41, 4, 1772359200, "04A1B2C3D4E5F6", 0, 0, 0, 0, 0, 1048577, 3, 0),
                new(42, 7, 0, "04A1B2C3D4E5F6", 0, 0, 0, 0, 0, 0, 0, 0, sig),
                new(43, 1, 1772359200, "04A1B2C3D4E5F6", 2599, 1, 25, 0, 0, 0, 3, 0),
            };
            Transaction[] txs = rows.Select(ToTransaction).ToArray();
            Array.Copy(Convert.FromHexString(sig), txs[1].Evidence, 32);
            JsonWriter w = new(8192);
            SyncCodec.WriteBatch(w, Terminal1, txs, txs.Length);
            Pin("batch-evidence.json", w.ToArray());
            CollectionAssert.AreEqual(w.ToArray(), CloudCodec.WriteBatch("T0001", "acme", "S01", rows), "the cloud's writer agrees");
            CollectionAssert.AreEqual(rows, CloudCodec.ReadBatch(Golden("batch-evidence.json")).Rows, "System.Text.Json reads what the terminal wrote");
            SyncCodec codec = new();
            Transaction[] back = { new(), new(), new() };
            Assert.IsTrue(codec.ReadBatch(Golden("batch-evidence.json"), back, out int count, out _), codec.Error);
            Assert.AreEqual(3, count);
            CollectionAssert.AreEqual(txs[1].Evidence, back[1].Evidence);
            string text = Encoding.UTF8.GetString(Golden("batch-evidence.json"));
            foreach (string bad in new[] { text.Replace(",\"sig\":\"" + sig + "\"", string.Empty), text.Replace(sig, sig[..62]), text.Replace(sig, sig.ToLowerInvariant()), text.Replace("\"k\":7,\"ts\":0,\"uid\":\"04A1B2C3D4E5F6\"", "\"k\":7,\"ts\":0,\"uid\":\"04A1B2C3\"") })
            {
                byte[] b = Encoding.UTF8.GetBytes(bad);
                Assert.IsFalse(codec.ReadBatch(b, back, out _, out _), "core accepted: " + bad);
                Assert.ThrowsExactly<PayloadException>(() => CloudCodec.ReadBatch(b), "cloud accepted: " + bad);
            }
        }

        [TestMethod]
        public void StatusAndWill()
        {
            JsonWriter w = new(1024);
            SyncCodec.WriteStatus(w, Terminal1, 45, 40, 1234, 128, 7, 3);
            Pin("status.json", w.ToArray());
            CollectionAssert.AreEqual(w.ToArray(), CloudCodec.WriteStatus("T0001", "acme", "S01", 45, 40, 1234, 7, 3, "0.1.0", 128));
            CloudCodec.Status s = CloudCodec.ReadStatus(Golden("status.json"), "T0001");
            Assert.AreEqual(new CloudCodec.Status(true, "acme", "S01", 45, 40, 1234, "0.1.0", 128), s);
            SyncCodec.WriteOffline(w, Terminal1);
            Pin("status-offline.json", w.ToArray());
            Assert.IsFalse(CloudCodec.ReadStatus(Golden("status-offline.json"), "T0001").Online);
        }

        [TestMethod]
        public void Acknowledgements()
        {
            JsonWriter w = new(256);
            SyncCodec.WriteAck(w, 44, 0);
            Pin("ack.json", w.ToArray());
            CollectionAssert.AreEqual(w.ToArray(), CloudCodec.WriteAck(44, 0));
            SyncCodec.WriteAck(w, 44, 77);
            Pin("ack-gap.json", w.ToArray());
            CollectionAssert.AreEqual(w.ToArray(), CloudCodec.WriteAck(44, 77));
            SyncCodec codec = new();
            Assert.IsTrue(codec.ReadAck(Golden("ack-gap.json"), out long seq, out long gap));
            Assert.AreEqual(44L, seq);
            Assert.AreEqual(77L, gap);
        }

        [TestMethod]
        public void Balances()
        {
            // The changes (811, 813]: both cards whose latest change lies in it.
            CardView[] cards = { new("04A1B2C3D4E5F6", 812, 350, 1), new("04112233", 813, -20, 0) };
            JsonWriter w = new(1024);
            SyncCodec.BeginBalances(w, 811, 813);
            foreach (CardView c in cards)
            {
                SyncCodec.WriteCard(w, c.Uid, c.Version, c.OtherPoints, c.OtherVouchers);
            }

            SyncCodec.EndBalances(w);
            Pin("balance.json", w.ToArray());
            CollectionAssert.AreEqual(w.ToArray(), CloudCodec.WriteBalances(cards, 811, 813), "the cloud's writer agrees");

            // No card: a range whose only change does not alter the receiver's view (its own transaction).
            SyncCodec.BeginBalances(w, 813, 814);
            SyncCodec.EndBalances(w);
            Pin("balance-empty.json", w.ToArray());
            CollectionAssert.AreEqual(w.ToArray(), CloudCodec.WriteBalances(Array.Empty<CardView>(), 813, 814), "the cloud's writer agrees (no card)");

            BalanceBatch batch = new(8);
            SyncCodec codec = new();
            Assert.IsTrue(codec.ReadBalances(Golden("balance.json"), batch), codec.Error);
            Assert.AreEqual(2, batch.Count);
            Assert.AreEqual(811L, batch.From);
            Assert.AreEqual(813L, batch.End);
            Assert.AreEqual(CardUid.KeyOf(Convert.FromHexString("04A1B2C3D4E5F6"), 0, 7), batch.At(0).Key);
            Assert.AreEqual(812L, batch.At(0).Version);
            Assert.AreEqual(-20, batch.At(1).OtherPoints);
            Assert.IsTrue(codec.ReadBalances(Golden("balance-empty.json"), batch), codec.Error);
            Assert.AreEqual(0, batch.Count);
            Assert.AreEqual(813L, batch.From);
            Assert.AreEqual(814L, batch.End);

            // The cloud never writes a range the terminal would refuse.
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => CloudCodec.WriteBalances(cards, 813, 813));
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => CloudCodec.WriteBalances(cards, -1, 813));
        }

        [TestMethod]
        public void BlockedList()
        {
            byte[] cloud = CloudCodec.WriteBlocked(3, new[] { "04112233", "04A1B2C3D4E5F6" });
            JsonWriter w = new(1024);
            SyncCodec.WriteBlocked(w, 3, new[] { "04112233", "04A1B2C3D4E5F6" });
            Pin("blocked.json", w.ToArray());
            CollectionAssert.AreEqual(w.ToArray(), cloud);
            ulong[] keys = new ulong[4];
            Assert.IsTrue(new SyncCodec().ReadBlocked(Golden("blocked.json"), keys, out int count, out long version));
            Assert.AreEqual(2, count);
            Assert.AreEqual(3L, version);
        }

        [TestMethod]
        public void Configuration()
        {
            JsonWriter w = new(4096);
            SyncCodec.WriteConfig(w, 7, Rules(), Catalog());
            Pin("config.json", w.ToArray());
            Assert.AreEqual(7L, CloudCodec.ReadConfigVersion(Golden("config.json")));
            SyncCodec codec = new();
            Assert.IsTrue(codec.ReadConfig(Golden("config.json"), out long version, out EarnRules rules, out VoucherCatalog catalog), codec.Error);
            Assert.AreEqual("Beauté", rules.CategoryNames[1]);
            Assert.AreEqual("Welcome 2.00 €", catalog.At(0).Name);
            Assert.AreEqual("10% \"VIP\"", catalog.At(1).Name);

            // System.Text.Json writing the same document (relaxed escaping) gives the same bytes.
            using System.Text.Json.JsonDocument doc = System.Text.Json.JsonDocument.Parse(Golden("config.json"));
            System.Buffers.ArrayBufferWriter<byte> buffer = new();
            using (System.Text.Json.Utf8JsonWriter sw = new(buffer, new System.Text.Json.JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                doc.WriteTo(sw);
            }

            CollectionAssert.AreEqual(Golden("config.json"), buffer.WrittenSpan.ToArray());
        }

        [TestMethod]
        public void BothSidesRefuseTheSameGarbage()
        {
            string[] garbage =
            {
                "", "{", "[]", "null", "{\"v\":2,\"tid\":\"T0001\",\"ten\":\"acme\",\"shop\":\"S01\",\"tx\":[]}",
                "{\"v\":1,\"tid\":\"T0001\",\"ten\":\"acme\",\"shop\":\"S01\",\"tx\":[{\"seq\":1.5}]}",
                "{\"v\":1,\"tid\":\"T0001\",\"ten\":\"acme\",\"shop\":\"S01\",\"tx\":[{\"seq\":1,\"k\":9,\"ts\":0,\"uid\":\"\",\"amt\":0,\"cat\":0,\"pts\":0,\"vch\":0,\"disc\":0,\"ref\":0,\"ctr\":0,\"fl\":0}]}",
                "{\"v\":1,\"tid\":\"T0001\",\"ten\":\"acme\",\"shop\":\"S01\",\"tx\":[{\"seq\":1,\"k\":1,\"ts\":0,\"uid\":\"04zz\",\"amt\":0,\"cat\":0,\"pts\":0,\"vch\":0,\"disc\":0,\"ref\":0,\"ctr\":0,\"fl\":0}]}",
                "{\"v\":1,\"tid\":\"T0001\",\"ten\":\"acme\",\"shop\":\"S01\",\"tx\":[{\"seq\":1,\"k\":1,\"ts\":0,\"uid\":\"\",\"amt\":0,\"cat\":0,\"pts\":0,\"vch\":0,\"disc\":0,\"ref\":0,\"ctr\":0}]}",
                "{\"v\":1,\"tid\":\"T0001\",\"ten\":\"acme\",\"shop\":\"S01\",\"tx\":[]} trailing",
            };
            SyncCodec codec = new();
            Transaction[] into = Enumerable.Range(0, 4).Select(_ => new Transaction()).ToArray();
            foreach (string g in garbage)
            {
                byte[] b = Encoding.UTF8.GetBytes(g);
                Assert.IsFalse(codec.ReadBatch(b, into, out _, out _), "core accepted: " + g);
                Assert.ThrowsExactly<PayloadException>(() => CloudCodec.ReadBatch(b), "cloud accepted: " + g);
            }
        }
    }
}
