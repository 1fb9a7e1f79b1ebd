using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Terminal.Cloud;
using Terminal.Host.Mqtt;
using Terminal.Sync.Tests.Infrastructure;

namespace Terminal.Sync.Tests
{
    /// <summary>
    /// Three terminals (real ledger + sync engine + MQTTnet) and the cloud service sync through a
    /// real mosquitto while the test kills and restarts the broker, reboots terminals mid-batch,
    /// restarts the cloud and injects duplicate deliveries. Every transaction must be in the cloud
    /// exactly once and every balance must match. LONG=1 runs 20,000 per terminal.
    /// </summary>
    [TestClass]
    public class SyncSoakTests
    {
        public TestContext TestContext { get; set; } = null!;

        [TestMethod]
        [Timeout(900_000)]
        public async Task TransactionsSurviveBrokerKillsRebootsCloudRestartsAndDuplicatesExactlyOnce()
        {
            bool longRun = Environment.GetEnvironmentVariable("LONG") == "1";
            int perTerminal = longRun ? 20_000 : 3_400;
            const int Steps = 10;
            ConcurrentQueue<string> logs = new();
            Action<string> log = line => logs.Enqueue(line);
            Dictionary<string, string> users = new()
            {
                ["T1"] = "pw-t1-" + Guid.NewGuid().ToString("N"),
                ["T2"] = "pw-t2-" + Guid.NewGuid().ToString("N"),
                ["T3"] = "pw-t3-" + Guid.NewGuid().ToString("N"),
                ["cloud"] = "pw-cloud-" + Guid.NewGuid().ToString("N"),
                ["chaos"] = "pw-chaos-" + Guid.NewGuid().ToString("N"),
            };
            using Mosquitto broker = Mosquitto.Start(users, new[] { "cloud", "chaos" });
            string db = Path.Combine(broker.Directory, "cloud.db");
            CloudOptions cloudOptions = new()
            {
                BrokerPort = broker.Port,
                UserName = "cloud",
                Password = users["cloud"],
                Database = db,
                Log = log,
            };
            CloudService cloud = await CloudService.StartAsync(cloudOptions);
            await cloud.WaitConnectedAsync();
            List<CloudStats> cloudStats = new() { cloud.Stats };

            Random random = new(42);
            string[] cards = Enumerable.Range(0, 150).Select(_ =>
            {
                byte[] b = new byte[7];
                random.NextBytes(b);
                b[0] = 0x04;
                return Convert.ToHexString(b);
            }).ToArray();
            SimTerminal[] terminals = new[] { "T1", "T2", "T3" }.Select((id, i) => new SimTerminal(id, "acme", "S" + (i + 1), cards, 100 + i,
                () => new MqttLinkOptions { Port = broker.Port, ClientId = id, UserName = id, Password = users[id], MinReconnectDelay = TimeSpan.FromMilliseconds(100), MaxReconnectDelay = TimeSpan.FromSeconds(1) },
                log)).ToArray();
            foreach (SimTerminal t in terminals)
            {
                t.Boot();
            }

            string Progress() => $"cloud connected={cloud.IsConnected} {cloud.Stats}\n" + string.Join("\n", terminals.Select(t => t.With((l, e) =>
                $"{t.Id}: quota={t.Quota} committed={t.Committed.Count} last={l.LastSequence} synced={l.SyncedSequence} online={e.Online} session={t.Link.Session} next={e.NextToSend} " +
                $"sent={e.Stats.BatchesSent} acks={e.Stats.AcksApplied} rewinds={e.Stats.Rewinds} timeouts={e.Stats.Timeouts} refusals={t.Refusals} linkError={t.Link.LastError}")))
                + "\nlast log lines:\n" + string.Join("\n", logs.TakeLast(15));

            await using Duplicator duplicator = new(broker.Port, "chaos", users["chaos"]);
            duplicator.Start();
            Stopwatch watch = Stopwatch.StartNew();
            List<string> faults = new();
            for (int step = 0; step < Steps; step++)
            {
                foreach (SimTerminal t in terminals)
                {
                    t.Add(perTerminal / Steps);
                }

                // Faults strike while the terminals are recording and batches are in flight.
                await Task.Delay(300 + random.Next(400));
                switch (step)
                {
                    case 1:
                    case 4:
                    case 7:
                        broker.Kill();
                        faults.Add($"{watch.Elapsed.TotalSeconds:F1}s broker killed (SIGKILL)");
                        await Task.Delay(step == 7 ? 3000 : 1200);
                        broker.Restart();
                        faults.Add($"{watch.Elapsed.TotalSeconds:F1}s broker restarted");
                        break;
                    case 3:
                    case 8:
                        SimTerminal victim = terminals[step == 3 ? 1 : 0];
                        uint inflight = victim.With((l, e) => e.NextToSend - 1 - l.SyncedSequence);
                        victim.Crash();
                        victim.Boot();
                        faults.Add($"{watch.Elapsed.TotalSeconds:F1}s {victim.Id} power cut with {inflight} transactions sent but not acknowledged, rebooted");
                        break;
                    case 5:
                        await cloud.StopAsync();
                        faults.Add($"{watch.Elapsed.TotalSeconds:F1}s cloud service stopped");
                        await Task.Delay(1000);
                        cloud = await CloudService.StartAsync(cloudOptions);
                        cloudStats.Add(cloud.Stats);
                        faults.Add($"{watch.Elapsed.TotalSeconds:F1}s cloud service restarted");
                        break;
                }

                await WaitUntil(() => terminals.All(t => t.Quota <= perTerminal / Steps / 2), TimeSpan.FromSeconds(180), "recording (step " + step + ")", Progress);
            }

            await WaitUntil(() => terminals.All(t => t.Quota <= 0), TimeSpan.FromSeconds(180), "recording", Progress);
            await WaitUntil(() => terminals.All(t => t.With((l, e) => l.UnsyncedCount) == 0), TimeSpan.FromSeconds(180), "draining every backlog", Progress);
            TimeSpan drained = watch.Elapsed;
            await duplicator.DisposeAsync();

            Dictionary<string, long> expected = new(StringComparer.Ordinal);
            foreach (TxRow row in terminals.SelectMany(t => t.Committed))
            {
                if (row.Uid != null && row.Kind >= 1 && row.Kind <= 4)
                {
                    expected[row.Uid] = expected.GetValueOrDefault(row.Uid) + row.Points;
                }
            }

            // Every terminal's view (own journal + what the cloud said about the others) converges on the cloud's balance.
            await WaitUntil(() => terminals.All(t => expected.All(kv => t.BalanceOf(kv.Key) == kv.Value)), TimeSpan.FromSeconds(60), "balance convergence", () =>
                string.Join("\n", terminals.SelectMany(t => expected.Where(kv => t.BalanceOf(kv.Key) != kv.Value).Take(5)
                    .Select(kv => $"{t.Id} shows {t.BalanceOf(kv.Key)} for {kv.Key}, expected {kv.Value}"))));

            using CloudDatabase check = CloudDatabase.Open(db);
            int total = 0;
            foreach (SimTerminal t in terminals)
            {
                List<TxRow> stored = check.Transactions(t.Id);
                Assert.AreEqual(t.Committed.Count, stored.Count, t.Id + ": stored count");
                for (int i = 0; i < stored.Count; i++)
                {
                    Assert.AreEqual(i + 1, stored[i].Seq, t.Id + ": sequence without gaps or repeats");
                    Assert.AreEqual(t.Committed[i], stored[i], t.Id + ": stored transaction equals the ledger's");
                }

                total += stored.Count;
            }

            Dictionary<string, long> balances = check.Balances("acme");
            foreach ((string uid, long balance) in expected)
            {
                Assert.AreEqual(balance, balances[uid], "cloud balance of " + uid);
            }

            foreach (string line in logs.Concat(File.ReadAllLines(broker.LogFile)))
            {
                foreach (string secret in users.Values)
                {
                    Assert.IsFalse(line.Contains(secret, StringComparison.Ordinal), "a password appeared in a log line: " + line.Replace(secret, "<secret>"));
                }
            }

            long duplicates = cloudStats.Sum(s => s.Duplicates);
            TestContext.WriteLine($"transactions committed by terminals: {string.Join(", ", terminals.Select(t => $"{t.Id}={t.Committed.Count}"))}; total {total}");
            TestContext.WriteLine($"cloud stored: {check.CountTransactions()} rows, exactly once; cards: {expected.Count}; balances equal on cloud and all 3 terminals");
            TestContext.WriteLine($"cloud: batches={cloudStats.Sum(s => s.Batches)} applied={cloudStats.Sum(s => s.Applied)} duplicates ignored={duplicates} gaps refused={cloudStats.Sum(s => s.Gaps)} rejected={cloudStats.Sum(s => s.Rejected)} balance messages={cloudStats.Sum(s => s.BalanceMessages)}");
            TestContext.WriteLine($"duplicate deliveries injected: {duplicator.Republished} batches; broker starts: {broker.Starts}; terminal boots: {string.Join(", ", terminals.Select(t => $"{t.Id}={t.Boots}"))}; commit attempts refused while a backlog was full (the generator retries at once): {terminals.Sum(t => t.Refusals)}");
            foreach (SimTerminal t in terminals)
            {
                t.With((l, e) =>
                {
                    TestContext.WriteLine($"{t.Id}: batches sent={e.Stats.BatchesSent} tx sent={e.Stats.TransactionsSent} acks={e.Stats.AcksApplied} rewinds={e.Stats.Rewinds} timeouts={e.Stats.Timeouts} balance msgs={e.Stats.BalanceMessages} rejected={e.Stats.Rejected} (since last boot)");
                    return 0;
                });
            }

            TestContext.WriteLine($"drained after {drained.TotalSeconds:F1}s; faults:\n  " + string.Join("\n  ", faults));
            Assert.IsTrue(total >= 10_000, "at least 10,000 transactions");
            Assert.IsTrue(duplicates > 0, "duplicates were injected and ignored");
            Assert.AreEqual(3 + 1, broker.Starts, "broker killed and restarted three times");

            foreach (SimTerminal t in terminals)
            {
                t.Stop();
            }

            await cloud.StopAsync();
        }

        internal static async Task WaitUntil(Func<bool> condition, TimeSpan limit, string what, Func<string>? detail = null)
        {
            Stopwatch w = Stopwatch.StartNew();
            while (!condition())
            {
                if (w.Elapsed > limit)
                {
                    Assert.Fail("timed out waiting for " + what + (detail == null ? string.Empty : ":\n" + detail()));
                }

                await Task.Delay(50);
            }
        }
    }
}
