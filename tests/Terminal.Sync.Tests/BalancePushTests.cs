using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using MQTTnet;
using MQTTnet.Protocol;
using Terminal.Cloud;
using Terminal.Core.Sync;
using Terminal.Sync.Tests.Infrastructure;

namespace Terminal.Sync.Tests
{
    /// <summary>
    /// What the cloud service publishes on <c>down/balance</c>, watched through a real broker: live
    /// pushes and resyncs cover contiguous change ranges, the sender of a batch gets an empty message
    /// for its own range right after its ack, and a batch without card changes sends none. Only the
    /// cloud's output is checked here (no terminal applies anything).
    /// </summary>
    [TestClass]
    public class BalancePushTests
    {
        private static readonly string[] Cards = Enumerable.Range(0, 130).Select(i => "04" + i.ToString("X6", CultureInfo.InvariantCulture)).ToArray();

        public TestContext TestContext { get; set; } = null!;

        /// <summary>A balance message as read by System.Text.Json (and checked with the terminal's codec).</summary>
        private sealed record Balance(long From, long End, List<CardView> Cards)
        {
            public override string ToString() => $"({From}, {End}] {Cards.Count} cards";
        }

        private static TxRow Earn(long seq, string uid, int points) => new(seq, 1, 1772359200 + seq, uid, points * 100, 0, points, 0, 0, 0, 0, 0);

        private static Balance Read(byte[] payload)
        {
            SyncCodec codec = new();
            BalanceBatch batch = new(64);
            Assert.IsTrue(codec.ReadBalances(payload, batch), "the terminal's codec refuses it: " + codec.Error);
            using JsonDocument doc = JsonDocument.Parse(payload);
            JsonElement root = doc.RootElement;
            List<CardView> cards = root.GetProperty("cards").EnumerateArray()
                .Select(c => new CardView(c.GetProperty("uid").GetString()!, c.GetProperty("ver").GetInt64(), c.GetProperty("oth").GetInt32(), c.GetProperty("vu").GetInt32()))
                .ToList();
            Balance b = new(root.GetProperty("from").GetInt64(), root.GetProperty("end").GetInt64(), cards);
            Assert.AreEqual((batch.From, batch.End, batch.Count), (b.From, b.End, b.Cards.Count), "both codecs read the same message");
            Assert.IsTrue(cards.All(c => c.Version > b.From && c.Version <= b.End), "every card lies in the message's range: " + b);
            return b;
        }

        /// <summary>What one terminal received, in order: "ack N" or a balance message's range and card count.</summary>
        private static List<string> Downlink(ConcurrentQueue<(string Topic, byte[] Payload)> seen, string terminal)
        {
            List<string> list = new();
            foreach ((string topic, byte[] payload) in seen.ToArray().Where(m => m.Topic.StartsWith("loyalty/" + terminal + "/down/", StringComparison.Ordinal)))
            {
                list.Add(topic.EndsWith("/ack", StringComparison.Ordinal)
                    ? "ack " + JsonDocument.Parse(payload).RootElement.GetProperty("seq").GetInt64()
                    : topic.EndsWith("/balance", StringComparison.Ordinal) ? Read(payload).ToString() : topic);
            }

            return list;
        }

        private static List<Balance> Balances(ConcurrentQueue<(string Topic, byte[] Payload)> seen, string terminal)
        {
            return seen.ToArray().Where(m => m.Topic == "loyalty/" + terminal + "/down/balance").Select(m => Read(m.Payload)).ToList();
        }

        private static Task Publish(IMqttClient client, string topic, byte[] payload)
        {
            return client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        }

        private static byte[] Status(string terminal, long cursor) => CloudCodec.WriteStatus(terminal, "acme", "S1", 0, 0, cursor, 0, 0, "test");

        [TestMethod]
        [Timeout(120_000)]
        public async Task PushesAndResyncsCoverContiguousRangesAndTheSenderGetsAnEmptyOne()
        {
            using Mosquitto broker = Mosquitto.Start();
            await using CloudService cloud = await CloudService.StartAsync(new CloudOptions
            {
                BrokerPort = broker.Port, Database = Path.Combine(broker.Directory, "cloud.db"), CardTrust = false, Log = TestContext.WriteLine,
            });
            await cloud.WaitConnectedAsync();
            ConcurrentQueue<(string Topic, byte[] Payload)> seen = new();
            using IMqttClient spy = new MqttClientFactory().CreateMqttClient();
            spy.ApplicationMessageReceivedAsync += e =>
            {
                seen.Enqueue((e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray()));
                return Task.CompletedTask;
            };
            await spy.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithClientId("spy").Build());
            await spy.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("loyalty/+/down/#", MqttQualityOfServiceLevel.AtLeastOnce).Build());
            TimeSpan limit = TimeSpan.FromSeconds(30);

            // T2 comes online before anything changed (no balance message), so it receives T1's batch.
            await Publish(spy, "loyalty/T2/up/status", Status("T2", 0));
            await SyncSoakTests.WaitUntil(() => Downlink(seen, "T2").Count == 1, limit, "T2's ack");

            // T1's batch changes 130 cards: changes (0, 130], one per card in UID order.
            await Publish(spy, "loyalty/T1/up/tx", CloudCodec.WriteBatch("T1", "acme", "S1", Cards.Select((u, i) => Earn(i + 1, u, i + 1))));
            await SyncSoakTests.WaitUntil(() => Balances(seen, "T2").Count == 3 && Balances(seen, "T1").Count == 1, limit, "the push of T1's batch",
                () => "T1: " + string.Join(", ", Downlink(seen, "T1")) + "\nT2: " + string.Join(", ", Downlink(seen, "T2")));
            List<Balance> t2 = Balances(seen, "T2");
            CollectionAssert.AreEqual(new[] { "(0, 64] 64 cards", "(64, 128] 64 cards", "(128, 130] 2 cards" }, t2.Select(b => b.ToString()).ToArray());
            CollectionAssert.AreEqual(
                Cards.Select((u, i) => new CardView(u, i + 1, i + 1, 0)).ToArray(), t2.SelectMany(b => b.Cards).ToArray(),
                "every card once, in change order, with T1's points as the others' share");
            CollectionAssert.AreEqual(new[] { "ack 130", "(0, 130] 0 cards" }, Downlink(seen, "T1"), "the sender: its ack, then its own range with no card");

            // A batch that changes no card (an anonymous sale) pushes nothing; T2's next batch then
            // changes two cards, (130, 132], which T1 receives and T2 passes with an empty message.
            await Publish(spy, "loyalty/T1/up/tx", CloudCodec.WriteBatch("T1", "acme", "S1", new[] { new TxRow(131, 5, 1772360000, null, 1250, 0, 0, 0, 0, 0, 0, 0) }));
            await SyncSoakTests.WaitUntil(() => Downlink(seen, "T1").Contains("ack 131"), limit, "T1's ack of the anonymous sale");
            await Publish(spy, "loyalty/T2/up/tx", CloudCodec.WriteBatch("T2", "acme", "S1", new[] { Earn(1, Cards[1], 1000), Earn(2, Cards[0], 2000) }));
            await SyncSoakTests.WaitUntil(() => Balances(seen, "T1").Count == 2 && Balances(seen, "T2").Count == 4, limit, "the push of T2's batch",
                () => "T1: " + string.Join(", ", Downlink(seen, "T1")) + "\nT2: " + string.Join(", ", Downlink(seen, "T2")));
            CollectionAssert.AreEqual(new[] { "ack 130", "(0, 130] 0 cards", "ack 131", "(130, 132] 2 cards" }, Downlink(seen, "T1"));
            CollectionAssert.AreEqual(new[] { new CardView(Cards[0], 131, 2000, 0), new CardView(Cards[1], 132, 1000, 0) }, Balances(seen, "T1")[1].Cards, "T1 sees T2's share");
            CollectionAssert.AreEqual(new[] { "ack 0", "(0, 64] 64 cards", "(64, 128] 64 cards", "(128, 130] 2 cards", "ack 2", "(130, 132] 0 cards" }, Downlink(seen, "T2"));

            // Resyncs of T3 from its cursor: cards 2-129 hold changes 3-130, cards 0 and 1 hold 131 and 132.
            await Publish(spy, "loyalty/T3/up/status", Status("T3", 0));
            await Publish(spy, "loyalty/T3/up/status", Status("T3", 100));
            await Publish(spy, "loyalty/T3/up/status", Status("T3", 132));
            await Publish(spy, "loyalty/T3/up/status", Status("T3", 131));
            await SyncSoakTests.WaitUntil(() => Balances(seen, "T3").Count == 5, limit, "T3's resyncs", () => string.Join(", ", Downlink(seen, "T3")));
            CollectionAssert.AreEqual(
                new[] { "ack 0", "(0, 66] 64 cards", "(66, 130] 64 cards", "(130, 132] 2 cards", "ack 0", "(100, 132] 32 cards", "ack 0", "ack 0", "(131, 132] 1 cards" },
                Downlink(seen, "T3"),
                "a resync from the cursor to the tenant's last change; none when the cursor is there");
            List<Balance> t3 = Balances(seen, "T3");
            CollectionAssert.AreEqual(Cards.ToArray(), t3.Take(3).SelectMany(b => b.Cards).Select(c => c.Uid).Order(StringComparer.Ordinal).ToArray(), "the first resync holds every card once");
            Assert.AreEqual(new CardView(Cards[1], 132, 2 + 1000, 0), t3[4].Cards.Single(), "T3 sees T1's and T2's share");
            Assert.AreEqual(4 + 2 + 5, cloud.Stats.BalanceMessages);
        }
    }
}
