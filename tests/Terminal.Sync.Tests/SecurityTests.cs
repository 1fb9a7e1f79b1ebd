using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using MQTTnet;
using MQTTnet.Protocol;
using Terminal.Cloud;
using Terminal.Host.Mqtt;
using Terminal.Sync.Tests.Infrastructure;

namespace Terminal.Sync.Tests
{
    /// <summary>
    /// mosquitto with a TLS listener (a CA and server certificate made by openssl for the test),
    /// one user per terminal and an ACL: a terminal writes only loyalty/{itself}/up/# and reads only
    /// loyalty/{itself}/down/#.
    /// </summary>
    [TestClass]
    public class SecurityTests
    {
        public TestContext TestContext { get; set; } = null!;

        private sealed class Setup : IAsyncDisposable
        {
            public readonly TestPki Pki = TestPki.Create();
            public readonly Dictionary<string, string> Users = new() { ["T1"] = "secret-T1-" + Guid.NewGuid(), ["T2"] = "secret-T2-" + Guid.NewGuid(), ["cloud"] = "secret-cloud-" + Guid.NewGuid() };
            public readonly ConcurrentQueue<string> Logs = new();
            public Mosquitto Broker = null!;
            public CloudService Cloud = null!;

            public string Db => Path.Combine(Broker.Directory, "cloud.db");

            public static async Task<Setup> StartAsync()
            {
                Setup s = new();
                s.Broker = Mosquitto.Start(s.Users, new[] { "cloud" }, s.Pki);
                s.Cloud = await CloudService.StartAsync(new CloudOptions
                {
                    BrokerHost = "127.0.0.1", BrokerPort = s.Broker.Port, UserName = "cloud", Password = s.Users["cloud"],
                    CaCertificatePath = s.Pki.CaCertificate, Database = s.Db, Log = s.Logs.Enqueue,
                });
                await s.Cloud.WaitConnectedAsync();
                return s;
            }

            public MqttLinkOptions Link(string id, string? password = null, string? ca = null) => new()
            {
                Host = "127.0.0.1", Port = Broker.Port, ClientId = id, UserName = id, Password = password ?? Users[id], CaCertificatePath = ca ?? Pki.CaCertificate,
            };

            public async Task<IMqttClient> RawClientAsync(string id)
            {
                IMqttClient c = new MqttClientFactory().CreateMqttClient();
                X509CA ca = new(Pki.CaCertificate);
                MqttClientConnectResult r = await c.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", Broker.Port).WithClientId(id + "-raw")
                    .WithCredentials(id, Users[id]).WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
                    .WithTlsOptions(o => o.UseTls(true).WithTargetHost("127.0.0.1").WithCertificateValidationHandler(a => ca.Validate(a))).Build());
                Assert.AreEqual(MqttClientConnectResultCode.Success, r.ResultCode);
                return c;
            }

            public void AssertNoSecretInLogs()
            {
                foreach (string line in Logs.Concat(File.ReadAllLines(Broker.LogFile)))
                {
                    foreach (string secret in Users.Values)
                    {
                        Assert.IsFalse(line.Contains(secret, StringComparison.Ordinal), "secret in log: " + line.Replace(secret, "<secret>"));
                    }
                }
            }

            public async ValueTask DisposeAsync()
            {
                await Cloud.StopAsync();
                Broker.Dispose();
                Pki.Dispose();
            }
        }

        private sealed class X509CA
        {
            private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _ca;

            public X509CA(string path) => _ca = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(path));

            public bool Validate(MqttClientCertificateValidationEventArgs a) => PrivateCaValidator.Validate(_ca, a);
        }

        [TestMethod]
        [Timeout(120_000)]
        public async Task TerminalSyncsOverTlsWithItsOwnCredentials()
        {
            await using Setup s = await Setup.StartAsync();
            SimTerminal t1 = new("T1", "acme", "S1", new[] { "04112233", "04445566" }, 3, () => s.Link("T1"), s.Logs.Enqueue);
            t1.Boot();
            t1.Add(20);
            await SyncSoakTests.WaitUntil(() => t1.Quota <= 0 && t1.With((l, e) => l.UnsyncedCount) == 0, TimeSpan.FromSeconds(30), "sync over TLS");
            using CloudDatabase check = CloudDatabase.Open(s.Db);
            Assert.AreEqual((long)t1.Committed.Count, check.CountTransactions("T1"));
            t1.Stop();
            s.AssertNoSecretInLogs();
            TestContext.WriteLine($"T1 synced {t1.Committed.Count} transactions over TLS (CA made by openssl for this test) with its own credentials");
        }

        [TestMethod]
        [Timeout(120_000)]
        public async Task WrongCaOrWrongPasswordNeverConnects()
        {
            await using Setup s = await Setup.StartAsync();
            using TestPki other = TestPki.Create("other");
            using MqttNetCloudLink wrongCa = new(s.Link("T1", ca: other.CaCertificate), s.Logs.Enqueue);
            using MqttNetCloudLink wrongPassword = new(s.Link("T1", password: "not-the-password"), s.Logs.Enqueue);
            wrongCa.Open();
            wrongPassword.Open();
            await SyncSoakTests.WaitUntil(() => wrongCa.LastError != null && wrongPassword.LastError != null, TimeSpan.FromSeconds(30), "connection errors");
            Assert.IsFalse(wrongCa.IsConnected);
            Assert.IsFalse(wrongPassword.IsConnected);
            Assert.AreEqual(0, wrongCa.Session);
            Assert.AreEqual(0, wrongPassword.Session);
            Assert.IsTrue(wrongPassword.LastError!.Contains("NotAuthorized", StringComparison.Ordinal) || wrongPassword.LastError.Contains("BadUserNameOrPassword", StringComparison.Ordinal), wrongPassword.LastError);
            TestContext.WriteLine("untrusted CA: " + wrongCa.LastError);
            TestContext.WriteLine("wrong password: " + wrongPassword.LastError);
            Assert.IsFalse((wrongPassword.LastError ?? string.Empty).Contains("not-the-password", StringComparison.Ordinal));
            s.AssertNoSecretInLogs();
        }

        [TestMethod]
        [Timeout(120_000)]
        public async Task TerminalCannotPublishAsAnotherTerminalNorReadItsCards()
        {
            await using Setup s = await Setup.StartAsync();
            using IMqttClient a = await s.RawClientAsync("T1");
            byte[] asT2 = CloudCodec.WriteBatch("T2", "acme", "S1", new[] { new TxRow(1, 4, 1772359200, "04112233", 0, 0, 0, 0, 0, 0, 0, 0) });
            MqttClientPublishResult forged = await a.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("loyalty/T2/up/tx").WithPayload(asT2)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            Assert.IsFalse(forged.IsSuccess, "the broker refuses T1 publishing under T2's topic");
            Assert.AreEqual(MqttClientPublishReasonCode.NotAuthorized, forged.ReasonCode);
            MqttClientPublishResult fakeAck = await a.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("loyalty/T1/down/ack").WithPayload(CloudCodec.WriteAck(99, 0))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            Assert.AreEqual(MqttClientPublishReasonCode.NotAuthorized, fakeAck.ReasonCode, "a terminal cannot forge the cloud's ack either");

            // T2's identity inside a payload on T1's own topic is refused by the cloud.
            await a.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("loyalty/T1/up/tx").WithPayload(asT2)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

            // Sentinel: T1's own batch arrives after the refused ones (one publisher, in order).
            byte[] own = CloudCodec.WriteBatch("T1", "acme", "S1", new[] { new TxRow(1, 4, 1772359200, "04112233", 0, 0, 0, 0, 0, 0, 0, 0) });
            await a.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("loyalty/T1/up/tx").WithPayload(own).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            await SyncSoakTests.WaitUntil(() => s.Cloud.Stats.Applied == 1, TimeSpan.FromSeconds(20), "T1's own batch");
            using (CloudDatabase check = CloudDatabase.Open(s.Db))
            {
                Assert.AreEqual(0L, check.CountTransactions("T2"), "nothing stored as T2");
                Assert.IsFalse(check.ListTerminals().Any(t => t.TerminalId == "T2"));
            }

            Assert.AreEqual(1L, s.Cloud.Stats.Rejected);
            StringAssert.Contains(s.Cloud.Stats.LastRejectReason, "tid does not match the topic");

            // Reading: T1 asks for T2's downlink (card balances, blocked list); the broker refuses or never delivers.
            ConcurrentQueue<string> received = new();
            a.ApplicationMessageReceivedAsync += e =>
            {
                received.Enqueue(e.ApplicationMessage.Topic);
                return Task.CompletedTask;
            };
            MqttClientSubscribeResult sub = await a.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter("loyalty/T2/down/#", MqttQualityOfServiceLevel.AtLeastOnce)
                .WithTopicFilter("loyalty/+/down/balance", MqttQualityOfServiceLevel.AtLeastOnce)
                .WithTopicFilter("loyalty/T1/down/#", MqttQualityOfServiceLevel.AtLeastOnce).Build());
            TestContext.WriteLine("SUBACK codes: " + string.Join(", ", sub.Items.Select(i => i.TopicFilter.Topic + "=" + i.ResultCode)));
            // mosquitto 2.0 grants the SUBACK and applies the read ACL per message; the delivery check below is what counts.
            using IMqttClient cloudSide = await s.RawClientAsync("cloud");
            await cloudSide.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("loyalty/T2/down/balance")
                .WithPayload(CloudCodec.WriteBalances(new[] { new CardView("04445566", 5, 1234, 0) }, 4, 5)).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            await cloudSide.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("loyalty/T1/down/balance")
                .WithPayload(CloudCodec.WriteBalances(Array.Empty<CardView>(), 0, 1)).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            await SyncSoakTests.WaitUntil(() => received.Contains("loyalty/T1/down/balance"), TimeSpan.FromSeconds(20), "T1's own balance message (sentinel)");
            Assert.IsFalse(received.Any(t => t.StartsWith("loyalty/T2/", StringComparison.Ordinal)), "T1 never received T2's cards: " + string.Join(", ", received));
            s.AssertNoSecretInLogs();
        }

        [TestMethod]
        public void OptionsAndConnectionStringsNeverShowPasswords()
        {
            MqttLinkOptions link = new() { UserName = "T1", Password = "hunter2-link" };
            Assert.IsFalse(link.ToString().Contains("hunter2", StringComparison.Ordinal), link.ToString());
            CloudOptions cloud = new() { UserName = "cloud", Password = "hunter2-cloud", Database = "Host=db;Username=u;Password=hunter2-db;Database=x" };
            Assert.IsFalse(cloud.ToString().Contains("hunter2", StringComparison.Ordinal), cloud.ToString());
            Assert.AreEqual("postgres://u:***@db:5432/x", Secrets.RedactConnection("postgres://u:hunter2@db:5432/x"));
            Assert.AreEqual("Host=db;Password=***;Database=x", Secrets.RedactConnection("Host=db;Password=hunter2;Database=x"));
            Assert.AreEqual("cloud.db", Secrets.RedactConnection("cloud.db"));
        }
    }
}
