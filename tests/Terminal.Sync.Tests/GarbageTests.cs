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
    /// <summary>Garbage and oversized payloads on every subscribed topic, both sides, through a real broker.</summary>
    [TestClass]
    public class GarbageTests
    {
        public TestContext TestContext { get; set; } = null!;

        private static readonly byte[][] Garbage =
        {
            new byte[] { 0xFF, 0xFE, 0x00, 0x01, 0x02 },
            Encoding.UTF8.GetBytes("{\"v\":1,"),
            Encoding.UTF8.GetBytes("[1,2,3]"),
            Encoding.UTF8.GetBytes("{\"v\":1,\"seq\":1.5,\"ver\":2.5,\"tid\":\"T1\",\"online\":\"yes\",\"tx\":7,\"cards\":{},\"uids\":[1]}"),
            Encoding.UTF8.GetBytes("{\"v\":99}"),
            Encoding.UTF8.GetBytes(new string('[', 500) + new string(']', 500)),

            // Balance messages without a change range: the retired resync end, an empty range, a negative start.
            Encoding.UTF8.GetBytes("{\"v\":1,\"cards\":[],\"end\":813}"),
            Encoding.UTF8.GetBytes("{\"v\":1,\"from\":813,\"end\":813,\"cards\":[]}"),
            Encoding.UTF8.GetBytes("{\"v\":1,\"from\":-1,\"end\":813,\"cards\":[]}"),
            Encoding.UTF8.GetBytes("{\"v\":1,\"tid\":\"T1\",\"ten\":\"acme\",\"shop\":\"S1\",\"online\":true,\"tx\":[{\"seq\":1,\"k\":1,\"ts\":0,\"uid\":\"nothex!!\",\"amt\":0,\"cat\":0,\"pts\":0,\"vch\":0,\"disc\":0,\"ref\":0,\"ctr\":0,\"fl\":0}]}"),
        };

        [TestMethod]
        [Timeout(180_000)]
        public async Task GarbageAndOversizedPayloadsAreRejectedWithAReasonAndDoNoHarm()
        {
            ConcurrentQueue<string> logs = new();
            Dictionary<string, string> users = new() { ["T1"] = "pw1-" + Guid.NewGuid(), ["cloud"] = "pwc-" + Guid.NewGuid(), ["chaos"] = "pwx-" + Guid.NewGuid() };
            using Mosquitto broker = Mosquitto.Start(users, new[] { "cloud", "chaos" });
            await using CloudService cloud = await CloudService.StartAsync(new CloudOptions
            {
                BrokerPort = broker.Port, UserName = "cloud", Password = users["cloud"], Database = Path.Combine(broker.Directory, "cloud.db"), Log = logs.Enqueue,
            });
            await cloud.WaitConnectedAsync();
            SimTerminal terminal = new("T1", "acme", "S1", new[] { "04112233" }, 1,
                () => new MqttLinkOptions { Port = broker.Port, ClientId = "T1", UserName = "T1", Password = users["T1"] }, logs.Enqueue);
            terminal.Boot();
            await SyncSoakTests.WaitUntil(() => terminal.With((l, e) => e.Online), TimeSpan.FromSeconds(20), "terminal online");

            using IMqttClient chaos = new MqttClientFactory().CreateMqttClient();
            await chaos.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithClientId("chaos")
                .WithCredentials("chaos", users["chaos"]).Build());

            string[] cloudTopics = { "loyalty/T1/up/tx", "loyalty/T1/up/status", "loyalty/T1/up/unknown", "loyalty/bad id/up/tx" };
            string[] terminalTopics = { "loyalty/T1/down/ack", "loyalty/T1/down/config", "loyalty/T1/down/blocked", "loyalty/T1/down/balance", "loyalty/T1/down/unknown" };
            long cloudBefore = cloud.Stats.Rejected;
            int cloudSent = 0;
            foreach (string topic in cloudTopics)
            {
                foreach (byte[] g in Garbage.Append(new byte[100 * 1024]))
                {
                    await Publish(chaos, topic, g);
                    cloudSent++;
                }
            }

            int terminalSent = 0;
            foreach (string topic in terminalTopics)
            {
                foreach (byte[] g in Garbage.Append(new byte[20 * 1024]))
                {
                    await Publish(chaos, topic, g);
                    terminalSent++;
                }
            }

            await SyncSoakTests.WaitUntil(() => cloud.Stats.Rejected - cloudBefore == cloudSent, TimeSpan.FromSeconds(30), "cloud rejections",
                () => $"{cloud.Stats.Rejected - cloudBefore} of {cloudSent}");
            await SyncSoakTests.WaitUntil(() => terminal.With((l, e) => e.Stats.Rejected) == terminalSent, TimeSpan.FromSeconds(30), "terminal rejections",
                () => $"{terminal.With((l, e) => e.Stats.Rejected)} of {terminalSent}");

            string[] lines = logs.ToArray();
            Assert.AreEqual(cloudSent, lines.Count(l => l.StartsWith("cloud: rejected message on ", StringComparison.Ordinal)), "one logged reason per refused message (cloud)");
            Assert.AreEqual(terminalSent, lines.Count(l => l.StartsWith("T1: rejected message on ", StringComparison.Ordinal)), "one logged reason per refused message (terminal)");
            Assert.IsTrue(lines.Any(l => l.Contains("payload too large (102400 bytes)", StringComparison.Ordinal)));
            Assert.IsTrue(lines.Any(l => l.Contains("payload too large (20480 bytes)", StringComparison.Ordinal)));
            TestContext.WriteLine($"cloud refused {cloudSent} messages on {cloudTopics.Length} topics; terminal refused {terminalSent} on {terminalTopics.Length} topics; sample reasons:");
            foreach (string l in lines.Where(l => l.Contains("rejected", StringComparison.Ordinal)).DistinctBy(l => l[(l.LastIndexOf(':') + 1)..]).Take(12))
            {
                TestContext.WriteLine("  " + l);
            }

            // No harm: nothing stored or applied, and sync carries on.
            Assert.AreEqual(0, terminal.With((l, e) => e.Stats.Failures));
            Assert.AreEqual(0L, terminal.With((l, e) => e.ConfigVersion));
            Assert.AreEqual(0L, terminal.With((l, e) => l.BlockedListVersion));
            terminal.Add(6);
            await SyncSoakTests.WaitUntil(() => terminal.Quota <= 0 && terminal.With((l, e) => l.UnsyncedCount) == 0 && terminal.Committed.Count > 0, TimeSpan.FromSeconds(30), "sync after the garbage");
            using CloudDatabase check = CloudDatabase.Open(Path.Combine(broker.Directory, "cloud.db"));
            Assert.AreEqual((long)terminal.Committed.Count, check.CountTransactions());
            Assert.AreEqual(1, check.ListTerminals().Count, "no terminal registered from garbage");
            terminal.Stop();
        }

        private static Task Publish(IMqttClient client, string topic, byte[] payload)
        {
            return client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        }
    }
}
