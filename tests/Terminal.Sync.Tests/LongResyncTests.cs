using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Terminal.Cloud;
using Terminal.Host.Mqtt;
using Terminal.Sync.Tests.Infrastructure;

namespace Terminal.Sync.Tests
{
    /// <summary>
    /// A terminal that joins a tenant whose shoppers already have history is fed the other
    /// terminals' part of every card in resync parts no larger than its status says it can fold
    /// (ADR 0009), through a real mosquitto and the cloud service, and ends with every balance right.
    /// </summary>
    [TestClass]
    public class LongResyncTests
    {
        public TestContext TestContext { get; set; } = null!;

        [TestMethod]
        [Timeout(300_000)]
        public async Task ANewTerminalIsFedAllCardsInPartsItCanFold()
        {
            ConcurrentQueue<string> logs = new();
            using Mosquitto broker = Mosquitto.Start();
            await using CloudService cloud = await CloudService.StartAsync(new CloudOptions { BrokerPort = broker.Port, ClientId = "cloud", Database = System.IO.Path.Combine(broker.Directory, "cloud.db"), Log = logs.Enqueue });
            await cloud.WaitConnectedAsync();

            // 600 cards: several times what a 4 MB terminal's index (128 states) takes at once.
            string[] cards = Enumerable.Range(0, 600).Select(i => "04" + i.ToString("X6")).ToArray();
            SimTerminal first = new("L1", "acme", "S1", cards, 7, () => new MqttLinkOptions { Port = broker.Port, ClientId = "L1" }, logs.Enqueue);
            first.Boot();
            first.Add(2400);
            string Detail(SimTerminal t) => t.With((l, e) => $"{t.Id}: quota {t.Quota}, unsynced {l.UnsyncedCount}, refusals {t.Refusals}, cursor {l.BalanceCursor}, " +
                $"cloud pending {l.CloudPendingCount}, gaps {l.CloudStats.Gaps}, put off {l.CloudStats.Deferred}, resync requests {e.Stats.ResyncRequests}, online {e.Online}") +
                "\n" + string.Join("\n", logs.TakeLast(40));
            await SyncSoakTests.WaitUntil(() => first.Quota <= 0 && first.With((l, e) => l.UnsyncedCount) == 0, TimeSpan.FromSeconds(120), "first terminal drained", () => Detail(first));

            Dictionary<string, long> expected = new();
            foreach (TxRow row in first.Committed.Where(r => r.Uid != null && r.Kind >= 1 && r.Kind <= 4))
            {
                expected[row.Uid!] = expected.GetValueOrDefault(row.Uid!) + row.Points;
            }

            Assert.IsTrue(expected.Count > 300, "cards with history: " + expected.Count);
            SimTerminal late = new("L2", "acme", "S2", cards, 8, () => new MqttLinkOptions { Port = broker.Port, ClientId = "L2" }, logs.Enqueue);
            late.Boot();
            await SyncSoakTests.WaitUntil(() => expected.All(kv => late.BalanceOf(kv.Key) == kv.Value), TimeSpan.FromSeconds(120), "the late terminal's balances", () => Detail(late));

            (int requests, int messages, int deferred, int gaps, long cursor, int known) = late.With((l, e) =>
                (e.Stats.ResyncRequests, e.Stats.BalanceMessages, l.CloudStats.Deferred, l.CloudStats.Gaps, l.BalanceCursor, l.CardCount));
            TestContext.WriteLine($"{expected.Count} cards with history; the late terminal asked for {requests} more parts, took {messages} balance messages " +
                $"({deferred} put off, {gaps} gaps), cursor {cursor}, {known} cards in its card table");
            Assert.IsTrue(requests >= 2, "the resync came in parts: " + requests);
            Assert.AreEqual(0, deferred, "never sent more than it said it could take");
            Assert.IsTrue(messages < 3 * (expected.Count / 64 + requests + 2), "no flood of resent messages: " + messages);
            late.Stop();
            first.Stop();
        }
    }
}
