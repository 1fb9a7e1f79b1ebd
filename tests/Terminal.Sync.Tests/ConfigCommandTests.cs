using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using MQTTnet;
using Terminal.Cloud;
using Terminal.Core.Domain;
using Terminal.Core.Flow;
using Terminal.Core.Ledger;
using Terminal.Core.Rules;
using Terminal.Core.Sync;
using Terminal.Core.Tests.Fakes;
using Terminal.Host.Mqtt;
using Terminal.Sync.Tests.Infrastructure;

namespace Terminal.Sync.Tests
{
    /// <summary>
    /// The <c>config</c> command of the cloud CLI: a retailer's file, validated with the field named,
    /// becomes the wire payload the terminal's own codec reads, and reaches a terminal through a real
    /// mosquitto, the cloud service and the core sync engine, where the flow earns with it.
    /// </summary>
    [TestClass]
    public class ConfigCommandTests
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
        private static readonly byte[] Alice = { 0x04, 0xA1, 0xB2, 0xC3 };

        /// <summary>Sat 2026-03-07 12:00 UTC: inside the test file's weekend promotion.</summary>
        private const uint InPromotion = 1772884800;

        /// <summary>Mon 2026-03-09 12:00 UTC: after it.</summary>
        private const uint AfterPromotion = 1773057600;

        /// <summary>
        /// Double points for every category on the weekend of 7-8 March 2026, rounding up, and a
        /// catalogue whose first entry did not exist in the terminal's defaults.
        /// </summary>
        private const string WeekendFile = """
            {
              "rules": {
                "pointsPerUnit": 1, "minorPerUnit": 100, "rounding": "up", "minimumSpendMinor": 500,
                "categories": [ { "name": "General", "multiplierPercent": 100 }, { "name": "Beauty", "multiplierPercent": 100 } ],
                "promotions": [ { "from": "2026-03-07", "to": "2026-03-09", "multiplierPercent": 200, "category": "all" } ]
              },
              "vouchers": [
                { "id": 2, "name": "Gift 7.00", "cost": 40, "type": "fixed", "value": 700, "expires": null },
                { "id": 30, "name": "15% off", "cost": 500, "type": "percent", "value": 15, "expires": "2026-12-31T23:59:59Z" }
              ]
            }
            """;

        public TestContext TestContext { get; set; } = null!;

        private static string Golden(string name) => Path.Combine(AppContext.BaseDirectory, "golden", name);

        [TestMethod]
        public void DocumentedFileBecomesTheGoldenWirePayloadByteForByte()
        {
            (EarnRules rules, VoucherCatalog catalog) = ConfigFile.Parse(File.ReadAllText(Golden("config-file.json")));
            byte[] payload = ConfigFile.Payload(7, rules, catalog);
            byte[] golden = File.ReadAllBytes(Golden("config.json"));
            Assert.AreEqual(Encoding.UTF8.GetString(golden), Encoding.UTF8.GetString(payload));
            CollectionAssert.AreEqual(golden, payload);

            SyncCodec codec = new();
            Assert.IsTrue(codec.ReadConfig(payload, out long version, out EarnRules r, out VoucherCatalog k), codec.Error);
            Assert.AreEqual(7L, version);
            Assert.AreEqual(1, r.PointsPerUnit);
            Assert.AreEqual(100, r.MinorPerUnit);
            Assert.AreEqual(Rounding.Down, r.Rounding);
            Assert.AreEqual(100, r.MinimumSpendMinor);
            CollectionAssert.AreEqual(new[] { "General", "Beauté", "Fashion", "Accessories" }, r.CategoryNames);
            CollectionAssert.AreEqual(new[] { 100, 100, 100, 150 }, r.CategoryPercent);
            Assert.AreEqual(1, r.Promotions.Length);
            Assert.AreEqual(1772323200u, r.Promotions[0].StartUnix);
            Assert.AreEqual(1772496000u, r.Promotions[0].EndUnix);
            Assert.AreEqual(200, r.Promotions[0].MultiplierPercent);
            Assert.AreEqual(Promotion.AllCategories, r.Promotions[0].Category);
            Assert.AreEqual(2, k.Count);
            Assert.AreEqual("10% \"VIP\"", k.At(1).Name);
            Assert.AreEqual(VoucherKind.Percent, k.At(1).Kind);
            Assert.AreEqual(1793491200u, k.At(1).ExpiresUnix);
        }

        [TestMethod]
        public void ShownConfigurationPushesBackToTheSamePayload()
        {
            (EarnRules rules, VoucherCatalog catalog) = ConfigFile.Parse(WeekendFile);
            byte[] payload = ConfigFile.Payload(3, rules, catalog);
            (long version, EarnRules r2, VoucherCatalog k2) = ConfigFile.FromPayload(payload);
            string shown = ConfigFile.ToFile(version, r2, k2);
            (EarnRules r3, VoucherCatalog k3) = ConfigFile.Parse(shown);
            CollectionAssert.AreEqual(payload, ConfigFile.Payload(3, r3, k3), shown);
        }

        [TestMethod]
        [DataRow("\"type\": \"percent\", \"value\": 15", "\"type\": \"percent\", \"value\": 150", "vouchers[1].value")]
        [DataRow("\"rounding\": \"up\"", "\"rounding\": \"nearest\"", "rules.rounding")]
        [DataRow("\"minimumSpendMinor\": 500,", "", "rules.minimumSpendMinor: missing")]
        [DataRow("\"cost\": 40,", "", "vouchers[0].cost: missing")]
        [DataRow("\"to\": \"2026-03-09\"", "\"to\": \"2026-03-06\"", "rules.promotions[0].to")]
        [DataRow("\"from\": \"2026-03-07\"", "\"from\": \"2026-03-07T00:00:00\"", "rules.promotions[0].from")]
        [DataRow("\"category\": \"all\"", "\"category\": \"Shoes\"", "rules.promotions[0].category")]
        [DataRow("\"id\": 30", "\"id\": 2", "vouchers[1].id")]
        [DataRow("\"minorPerUnit\": 100", "\"minorPerUnit\": 0", "rules.minorPerUnit")]
        [DataRow("\"expires\": null", "\"expire\": null", "vouchers[0].expire: unknown field")]
        [DataRow("\"pointsPerUnit\": 1,", "\"pointsPerUnit\": 1.5,", "rules.pointsPerUnit")]
        public void InvalidFileNamesTheField(string good, string bad, string field)
        {
            Assert.IsTrue(WeekendFile.Contains(good), "test case does not apply: " + good);
            ConfigFileException e = Assert.ThrowsExactly<ConfigFileException>(() => ConfigFile.Parse(WeekendFile.Replace(good, bad)));
            StringAssert.Contains(e.Message, field);
        }

        [TestMethod]
        [Timeout(120_000)]
        public async Task PushedFileReachesTheTerminalAndTheFlowEarnsDoublePointsAndSellsTheNewVoucher()
        {
            using Mosquitto broker = Mosquitto.Start();
            string db = Path.Combine(broker.Directory, "cloud.db");
            ConcurrentQueue<string> logs = new();
            await using CloudService cloud = await CloudService.StartAsync(new CloudOptions { BrokerHost = "127.0.0.1", BrokerPort = broker.Port, Database = db, Log = logs.Enqueue });
            await cloud.WaitConnectedAsync();

            TestTerminal t = new();
            t.Clock.UnixSeconds = InPromotion;
            using MqttNetCloudLink link = new(new MqttLinkOptions { Host = "127.0.0.1", Port = broker.Port, ClientId = "T1" }, logs.Enqueue);
            SyncEngine engine = new(t.Ledger, link, new SyncOptions("T1", "acme", "S1") { StatusIntervalMs = 200 }, t.Clock);
            engine.Start();
            try
            {
                // The cloud learns the terminal from its status (auto-registration), so the push finds it.
                await PumpUntil(t, engine, () => Registered(db, "T1"), "registration", logs);
                Assert.AreEqual(0L, engine.ConfigVersion);

                string file = Path.Combine(broker.Directory, "weekend.json");
                File.WriteAllText(file, WeekendFile);
                StringWriter output = new();
                StringWriter error = new();
                int rc = await ConfigCommand.PushAsync("acme", file, AdminOptions(broker, db), TimeSpan.FromSeconds(10), output, error);
                Assert.AreEqual(ConfigCommand.Ok, rc, error.ToString());
                StringAssert.Contains(output.ToString(), "version 1");
                StringAssert.Contains(output.ToString(), "1 terminal(s)");

                await PumpUntil(t, engine, () => engine.ConfigVersion == 1, "configuration version 1 at the terminal", logs);
                engine.ApplyConfigTo(t.Flow);

                // 25.99 in Beauty on the promotion weekend: 25.99 × 2 = 51.98, rounded up = 52 (the defaults would give 25).
                t.Press("A2599#1");
                t.Tap(Alice);
                Assert.IsTrue(t.Display.Shows("+52 pts"), t.Display.Last);
                Assert.AreEqual(52, Last(t).Points);
                t.WaitForIdle();

                // After the weekend: single points, still rounded up (12.01 → 13).
                t.Clock.UnixSeconds = AfterPromotion;
                t.Press("A1201#1");
                t.Tap(Alice);
                Assert.AreEqual(13, Last(t).Points);
                t.WaitForIdle();

                // Below the new minimum spend (5.00): nothing.
                t.Press("A499#1");
                t.Tap(Alice);
                Assert.AreEqual(499, Last(t).AmountMinor);
                Assert.AreEqual(0, Last(t).Points);
                t.WaitForIdle();

                // Voucher 1 of the new catalogue is "Gift 7.00" for 40 points (not in the defaults).
                t.Press("B");
                Assert.IsTrue(t.Display.Shows("1 Gift 7.00"), t.Display.Last);
                t.Press("1");
                t.Tap(Alice);
                Assert.IsTrue(t.Display.Shows("Give 7.00 EUR"), t.Display.Last);
                Transaction redeem = Last(t);
                Assert.AreEqual((int)TransactionKind.Redeem, (int)redeem.Kind);
                Assert.AreEqual((ushort)2, redeem.VoucherId);
                Assert.AreEqual(-40, redeem.Points);
                Assert.AreEqual(700, redeem.DiscountMinor);

                // What --show prints is what the terminal runs.
                StringWriter shown = new();
                Assert.AreEqual(ConfigCommand.Ok, ConfigCommand.Show("acme", db, shown, new StringWriter()));
                StringAssert.Contains(shown.ToString(), "\"version\": 1");
                StringAssert.Contains(shown.ToString(), "Gift 7.00");
                StringAssert.Contains(shown.ToString(), "\"rounding\": \"up\"");
            }
            finally
            {
                engine.Stop();
            }
        }

        [TestMethod]
        [Timeout(120_000)]
        public async Task InvalidFilesAreRefusedWithTheFieldNamedAndNothingIsPublished()
        {
            using Mosquitto broker = Mosquitto.Start();
            string db = Path.Combine(broker.Directory, "cloud.db");
            using (CloudDatabase d = CloudDatabase.Open(db))
            {
                d.RegisterTerminal("T1", "acme", "S1");
            }

            ConcurrentQueue<string> seen = new();
            using IMqttClient spy = new MqttClientFactory().CreateMqttClient();
            spy.ApplicationMessageReceivedAsync += e =>
            {
                seen.Enqueue(e.ApplicationMessage.Topic);
                return Task.CompletedTask;
            };
            await spy.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithClientId("spy").Build());
            await spy.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("loyalty/+/down/config").Build());

            (string Bad, string Field)[] cases =
            {
                (WeekendFile.Replace("\"value\": 15", "\"value\": 150"), "vouchers[1].value"),
                (WeekendFile.Replace("\"rounding\": \"up\"", "\"rounding\": \"nearest\""), "rules.rounding"),
                (WeekendFile.Replace("\"minimumSpendMinor\": 500,", string.Empty), "rules.minimumSpendMinor"),
                ("{ \"rules\": ", "(file)"),
            };
            for (int i = 0; i < cases.Length; i++)
            {
                string file = Path.Combine(broker.Directory, "bad" + i + ".json");
                File.WriteAllText(file, cases[i].Bad);
                StringWriter error = new();
                int rc = await ConfigCommand.PushAsync("acme", file, AdminOptions(broker, db), TimeSpan.FromSeconds(10), new StringWriter(), error);
                Assert.AreEqual(ConfigCommand.Refused, rc, "case " + i + ": " + error);
                StringAssert.Contains(error.ToString(), cases[i].Field, "case " + i);
            }

            using (CloudDatabase d = CloudDatabase.Open(db))
            {
                Assert.IsNull(d.Config("acme"), "a refused file was stored");
            }

            // Positive control: the spy does see a valid push, so its silence above means something.
            string good = Path.Combine(broker.Directory, "good.json");
            File.WriteAllText(good, WeekendFile);
            Assert.AreEqual(ConfigCommand.Ok, await ConfigCommand.PushAsync("acme", good, AdminOptions(broker, db), TimeSpan.FromSeconds(10), new StringWriter(), new StringWriter()));
            DateTime end = DateTime.UtcNow + Patience;
            while (seen.IsEmpty && DateTime.UtcNow < end)
            {
                await Task.Delay(20);
            }

            Assert.AreEqual("loyalty/T1/down/config", string.Join(",", seen), "exactly the valid push, and nothing before it");
        }

        [TestMethod]
        [Timeout(60_000)]
        public async Task UnreachableBrokerIs69AndUsageErrorsAre2()
        {
            string dir = Path.Combine(Path.GetTempPath(), "cfgcli-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                string file = Path.Combine(dir, "c.json");
                File.WriteAllText(file, WeekendFile);
                string db = Path.Combine(dir, "cloud.db");
                CloudOptions options = new() { BrokerHost = "127.0.0.1", BrokerPort = Mosquitto.FreePort(), Database = db, ClientId = "cfg" };
                StringWriter error = new();
                Assert.AreEqual(ConfigCommand.Unavailable, await ConfigCommand.PushAsync("acme", file, options, TimeSpan.FromSeconds(1), new StringWriter(), error));
                StringAssert.Contains(error.ToString(), "unreachable");
                using (CloudDatabase d = CloudDatabase.Open(db))
                {
                    Assert.IsNull(d.Config("acme"), "stored although the broker was unreachable");
                }

                Assert.AreEqual(2, Program.Main(new[] { "config", "--db", db, "--show" }), "missing --tenant");
                Assert.AreEqual(2, Program.Main(new[] { "config", "--tenant", "acme", "--db", db }), "neither --file nor --show");
                Assert.AreEqual(2, Program.Main(new[] { "config", "--tenant", "acme", "--db", db, "--show", "--file", file }), "both");
                Assert.AreEqual(1, Program.Main(new[] { "config", "--tenant", "acme", "--db", db, "--file", Path.Combine(dir, "missing.json") }), "unreadable file");
                Assert.AreEqual(0, Program.Main(new[] { "config", "--tenant", "acme", "--db", db, "--show" }), "show with nothing pushed");
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }

        private static CloudOptions AdminOptions(Mosquitto broker, string db) => new()
        {
            BrokerHost = "127.0.0.1", BrokerPort = broker.Port, Database = db, ClientId = "cfg-admin",
        };

        private static bool Registered(string db, string terminal)
        {
            using CloudDatabase d = CloudDatabase.Open(db);
            return d.TerminalsOf("acme").Contains(terminal);
        }

        private static Transaction Last(TestTerminal t)
        {
            Transaction last = new();
            Assert.IsTrue(t.Ledger.GetLast(last));
            return last;
        }

        private static async Task PumpUntil(TestTerminal t, SyncEngine engine, Func<bool> done, string what, ConcurrentQueue<string> logs)
        {
            DateTime end = DateTime.UtcNow + Patience;
            while (!done())
            {
                if (DateTime.UtcNow > end)
                {
                    Assert.Fail("timed out waiting for " + what + "\n" + string.Join("\n", logs.TakeLast(30)));
                }

                // The fake clock only moves when told: advance it with real time so status and ack timers run.
                t.Clock.Advance(20);
                engine.Poll();
                await Task.Delay(20);
            }
        }
    }
}
