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
    /// <summary>Scaling out: two cloud instances share the subscription ($share) and one PostgreSQL database.</summary>
    [TestClass]
    public class SharedSubscriptionTests
    {
        public TestContext TestContext { get; set; } = null!;

        [TestMethod]
        [Timeout(300_000)]
        public async Task TwoCloudInstancesOnPostgresStoreEveryTransactionOnce()
        {
            using Postgres pg = Postgres.Start();
            ConcurrentQueue<string> logs = new();
            using Mosquitto broker = Mosquitto.Start();
            CloudOptions Options(string id) => new()
            {
                BrokerPort = broker.Port, ClientId = id, SharedGroup = "cloud", Database = pg.ConnectionString, Log = logs.Enqueue,
            };
            await using CloudService a = await CloudService.StartAsync(Options("cloud-a"));
            await using CloudService b = await CloudService.StartAsync(Options("cloud-b"));
            await a.WaitConnectedAsync();
            await b.WaitConnectedAsync();
            string[] cards = Enumerable.Range(0, 40).Select(i => "04" + i.ToString("X6")).ToArray();
            SimTerminal[] terminals = Enumerable.Range(1, 3).Select(i => new SimTerminal("P" + i, "acme", "S1", cards, i,
                () => new MqttLinkOptions { Port = broker.Port, ClientId = "P" + i }, logs.Enqueue)).ToArray();
            foreach (SimTerminal t in terminals)
            {
                t.Boot();
                t.Add(1000);
            }

            await SyncSoakTests.WaitUntil(() => terminals.All(t => t.Quota <= 0 && t.With((l, e) => l.UnsyncedCount) == 0), TimeSpan.FromSeconds(180), "drain");
            Dictionary<string, long> expected = new();
            foreach (TxRow row in terminals.SelectMany(t => t.Committed).Where(r => r.Uid != null && r.Kind >= 1 && r.Kind <= 4))
            {
                expected[row.Uid!] = expected.GetValueOrDefault(row.Uid!) + row.Points;
            }

            await SyncSoakTests.WaitUntil(() => terminals.All(t => expected.All(kv => t.BalanceOf(kv.Key) == kv.Value)), TimeSpan.FromSeconds(60), "balance convergence");
            using CloudDatabase check = CloudDatabase.Open(pg.ConnectionString);
            foreach (SimTerminal t in terminals)
            {
                CollectionAssert.AreEqual(t.Committed, check.Transactions(t.Id), t.Id);
            }

            Dictionary<string, long> balances = check.Balances("acme");
            foreach ((string uid, long balance) in expected)
            {
                Assert.AreEqual(balance, balances[uid], uid);
            }

            Assert.IsTrue(a.Stats.Batches > 0 && b.Stats.Batches > 0, "both instances took part");
            TestContext.WriteLine($"stored {check.CountTransactions()} transactions exactly once on PostgreSQL; instance a: {a.Stats}; instance b: {b.Stats}");
            foreach (SimTerminal t in terminals)
            {
                t.Stop();
            }
        }
    }
}
