#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Terminal.Core.Domain;
using Terminal.Core.Rules;
using Terminal.Core.Sync;

namespace Terminal.Core.Tests.Sync
{
    [TestClass]
    public class SyncCodecTests
    {
        private static byte[] Bytes(string s)
        {
            return System.Text.Encoding.UTF8.GetBytes(s);
        }

        private static string Text(JsonWriter w)
        {
            return System.Text.Encoding.UTF8.GetString(w.Buffer, 0, w.Length);
        }

        private static Transaction Earn(uint seq)
        {
            Transaction t = new Transaction();
            t.Kind = TransactionKind.Earn;
            t.Sequence = seq;
            t.Timestamp = 1772359200;
            t.Uid.Set(new byte[] { 0x04, 0xA1, 0xB2, 0xC3, 0xD4, 0xE5, 0xF6 }, 0, 7);
            t.AmountMinor = 1250;
            t.Category = 1;
            t.Points = 12;
            return t;
        }

        [TestMethod]
        public void BatchHasEveryFieldInAFixedOrder()
        {
            JsonWriter w = new JsonWriter(2048);
            SyncOptions o = new SyncOptions("T0001", "acme", "S01");
            SyncCodec.WriteBatch(w, o, new Transaction[] { Earn(7) }, 1);
            Assert.AreEqual(
                "{\"v\":1,\"tid\":\"T0001\",\"ten\":\"acme\",\"shop\":\"S01\",\"tx\":[{\"seq\":7,\"k\":1,\"ts\":1772359200,\"uid\":\"04A1B2C3D4E5F6\",\"amt\":1250,\"cat\":1,\"pts\":12,\"vch\":0,\"disc\":0,\"ref\":0,\"ctr\":0,\"fl\":0}]}",
                Text(w));
        }

        [TestMethod]
        public void BatchRoundTripsThroughTheReader()
        {
            Transaction a = Earn(1);
            Transaction b = new Transaction();
            b.Kind = TransactionKind.Void;
            b.Sequence = 2;
            b.Timestamp = 5;
            b.AmountMinor = -1250;
            b.Points = -12;
            b.Reference = 1;
            b.VoucherId = 20;
            b.DiscountMinor = -500;
            b.CardCounter = 99;
            b.Flags = 1;
            JsonWriter w = new JsonWriter(2048);
            SyncCodec.WriteBatch(w, new SyncOptions("T1", "t", "s"), new Transaction[] { a, b }, 2);
            Transaction[] into = new Transaction[] { new Transaction(), new Transaction(), new Transaction() };
            int count;
            string tid;
            SyncCodec c = new SyncCodec();
            Assert.IsTrue(c.ReadBatch(w.ToArray(), into, out count, out tid), c.Error);
            Assert.AreEqual(2, count);
            Assert.AreEqual("T1", tid);
            Assert.IsTrue(into[0].Uid.SameAs(a.Uid));
            Assert.AreEqual(0, into[1].Uid.Length);
            Assert.AreEqual(-1250, into[1].AmountMinor);
            Assert.AreEqual(1u, into[1].Reference);
            Assert.AreEqual((ushort)20, into[1].VoucherId);
            Assert.AreEqual(-500, into[1].DiscountMinor);
            Assert.AreEqual(99u, into[1].CardCounter);
            Assert.AreEqual((byte)1, into[1].Flags);
        }

        [TestMethod]
        public void AckWithAndWithoutGap()
        {
            JsonWriter w = new JsonWriter(128);
            SyncCodec.WriteAck(w, 41, 0);
            Assert.AreEqual("{\"v\":1,\"seq\":41}", Text(w));
            SyncCodec c = new SyncCodec();
            long seq;
            long gap;
            Assert.IsTrue(c.ReadAck(w.ToArray(), out seq, out gap));
            Assert.AreEqual(41L, seq);
            Assert.AreEqual(0L, gap);
            SyncCodec.WriteAck(w, 41, 80);
            Assert.IsTrue(c.ReadAck(w.ToArray(), out seq, out gap));
            Assert.AreEqual(80L, gap);
            Assert.IsTrue(c.ReadAck(Bytes("{\"seq\":3,\"future\":{\"x\":[1]},\"v\":1}"), out seq, out gap), "unknown members are skipped");
            Assert.AreEqual(3L, seq);
        }

        [TestMethod]
        public void AckRefusals()
        {
            SyncCodec c = new SyncCodec();
            long seq;
            long gap;
            string[] bad = new string[]
            {
                "{\"v\":1}", "{\"seq\":1}", "{\"v\":2,\"seq\":1}", "{\"v\":1,\"seq\":-1}", "{\"v\":1,\"seq\":\"1\"}",
                "{\"v\":1,\"seq\":1.0}", "{\"v\":1,\"seq\":99999999999}", "[1]", "{\"v\":1,\"seq\":1}x", "null",
            };
            for (int i = 0; i < bad.Length; i++)
            {
                Assert.IsFalse(c.ReadAck(Bytes(bad[i]), out seq, out gap), bad[i]);
                Assert.IsNotNull(c.Error);
            }
        }

        [TestMethod]
        public void ConfigRoundTrips()
        {
            EarnRules rules = new EarnRules(2, 100, Rounding.HalfUp, 500, new string[] { "General", "Caf\u00e9" }, new int[] { 100, 150 }, new Promotion[] { new Promotion(10, 20, 200, -1) });
            VoucherCatalog catalog = new VoucherCatalog(new Voucher[] { new Voucher(3, "Gift", 100, VoucherKind.Percent, 10, 99) });
            JsonWriter w = new JsonWriter(2048);
            SyncCodec.WriteConfig(w, 7, rules, catalog);
            SyncCodec c = new SyncCodec();
            long version;
            EarnRules r;
            VoucherCatalog k;
            Assert.IsTrue(c.ReadConfig(w.ToArray(), out version, out r, out k), c.Error);
            Assert.AreEqual(7L, version);
            Assert.AreEqual(2, r.PointsPerUnit);
            Assert.AreEqual(Rounding.HalfUp, r.Rounding);
            Assert.AreEqual(500, r.MinimumSpendMinor);
            Assert.AreEqual("Caf\u00e9", r.CategoryNames[1]);
            Assert.AreEqual(150, r.CategoryPercent[1]);
            Assert.AreEqual(1, r.Promotions.Length);
            Assert.AreEqual(-1, r.Promotions[0].Category);
            Assert.AreEqual(1, k.Count);
            Assert.AreEqual(VoucherKind.Percent, k.At(0).Kind);
            Assert.AreEqual(99u, k.At(0).ExpiresUnix);
        }

        [TestMethod]
        public void ConfigRefusesInvalidValuesWithoutThrowing()
        {
            string good = "{\"v\":1,\"ver\":1,\"rules\":{\"ppu\":1,\"mpu\":100,\"rnd\":0,\"min\":0,\"cats\":[\"G\"],\"pct\":[100],\"promos\":[]},\"vouchers\":[]}";
            SyncCodec c = new SyncCodec();
            long version;
            EarnRules r;
            VoucherCatalog k;
            Assert.IsTrue(c.ReadConfig(Bytes(good), out version, out r, out k), c.Error);
            string[] bad = new string[]
            {
                "{\"v\":1,\"ver\":1,\"rules\":{\"ppu\":1,\"mpu\":0,\"rnd\":0,\"min\":0,\"cats\":[\"G\"],\"pct\":[100],\"promos\":[]},\"vouchers\":[]}",
                "{\"v\":1,\"ver\":1,\"rules\":{\"ppu\":1,\"mpu\":100,\"rnd\":3,\"min\":0,\"cats\":[\"G\"],\"pct\":[100],\"promos\":[]},\"vouchers\":[]}",
                "{\"v\":1,\"ver\":1,\"rules\":{\"ppu\":1,\"mpu\":100,\"rnd\":0,\"min\":0,\"cats\":[\"G\",\"H\"],\"pct\":[100],\"promos\":[]},\"vouchers\":[]}",
                "{\"v\":1,\"ver\":1,\"rules\":{\"ppu\":1,\"mpu\":100,\"rnd\":0,\"min\":0,\"cats\":[],\"pct\":[],\"promos\":[]},\"vouchers\":[]}",
                "{\"v\":1,\"ver\":1,\"rules\":{\"ppu\":1,\"mpu\":100,\"rnd\":0,\"min\":0,\"cats\":[\"G\"],\"pct\":[100],\"promos\":[]},\"vouchers\":[{\"id\":1,\"name\":\"x\",\"cost\":5,\"kind\":1,\"val\":101,\"exp\":0}]}",
                "{\"v\":1,\"ver\":1,\"rules\":{\"ppu\":1,\"mpu\":100,\"rnd\":0,\"min\":0,\"cats\":[\"G\"],\"pct\":[100],\"promos\":[]},\"vouchers\":[{\"id\":0,\"name\":\"x\",\"cost\":5,\"kind\":0,\"val\":1,\"exp\":0}]}",
                "{\"v\":1,\"ver\":1,\"rules\":{\"ppu\":1,\"mpu\":100,\"rnd\":0,\"min\":0,\"cats\":[1],\"pct\":[100],\"promos\":[]},\"vouchers\":[]}",
                "{\"v\":1,\"rules\":{\"ppu\":1,\"mpu\":100,\"rnd\":0,\"min\":0,\"cats\":[\"G\"],\"pct\":[100],\"promos\":[]},\"vouchers\":[]}",
                "{\"v\":1,\"ver\":1,\"vouchers\":[]}",
                "{\"v\":1,\"ver\":1,\"rules\":{\"ppu\":1,\"mpu\":100,\"rnd\":0,\"min\":0,\"cats\":[\"G\"],\"pct\":[100],\"promos\":[{\"from\":1,\"to\":2,\"pct\":200,\"cat\":10}]},\"vouchers\":[]}",
            };
            for (int i = 0; i < bad.Length; i++)
            {
                Assert.IsFalse(c.ReadConfig(Bytes(bad[i]), out version, out r, out k), "case " + i.ToString());
                Assert.IsNotNull(c.Error);
            }
        }

        [TestMethod]
        public void BlockedListReadsKeysOfUpperCaseHexUids()
        {
            JsonWriter w = new JsonWriter(512);
            SyncCodec.WriteBlocked(w, 3, new string[] { "04A1B2C3", "04A1B2C3D4E5F6" });
            Assert.AreEqual("{\"v\":1,\"ver\":3,\"uids\":[\"04A1B2C3\",\"04A1B2C3D4E5F6\"]}", Text(w));
            ulong[] keys = new ulong[4];
            int count;
            long version;
            SyncCodec c = new SyncCodec();
            Assert.IsTrue(c.ReadBlocked(w.ToArray(), keys, out count, out version), c.Error);
            Assert.AreEqual(2, count);
            Assert.AreEqual(3L, version);
            Assert.AreEqual(CardUid.KeyOf(new byte[] { 0x04, 0xA1, 0xB2, 0xC3 }, 0, 4), keys[0]);
            Assert.IsFalse(c.ReadBlocked(Bytes("{\"v\":1,\"ver\":3,\"uids\":[\"04a1b2c3\"]}"), keys, out count, out version));
            Assert.IsFalse(c.ReadBlocked(Bytes("{\"v\":1,\"ver\":3,\"uids\":[\"04A1B2\"]}"), keys, out count, out version));
            Assert.IsFalse(c.ReadBlocked(Bytes("{\"v\":1,\"ver\":3,\"uids\":[\"04A1B2C3\",\"04A1B2C3\",\"04A1B2C3\",\"04A1B2C3\",\"04A1B2C3\"]}"), keys, out count, out version), "longer than the buffer");
            Assert.IsFalse(c.ReadBlocked(Bytes("{\"v\":1,\"ver\":0,\"uids\":[]}"), keys, out count, out version));
        }

        [TestMethod]
        public void BalancesCarryTheirChangeRange()
        {
            JsonWriter w = new JsonWriter(512);
            SyncCodec.BeginBalances(w, 39, 40);
            SyncCodec.WriteCard(w, "04A1B2C3", 12, -30, 1);
            SyncCodec.EndBalances(w);
            Assert.AreEqual("{\"v\":1,\"from\":39,\"end\":40,\"cards\":[{\"uid\":\"04A1B2C3\",\"ver\":12,\"oth\":-30,\"vu\":1}]}", Text(w));
            BalanceBatch b = new BalanceBatch(2);
            SyncCodec c = new SyncCodec();
            Assert.IsTrue(c.ReadBalances(w.ToArray(), b), c.Error);
            Assert.AreEqual(1, b.Count);
            Assert.AreEqual(39L, b.From);
            Assert.AreEqual(40L, b.End);
            Assert.AreEqual(-30, b.At(0).OtherPoints);
            Assert.AreEqual(12L, b.At(0).Version);
            Assert.IsTrue(c.ReadBalances(Bytes("{\"v\":1,\"cards\":[],\"end\":9,\"from\":0}"), b), c.Error);
            Assert.AreEqual(0, b.Count);
            Assert.AreEqual(9L, b.End);
            Assert.IsFalse(c.ReadBalances(Bytes("{\"v\":1,\"cards\":[]}"), b), "no range");
            Assert.IsFalse(c.ReadBalances(Bytes("{\"v\":1,\"from\":3,\"cards\":[]}"), b), "no end");
            Assert.IsFalse(c.ReadBalances(Bytes("{\"v\":1,\"end\":3,\"cards\":[]}"), b), "no from");
            Assert.IsFalse(c.ReadBalances(Bytes("{\"v\":1,\"from\":3,\"end\":3,\"cards\":[]}"), b), "empty range");
            Assert.AreEqual("from must be below end", c.Error);
            Assert.IsFalse(c.ReadBalances(Bytes("{\"v\":1,\"from\":0,\"end\":3,\"cards\":[{\"uid\":\"04A1B2C3\",\"ver\":1,\"oth\":1,\"vu\":0},{\"uid\":\"04A1B2C3\",\"ver\":1,\"oth\":1,\"vu\":0},{\"uid\":\"04A1B2C3\",\"ver\":1,\"oth\":1,\"vu\":0}]}"), b), "more than fit");
            Assert.IsFalse(c.ReadBalances(Bytes("{\"v\":1,\"from\":0,\"end\":3,\"cards\":[{\"uid\":\"04A1B2C3\",\"ver\":1,\"oth\":1}]}"), b), "missing vu");
            Assert.IsFalse(c.ReadBalances(Bytes("{\"v\":1,\"from\":0,\"end\":3,\"cards\":[{\"uid\":\"04A1B2C3\",\"ver\":1,\"oth\":9999999999,\"vu\":0}]}"), b), "oth beyond int");
        }
    }
}
