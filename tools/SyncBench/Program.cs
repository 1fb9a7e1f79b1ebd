using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Terminal.Cloud;
using Terminal.Core.Domain;
using Terminal.Core.Ledger;
using Terminal.Core.Ports;
using Terminal.Core.Sync;
using Terminal.Core.Tests.Fakes;
using Terminal.Host.Mqtt;

namespace SyncBench
{
    /// <summary>
    /// Drains a backlog of transactions from a terminal (real ledger + sync engine + MQTTnet) through
    /// a loopback mosquitto into the SQLite cloud, batched and windowed, and compares it with a naive
    /// publish-one-wait-for-ack loop in the same run. Bytes are counted on the TCP connection.
    /// Usage: SyncBench [--tx 10000] [--naive 2000]
    /// </summary>
    public static class Program
    {
        private sealed class Clock : IClock
        {
            private readonly Stopwatch _w = Stopwatch.StartNew();

            public uint UnixSeconds => 1772359200 + (uint)(_w.ElapsedMilliseconds / 1000);

            public long MonotonicMilliseconds => _w.ElapsedMilliseconds;
        }

        public static async Task<int> Main(string[] args)
        {
            int tx = Arg(args, "--tx", 10_000);
            int naive = Arg(args, "--naive", 2_000);
            const string Mosquitto = "/usr/sbin/mosquitto";
            if (!File.Exists(Mosquitto))
            {
                Console.Error.WriteLine(Mosquitto + " is missing: apt-get install mosquitto");
                return 2;
            }

            string dir = Directory.CreateTempSubdirectory("syncbench-").FullName;
            int port = FreePort();
            File.WriteAllLines(Path.Combine(dir, "mosquitto.conf"), new[] { "user root", $"listener {port} 127.0.0.1", "allow_anonymous true", "max_inflight_messages 100", "max_queued_messages 100000", "set_tcp_nodelay true" });
            using Process broker = Process.Start(new ProcessStartInfo(Mosquitto, new[] { "-c", Path.Combine(dir, "mosquitto.conf") }) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            WaitForPort(port);
            await using CloudService cloud = await CloudService.StartAsync(new CloudOptions { BrokerPort = port, Database = Path.Combine(dir, "cloud.db") });
            await cloud.WaitConnectedAsync();
            using ByteCountingProxy proxy = new(port);

            Console.WriteLine($"SyncBench: drain a backlog through loopback mosquitto (port {port}) into SQLite (synchronous=FULL, WAL); cloud in-process.");
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}");
            Console.WriteLine();
            Console.WriteLine($"| {"mode",-34} | {"tx",6} | {"seconds",7} | {"tx/s",8} | {"up B/tx",7} | {"down B/tx",9} | {"wire B/tx",9} |");
            Console.WriteLine($"|{new string('-', 36)}|{new string('-', 8)}|{new string('-', 9)}|{new string('-', 10)}|{new string('-', 9)}|{new string('-', 11)}|{new string('-', 11)}|");
            double naiveRate = Run("naive: publish 1, wait for app ack", "BN", naive, 1, 1, proxy, cloud);
            double batchRate = Run("engine: batch 32 x window 4", "BA", tx, 32, 4, proxy, cloud);
            Run("engine: batch 128 x window 4", "BB", tx, 128, 4, proxy, cloud);
            Console.WriteLine();
            Console.WriteLine($"batching drains {batchRate / naiveRate:F1}x faster than the naive loop (same broker, same cloud, same run).");
            Console.WriteLine("wire B/tx = all TCP bytes both ways between terminal and broker (MQTT framing, PUBACKs, app acks, status) / transactions.");
            broker.Kill();
            return 0;
        }

        private static double Run(string mode, string terminalId, int count, int batch, int window, ByteCountingProxy proxy, CloudService cloud)
        {
            MemoryLedgerStore store = new(256L * 1024 * 1024);
            Ledger ledger = new(store, LedgerOptions.Large());
            ledger.Mount();
            Random random = new(1);
            byte[][] cards = new byte[500][];
            for (int i = 0; i < cards.Length; i++)
            {
                cards[i] = new byte[] { 0x04, (byte)(i >> 8), (byte)i, 0x11, 0x22, 0x33, 0x44 };
            }

            bool[] enrolled = new bool[cards.Length];
            while (ledger.LastSequence < count)
            {
                int c = random.Next(cards.Length);
                Transaction earn = new() { Kind = TransactionKind.Earn, Timestamp = 1772359200, AmountMinor = 100 + random.Next(9900), Category = (byte)random.Next(4) };
                earn.Points = earn.AmountMinor / 100;
                earn.Uid.Set(cards[c], 0, 7);
                if (!enrolled[c] && ledger.LastSequence + 2 <= count)
                {
                    Transaction enrol = new() { Kind = TransactionKind.Enrol, Timestamp = 1772359200 };
                    enrol.Uid.Set(cards[c], 0, 7);
                    ledger.Commit(enrol, earn);
                    enrolled[c] = true;
                }
                else
                {
                    ledger.Commit(earn, null);
                }

                ledger.Maintain();
            }

            proxy.Reset();
            using MqttNetCloudLink link = new(new MqttLinkOptions { Port = proxy.Port, ClientId = terminalId, MaxOutgoing = 256 });
            SyncOptions options = new(terminalId, "bench-" + terminalId, "S1") { BatchSize = batch, WindowBatches = window, AckTimeoutMs = 10_000 };
            SyncEngine engine = new(ledger, link, options, new Clock());
            Stopwatch watch = Stopwatch.StartNew();
            engine.Start();
            while (ledger.SyncedSequence < count)
            {
                engine.Poll();
                ledger.Maintain();
                if (watch.Elapsed > TimeSpan.FromMinutes(10))
                {
                    throw new TimeoutException(mode + " did not drain");
                }

                Thread.Sleep(0);
            }

            watch.Stop();
            double seconds = watch.Elapsed.TotalSeconds;
            double rate = count / seconds;
            engine.Stop();
            Console.WriteLine($"| {mode,-34} | {count,6} | {seconds,7:F2} | {rate,8:F0} | {proxy.Up / (double)count,7:F1} | {proxy.Down / (double)count,9:F1} | {(proxy.Up + proxy.Down) / (double)count,9:F1} |");
            return rate;
        }

        private static int Arg(string[] args, string name, int fallback)
        {
            int i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        }

        private static int FreePort()
        {
            using TcpListener l = new(IPAddress.Loopback, 0);
            l.Start();
            return ((IPEndPoint)l.LocalEndpoint).Port;
        }

        private static void WaitForPort(int port)
        {
            for (int i = 0; i < 200; i++)
            {
                try
                {
                    using TcpClient c = new();
                    c.Connect(IPAddress.Loopback, port);
                    return;
                }
                catch (SocketException)
                {
                    Thread.Sleep(50);
                }
            }

            throw new InvalidOperationException("mosquitto did not start");
        }
    }
}
