using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using LedgerBench;
using Terminal.Core.Domain;
using Terminal.Core.Ledger;
using Terminal.Core.Ledger.Harness;
using Terminal.Core.Ports;
using Terminal.Core.Tests.Fakes;
using Terminal.Host;

// Ledger benchmark (docs/ledger.md, "Benchmark").
//   dotnet run -c Release --project tools/LedgerBench                quick: 5,000 cards, 10,000 purchases, last 2,000 measured
//   dotnet run -c Release --project tools/LedgerBench -- --full      50,000 cards, then 100,000 purchases, all measured
//   options: --cards N --purchases N --measure N --dir PATH --trace FILE --keep --no-scale
//   The last section (device scale: capacity, RAM, boot reads) is the same in both modes.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
BenchConfig config = BenchConfig.Parse(args);
if (config == null)
{
    return 2;
}

Console.WriteLine($"Ledger benchmark: {config.Cards:N0} cards, {config.Purchases:N0} purchases, the last {config.Measure:N0} measured " +
    $"(one lookup + one durable commit each; maintenance and a cloud acknowledgement every {BenchConfig.AckEvery} between taps)");
Console.WriteLine($"Files in {config.Directory}; .NET {Environment.Version}, {Environment.ProcessorCount} cores, {RuntimeOs()}");
Console.WriteLine();

// 1. The starting state, built on simulated flash through the ledger's own tap path.
Stopwatch watch = Stopwatch.StartNew();
bool large = config.Cards > 5000;
LedgerOptions options = large ? LedgerOptions.Large() : LedgerOptions.Small();
SimulatedLittleFs flash = large ? SimulatedLittleFs.Large() : SimulatedLittleFs.Small();
TraceObserver trace = config.TraceFile == null ? null : new TraceObserver(config.TraceFile);
flash.Observer = trace;
trace?.Phase("preload: format, enrol every card with a first purchase, purchases before the measured window");
Ledger preload = new Ledger(flash, options);
preload.Mount();
ScaleScenario scenario = new ScaleScenario(config.Cards, 0);
scenario.FillCards(preload);
TapWorkload workload = new TapWorkload(scenario);
for (int i = 0; i < config.Purchases - config.Measure; i++)
{
    workload.Tap(preload, i);
    workload.Between(preload, i);
}

flash.Observer = null;
SimulatedLittleFs start = flash.Fork();
Console.WriteLine($"Starting state built in {watch.Elapsed.TotalSeconds:F1}s: {preload.CardCount:N0} cards, sequence {preload.LastSequence:N0}, " +
    $"{preload.UnsyncedCount} unacknowledged, {flash.UsedBlocks}/{flash.TotalBlocks} blocks of the {(large ? "2 MiB" : "256 KiB")} partition used");

// 2. The same window on simulated LittleFS: what a tap costs the flash.
FlashResult device = FlashRun.Run(start.Fork(), options, workload, config, trace);
trace?.Dispose();

// 2b. What the ledger itself allocates per tap (a store that never allocates).
CoreResult core = FlashRun.Allocations(PreallocatedStore.CopyOf(start.Fork()), options, workload, config);

// 3. This ledger on real files, fsync per commit.
string ledgerDir = Path.Combine(config.Directory, "ledger");
string sqlitePath = Path.Combine(config.Directory, "ledger.sqlite");
Directory.CreateDirectory(config.Directory);
FlashRun.Export(start.Fork(), ledgerDir);
HostResult ours = HostRun.RunLedger(ledgerDir, options, workload, config);

// 4. SQLite with the same starting state and the same window.
HostRun.BuildSqlite(start.Fork(), options, sqlitePath, config.Cards, scenario);
HostResult sqlite = HostRun.RunSqlite(sqlitePath, workload, config);

// 5. Both ledgers must end with the same balances.
int disagreements = HostRun.CompareBalances(ledgerDir, options, sqlitePath, scenario, config.Cards);

Report.Print(config, device, core, ours, sqlite, disagreements, large);
if (!config.SkipScale)
{
    ScaleReport.Print();
}

if (!config.Keep)
{
    Directory.Delete(config.Directory, true);
}

return disagreements == 0 ? 0 : 1;

static string RuntimeOs() => System.Runtime.InteropServices.RuntimeInformation.OSDescription;

namespace LedgerBench
{
    /// <summary>Command line.</summary>
    public sealed class BenchConfig
    {
        public const int AckEvery = 500;

        public int Cards = 5000;
        public int Purchases = 10000;
        public int Measure = 2000;
        public string Directory = Path.Combine(Path.GetTempPath(), "ledgerbench-" + Environment.ProcessId);
        public string TraceFile;
        public bool Keep;
        public bool Full;
        public bool SkipScale;

        public static BenchConfig Parse(string[] args)
        {
            BenchConfig c = new BenchConfig();
            for (int i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--full":
                        c.Full = true;
                        c.Cards = 50000;
                        c.Purchases = 100000;
                        c.Measure = 100000;
                        break;
                    case "--cards": c.Cards = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--purchases": c.Purchases = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--measure": c.Measure = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--dir": c.Directory = args[++i]; break;
                    case "--trace": c.TraceFile = args[++i]; break;
                    case "--keep": c.Keep = true; break;
                    case "--no-scale": c.SkipScale = true; break;
                    default:
                        Console.Error.WriteLine("unknown option " + args[i]);
                        return null;
                }
            }

            c.Measure = Math.Min(c.Measure, c.Purchases);
            return c;
        }
    }

    /// <summary>The purchases: the same sequence for every ledger.</summary>
    public sealed class TapWorkload
    {
        private readonly ScaleScenario _scenario;
        private readonly CardUid _uid = new CardUid();
        private readonly CardState _state = new CardState();
        private readonly Transaction _tx = new Transaction();

        public TapWorkload(ScaleScenario scenario)
        {
            _scenario = scenario;
        }

        public int CardOf(int i) => (int)(((i * 7919L) + 13) % _scenario.Cards);

        /// <summary>Purchase <paramref name="i"/> through this ledger: lookup, then one commit.</summary>
        public void Tap(Ledger ledger, int i)
        {
            _scenario.CardUid(CardOf(i), _uid);
            ledger.Lookup(_uid, _state);
            Fill(i, _state.Balance);
            ledger.Commit(_tx, null);
        }

        /// <summary>Between taps: the flow's maintenance, and the cloud's acknowledgement now and then.</summary>
        public bool Between(Ledger ledger, int i)
        {
            bool worked = false;
            for (int k = 0; k < 64 && ledger.NeedsMaintenance; k++)
            {
                worked |= ledger.Maintain();
            }

            if (i % BenchConfig.AckEvery == BenchConfig.AckEvery - 1)
            {
                ledger.MarkSynced(ledger.LastSequence);
                worked = true;
            }

            return worked;
        }

        public void Tap(SqliteLedger ledger, int i)
        {
            _scenario.CardUid(CardOf(i), _uid);
            ledger.Lookup(_uid, _state);
            Fill(i, _state.Balance);
            ledger.Commit(_tx);
        }

        public bool Between(SqliteLedger ledger, int i)
        {
            if (i % BenchConfig.AckEvery == BenchConfig.AckEvery - 1)
            {
                ledger.MarkSynced(ledger.LastSequence);
                return true;
            }

            return false;
        }

        /// <summary>Every 20th purchase with 50+ points redeems 50 of them; the others earn 1-30.</summary>
        private void Fill(int i, int balance)
        {
            _tx.Clear();
            _tx.Timestamp = 1772359200u + (uint)i;
            _tx.Uid.CopyFrom(_uid);
            if (i % 20 == 19 && balance >= 50)
            {
                _tx.Kind = TransactionKind.Redeem;
                _tx.Points = -50;
                _tx.VoucherId = 20;
                _tx.DiscountMinor = 500;
            }
            else
            {
                _tx.Kind = TransactionKind.Earn;
                _tx.Points = 1 + (i % 30);
                _tx.AmountMinor = _tx.Points * 100 + 37;
                _tx.Category = (byte)(i % 4);
            }
        }
    }

    /// <summary>Writes the simulated flash's store operations, one per line: op,file,offset,length,to.</summary>
    public sealed class TraceObserver : IStoreObserver, IDisposable
    {
        private readonly StreamWriter _writer;

        public TraceObserver(string path)
        {
            _writer = new StreamWriter(path, false, new System.Text.UTF8Encoding(false), 1 << 16);
            _writer.WriteLine("# store-operation trace of the ledger benchmark on simulated LittleFS (docs/ledger.md)");
            _writer.WriteLine("# op,file,offset,length,to   offset: read position, or the length before an append");
        }

        public void Phase(string text) => _writer.WriteLine("# phase: " + text);

        public void BeforeOperation(SimulatedLittleFs store, long index, StoreOperation operation, string name, int position, int count, string other)
        {
            _writer.Write(operation.ToString().ToLowerInvariant());
            _writer.Write(',');
            _writer.Write(name);
            _writer.Write(',');
            _writer.Write(position);
            _writer.Write(',');
            _writer.Write(count);
            if (other != null)
            {
                _writer.Write(',');
                _writer.Write(other);
            }

            _writer.WriteLine();
        }

        public void Dispose() => _writer.Dispose();
    }

    /// <summary>What the measured window cost the simulated flash.</summary>
    public sealed class FlashResult
    {
        public long MountBytesRead;
        public long MountCalls;
        public double TapCommits;
        public double TapMetadataCommits;
        public double TapDataErases;
        public double TapBytesWritten;
        public double TapCalls;
        public double AllCommits;
        public double AllDataErases;
        public double AllMetadataErases;
        public double AllBytesWritten;
        public double AllBytesProgrammed;
        public double AllBytesRead;
        public double TapAllocated;
        public double AllAllocated;
        public long LedgerRam;
        public int UsedBlocks;
        public int TotalBlocks;
    }

    public static class FlashRun
    {
        public static FlashResult Run(SimulatedLittleFs fs, LedgerOptions options, TapWorkload workload, BenchConfig config, TraceObserver trace)
        {
            FlashResult r = new FlashResult();
            fs.Observer = trace;
            trace?.Phase("mount");
            long before = GC.GetTotalMemory(true);
            fs.ResetCounters();
            long calls = fs.Operations;
            Ledger ledger = new Ledger(fs, options);
            ledger.Mount();
            r.MountBytesRead = fs.BytesRead;
            r.MountCalls = fs.Operations - calls;
            r.LedgerRam = GC.GetTotalMemory(true) - before;
            trace?.Phase("measured purchases (tap: read + append; then maintenance between taps)");

            // One untimed tap so lazily initialised runtime paths are not billed to the window.
            int first = config.Purchases - config.Measure;
            fs.ResetCounters();
            long tapCommits = 0, tapMeta = 0, tapErases = 0, tapBytes = 0, tapCalls = 0, tapAlloc = 0, allAlloc = 0;
            for (int i = first; i < config.Purchases; i++)
            {
                long c0 = fs.Commits, m0 = fs.MetadataCommits, e0 = fs.DataErases, b0 = fs.BytesWritten, o0 = fs.Operations;
                long a0 = GC.GetAllocatedBytesForCurrentThread();
                workload.Tap(ledger, i);
                long a1 = GC.GetAllocatedBytesForCurrentThread();
                tapCommits += fs.Commits - c0;
                tapMeta += fs.MetadataCommits - m0;
                tapErases += fs.DataErases - e0;
                tapBytes += fs.BytesWritten - b0;
                tapCalls += fs.Operations - o0;
                tapAlloc += a1 - a0;
                workload.Between(ledger, i);
                allAlloc += GC.GetAllocatedBytesForCurrentThread() - a0;
            }

            double n = config.Measure;
            r.TapCommits = tapCommits / n;
            r.TapMetadataCommits = tapMeta / n;
            r.TapDataErases = tapErases / n;
            r.TapBytesWritten = tapBytes / n;
            r.TapCalls = tapCalls / n;
            r.AllCommits = fs.Commits / n;
            r.AllDataErases = fs.DataErases / n;
            r.AllMetadataErases = fs.MetadataErases / n;
            r.AllBytesWritten = fs.BytesWritten / n;
            r.AllBytesProgrammed = fs.BytesProgrammed / n;
            r.AllBytesRead = fs.BytesRead / n;
            r.TapAllocated = tapAlloc / n;
            r.AllAllocated = allAlloc / n;
            r.UsedBlocks = fs.UsedBlocks;
            r.TotalBlocks = fs.TotalBlocks;
            fs.Observer = null;
            return r;
        }

        public static CoreResult Allocations(PreallocatedStore store, LedgerOptions options, TapWorkload workload, BenchConfig config)
        {
            Ledger ledger = new Ledger(store, options);
            ledger.Mount();
            int first = config.Purchases - config.Measure;
            long tap = 0, all = 0, worstTap = 0;
            for (int i = first; i < config.Purchases; i++)
            {
                long s0 = store.OwnAllocations;
                long a0 = GC.GetAllocatedBytesForCurrentThread();
                workload.Tap(ledger, i);
                long a1 = GC.GetAllocatedBytesForCurrentThread();
                long s1 = store.OwnAllocations;
                workload.Between(ledger, i);
                long a2 = GC.GetAllocatedBytesForCurrentThread();
                long ownTap = (a1 - a0) - (s1 - s0);
                tap += ownTap;
                worstTap = Math.Max(worstTap, ownTap);
                all += (a2 - a0) - (store.OwnAllocations - s0);
            }

            return new CoreResult { TapAllocated = tap / (double)config.Measure, AllAllocated = all / (double)config.Measure, WorstTap = worstTap };
        }

        /// <summary>Copies the simulated partition's files into a directory (same bytes the ledger wrote).</summary>
        public static void Export(SimulatedLittleFs fs, string directory)
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, true);
            }

            DirectoryLedgerStore target = new DirectoryLedgerStore(directory, durable: false);
            byte[] buffer = new byte[1 << 20];
            foreach (string name in fs.List(string.Empty))
            {
                int n = fs.Read(name, 0, buffer, 0, buffer.Length);
                target.Create(name, buffer, 0, n);
            }
        }
    }

    /// <summary>Managed allocations of the ledger alone.</summary>
    public sealed class CoreResult
    {
        public double TapAllocated;
        public double AllAllocated;
        public long WorstTap;
    }

    /// <summary>Timings and costs of the measured window on real files.</summary>
    public sealed class HostResult
    {
        public string Name;
        public double Seconds;
        public double TapSeconds;
        public double P50Micro;
        public double P99Micro;
        public double MaxMicro;
        public double P99QuietMicro;
        public double QuietShare;
        public double TapBytes;
        public double AllBytes;
        public double WcharPerTap;
        public double TapAllocated;
        public double AllAllocated;
        public long MountBytesRead;
        public double MountMilli;
        public long FileGrowth;

        public double TapsPerSecondTapPath => TapSeconds > 0 ? Count / TapSeconds : 0;

        public double TapsPerSecondSustained => Seconds > 0 ? Count / Seconds : 0;

        public int Count;
    }

    public static class HostRun
    {
        public static HostResult RunLedger(string directory, LedgerOptions options, TapWorkload workload, BenchConfig config)
        {
            DirectoryLedgerStore files = new DirectoryLedgerStore(directory, durable: true);
            CountingLedgerStore store = new CountingLedgerStore(files);
            Stopwatch mount = Stopwatch.StartNew();
            Ledger ledger = new Ledger(store, options);
            ledger.Mount();
            HostResult r = new HostResult { Name = "this ledger", MountMilli = mount.Elapsed.TotalMilliseconds, MountBytesRead = store.BytesRead };
            store.ResetCounters();
            long tapBytes = 0;
            r = Measure(r, config, i =>
            {
                long b = store.BytesWritten;
                workload.Tap(ledger, i);
                tapBytes += store.BytesWritten - b;
            }, i => workload.Between(ledger, i));
            r.TapBytes = tapBytes / (double)config.Measure;
            r.AllBytes = store.BytesWritten / (double)config.Measure;
            return r;
        }

        public static HostResult RunSqlite(string path, TapWorkload workload, BenchConfig config)
        {
            Stopwatch mount = Stopwatch.StartNew();
            using SqliteLedger sqlite = new SqliteLedger(path, durable: true);
            HostResult r = new HostResult { Name = "SQLite", MountMilli = mount.Elapsed.TotalMilliseconds, MountBytesRead = -1 };
            long size = FileSize(path) + FileSize(path + "-wal");
            r = Measure(r, config, i => workload.Tap(sqlite, i), i => workload.Between(sqlite, i));
            r.FileGrowth = FileSize(path) + FileSize(path + "-wal") - size;
            r.TapBytes = double.NaN;
            r.AllBytes = r.WcharPerTap;
            return r;
        }

        public static void BuildSqlite(SimulatedLittleFs start, LedgerOptions options, string path, int cards, ScaleScenario scenario)
        {
            foreach (string suffix in new[] { string.Empty, "-wal", "-shm" })
            {
                File.Delete(path + suffix);
            }

            Ledger ledger = new Ledger(start, options);
            ledger.Mount();
            using SqliteLedger sqlite = new SqliteLedger(path, durable: false);
            CardUid uid = new CardUid();
            CardState state = new CardState();
            Transaction[] journal = new Transaction[Math.Max(1, ledger.UnsyncedCount)];
            for (int i = 0; i < journal.Length; i++)
            {
                journal[i] = new Transaction();
            }

            sqlite.Load(s =>
            {
                for (int i = 0; i < cards; i++)
                {
                    scenario.CardUid(i, uid);
                    ledger.Lookup(uid, state);
                    s.PutCard(uid.Key(), state.Balance, state.VouchersUsed);
                }

                int n = ledger.ReadJournal(ledger.SyncedSequence + 1, journal, journal.Length);
                for (int i = 0; i < n; i++)
                {
                    s.PutTransaction(journal[i]);
                }

                s.SetSynced(ledger.SyncedSequence);
            });
        }

        public static int CompareBalances(string directory, LedgerOptions options, string sqlitePath, ScaleScenario scenario, int cards)
        {
            Ledger ledger = new Ledger(new DirectoryLedgerStore(directory, durable: false), options);
            ledger.Mount();
            using SqliteLedger sqlite = new SqliteLedger(sqlitePath, durable: false);
            CardUid uid = new CardUid();
            CardState a = new CardState();
            CardState b = new CardState();
            int disagreements = 0;
            for (int i = 0; i < cards; i++)
            {
                scenario.CardUid(i, uid);
                ledger.Lookup(uid, a);
                sqlite.Lookup(uid, b);
                if (a.Exists != b.Exists || a.Balance != b.Balance)
                {
                    disagreements++;
                }
            }

            if (ledger.LastSequence != sqlite.LastSequence)
            {
                disagreements++;
            }

            return disagreements;
        }

        private static HostResult Measure(HostResult r, BenchConfig config, Action<int> tap, Func<int, bool> between)
        {
            int first = config.Purchases - config.Measure;
            long[] ticks = new long[config.Measure];
            List<long> quiet = new List<long>(config.Measure);
            bool previousWorked = false;
            long tapAlloc = 0, allAlloc = 0;
            long wchar = ProcIo("wchar");
            Stopwatch wall = Stopwatch.StartNew();
            for (int i = first; i < config.Purchases; i++)
            {
                long a0 = GC.GetAllocatedBytesForCurrentThread();
                long t0 = Stopwatch.GetTimestamp();
                tap(i);
                long t1 = Stopwatch.GetTimestamp();
                long a1 = GC.GetAllocatedBytesForCurrentThread();
                bool worked = between(i);
                ticks[i - first] = t1 - t0;
                if (!previousWorked)
                {
                    quiet.Add(t1 - t0);
                }

                previousWorked = worked;
                tapAlloc += a1 - a0;
                allAlloc += GC.GetAllocatedBytesForCurrentThread() - a0;
            }

            r.Seconds = wall.Elapsed.TotalSeconds;
            long wcharDelta = ProcIo("wchar") - wchar;
            r.Count = config.Measure;
            long total = 0;
            foreach (long t in ticks)
            {
                total += t;
            }

            r.TapSeconds = total / (double)Stopwatch.Frequency;
            Array.Sort(ticks);
            r.P50Micro = Micro(ticks[ticks.Length / 2]);
            r.P99Micro = Micro(ticks[Math.Min(ticks.Length - 1, (int)(ticks.Length * 0.99))]);
            r.MaxMicro = Micro(ticks[ticks.Length - 1]);
            quiet.Sort();
            r.P99QuietMicro = quiet.Count == 0 ? double.NaN : Micro(quiet[Math.Min(quiet.Count - 1, (int)(quiet.Count * 0.99))]);
            r.QuietShare = quiet.Count / (double)ticks.Length;
            r.TapAllocated = tapAlloc / (double)config.Measure;
            r.AllAllocated = allAlloc / (double)config.Measure;
            r.WcharPerTap = wcharDelta < 0 ? double.NaN : wcharDelta / (double)config.Measure;
            return r;
        }

        private static double Micro(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;

        private static long FileSize(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

        /// <summary>A counter of /proc/self/io (Linux): wchar = bytes handed to write(2) and friends.</summary>
        private static long ProcIo(string key)
        {
            try
            {
                foreach (string line in File.ReadAllLines("/proc/self/io"))
                {
                    if (line.StartsWith(key + ":", StringComparison.Ordinal))
                    {
                        return long.Parse(line.Substring(key.Length + 1).Trim(), CultureInfo.InvariantCulture);
                    }
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }

            return -1;
        }
    }

    /// <summary>Device scale on simulated partitions: capacity, RAM against card count, boot reads against history.</summary>
    public static class ScaleReport
    {
        public static void Print()
        {
            Console.WriteLine();
            Console.WriteLine("Device scale (simulated LittleFS, 16 KiB of the partition taken by Wi-Fi/certificate files)");
            Console.WriteLine("                                     cards   unsynced   refused   blocks used   free bytes   files   metadata pairs   managed bytes held");
            SimulatedLittleFs small = Capacity("4 MB module, 256 KiB", SimulatedLittleFs.Small(), LedgerOptions.Small(), 5000, 2000, false);
            SimulatedLittleFs large = Capacity("8 MB module, 2 MiB", SimulatedLittleFs.Large(), LedgerOptions.Large(), 50000, 20000, false);
            Console.WriteLine("  the same with the cloud's view of every card (a tenth known from the cloud only):");
            SimulatedLittleFs smallCloud = Capacity("4 MB module + cloud view", SimulatedLittleFs.Small(), LedgerOptions.Small(), 5000, 2000, true);
            SimulatedLittleFs largeCloud = Capacity("8 MB module + cloud view", SimulatedLittleFs.Large(), LedgerOptions.Large(), 50000, 20000, true);
            CloudCost.Print(smallCloud, largeCloud);

            SimulatedLittleFs fiveThousand = new SimulatedLittleFs(SimulatedLittleFs.LargePartitionBytes, SimulatedLittleFs.DefaultForeignBytes);
            new ScaleScenario(5000, 2000).Fill(fiveThousand, LedgerOptions.Large());
            long ram5k = Footprint(fiveThousand, LedgerOptions.Large());
            long ram50k = Footprint(large.Fork(), LedgerOptions.Large());
            Console.WriteLine($"  RAM, same build (Large options), full GC: 5,000 cards {ram5k:N0} bytes, 50,000 cards {ram50k:N0} bytes, difference {ram50k - ram5k:N0} bytes");
            Console.WriteLine($"  Bytes read at mount (Small): after 1,000 lifetime transactions {MountRead(1000):N0}, after 20,000 {MountRead(20000):N0}");
            GC.KeepAlive(small);
        }

        private static SimulatedLittleFs Capacity(string name, SimulatedLittleFs fs, LedgerOptions options, int cards, int unsynced, bool cloud)
        {
            ScaleScenario scenario = new ScaleScenario(cards, unsynced) { WithCloud = cloud, CloudOnly = cloud ? cards / 10 : 0 };
            Ledger ledger = scenario.Fill(fs, options);
            long ram = Footprint(fs.Fork(), options);
            Console.WriteLine($"  {name,-30}{ledger.CardCount,10:N0}{ledger.UnsyncedCount,11:N0}{scenario.Refusals,10}{fs.UsedBlocks,8}/{fs.TotalBlocks,-5}{fs.FreeBytes,13:N0}{fs.FileCount,8}{fs.MetadataPairs,17}{ram,21:N0}");
            return fs;
        }

        public static long Footprint(SimulatedLittleFs fs, LedgerOptions options)
        {
            long before = GC.GetTotalMemory(true);
            Ledger ledger = new Ledger(fs, options);
            ledger.Mount();
            CardUid uid = new CardUid();
            new ScaleScenario(1, 0).CardUid(0, uid);
            ledger.Lookup(uid, new CardState());
            long after = GC.GetTotalMemory(true);
            GC.KeepAlive(ledger);
            return after - before;
        }

        private static long MountRead(int lifetime)
        {
            SimulatedLittleFs fs = SimulatedLittleFs.Small();
            LedgerOptions options = LedgerOptions.Small();
            Ledger ledger = new ScaleScenario(200, 0).Fill(fs, options);
            ScaleScenario trade = new ScaleScenario(200, lifetime);
            for (int done = 0; done < lifetime; done += 50)
            {
                trade.FillBacklog(ledger, done, Math.Min(lifetime, done + 50));
                if (lifetime - done > 100)
                {
                    ledger.MarkSynced(ledger.LastSequence);
                }
            }

            fs.ResetCounters();
            new Ledger(fs, options).Mount();
            return fs.BytesRead;
        }
    }

    public static class Report
    {
        public static void Print(BenchConfig config, FlashResult d, CoreResult core, HostResult ours, HostResult sqlite, int disagreements, bool large)
        {
            Console.WriteLine();
            Console.WriteLine($"Real files, fsync per transaction ({config.Measure:N0} measured purchases)");
            Console.WriteLine("                                          this ledger         SQLite    SQLite ÷ this");
            Row("taps/s, tap path (lookup + commit)", ours.TapsPerSecondTapPath, sqlite.TapsPerSecondTapPath, "F0");
            Row("taps/s, sustained (incl. maintenance)", ours.TapsPerSecondSustained, sqlite.TapsPerSecondSustained, "F0");
            Row("p50 per tap, µs", ours.P50Micro, sqlite.P50Micro, "F0");
            Row("p99 per tap, µs", ours.P99Micro, sqlite.P99Micro, "F0");
            Row("max per tap, µs", ours.MaxMicro, sqlite.MaxMicro, "F0");
            Row("p99, taps not right after maintenance, µs", ours.P99QuietMicro, sqlite.P99QuietMicro, "F0");
            Console.WriteLine($"    (those are {ours.QuietShare:P0} of this ledger's taps and {sqlite.QuietShare:P0} of SQLite's; fsync latency on a shared VM varies from run to run)");
            Row("bytes written per tap, tap path (API)", ours.TapBytes, sqlite.TapBytes, "F0");
            Row("bytes written per tap, all (API)", ours.AllBytes, double.NaN, "F0");
            Row("bytes written per tap, write(2) (wchar)", ours.WcharPerTap, sqlite.WcharPerTap, "F0");
            Row("managed bytes allocated per tap", ours.TapAllocated, sqlite.TapAllocated, "F0");
            Console.WriteLine("    (this ledger: FileStream objects of the host adapter; the ledger's own figure is below)");
            Row("  ... incl. maintenance / acks", ours.AllAllocated, sqlite.AllAllocated, "F0");
            Row("open / mount, ms", ours.MountMilli, sqlite.MountMilli, "F1");
            Row("bytes read at mount", ours.MountBytesRead, double.NaN, "F0");
            Console.WriteLine($"  SQLite db+wal growth over the window: {sqlite.FileGrowth:N0} bytes; balances of both ledgers agree: {(disagreements == 0 ? "yes" : "NO (" + disagreements + " differ)")}");
            Console.WriteLine();
            Console.WriteLine($"Simulated LittleFS, {(large ? "8 MB module (2 MiB partition), LedgerOptions.Large()" : "4 MB module (256 KiB partition), LedgerOptions.Small()")}, same window");
            Console.WriteLine("                                              per tap");
            Line("store calls in the tap path", d.TapCalls, "F2");
            Line("durable commits (closes) in the tap path", d.TapCommits, "F2");
            Line("  LittleFS metadata commits in the tap path", d.TapMetadataCommits, "F2");
            Line("block erases in the tap path", d.TapDataErases, "F3");
            Line("bytes written in the tap path", d.TapBytesWritten, "F1");
            Line("commits incl. maintenance", d.AllCommits, "F2");
            Line("data block erases incl. maintenance", d.AllDataErases, "F3");
            Line("metadata block erases incl. maintenance", d.AllMetadataErases, "F3");
            Line("bytes written incl. maintenance (API)", d.AllBytesWritten, "F0");
            Line("bytes programmed incl. maintenance (flash)", d.AllBytesProgrammed, "F0");
            Line("bytes read incl. maintenance", d.AllBytesRead, "F0");
            Line("ledger's own allocations, tap path, bytes", core.TapAllocated, "F2");
            Line("ledger's own allocations, incl. maintenance", core.AllAllocated, "F1");
            Console.WriteLine($"  (allocations measured on a store that never allocates; the largest single tap allocated {core.WorstTap} bytes)");
            Console.WriteLine($"  bytes read at mount: {d.MountBytesRead:N0} in {d.MountCalls} store calls; partition {d.UsedBlocks}/{d.TotalBlocks} blocks used");
        }

        private static void Row(string name, double ours, double sqlite, string format)
        {
            string ratio = double.IsNaN(ours) || double.IsNaN(sqlite) || ours == 0 ? "-" : (sqlite / ours).ToString("F2", CultureInfo.InvariantCulture);
            Console.WriteLine($"  {name,-40}{Format(ours, format),12}{Format(sqlite, format),15}{ratio,17}");
        }

        private static void Line(string name, double value, string format) => Console.WriteLine($"  {name,-44}{Format(value, format),12}");

        private static string Format(double value, string format) => double.IsNaN(value) || value < 0 ? "-" : value.ToString(format, CultureInfo.InvariantCulture);
    }
}
