using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using Terminal.Insight.Data;
using Terminal.Insight.Generator;
using Terminal.Insight.Report;

namespace InsightBench;

/// <summary>
/// Generates histories of a given size once, loads them into SQLite and PostgreSQL, then runs the full report
/// (load, analyses, plots, HTML and CSV) in a fresh child process per engine so that the child's peak working
/// set (VmHWM) is the report's own. Usage: InsightBench [--full] [--sizes 1000000,2000000] [--no-postgres].
/// </summary>
public static class Program
{
    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    public static int Main(string[] args)
    {
        if (args.Length >= 2 && args[0] == "--child")
        {
            return Child(args[1], args[2]);
        }

        bool full = args.Contains("--full");
        bool postgres = !args.Contains("--no-postgres");
        int sizesAt = Array.IndexOf(args, "--sizes");
        long[] sizes = sizesAt >= 0 ? args[sizesAt + 1].Split(',').Select(s => long.Parse(s, Ci)).ToArray() : full ? [1_000_000] : [100_000];
        string work = Path.Combine(Path.GetTempPath(), "insight-bench-" + Environment.ProcessId);
        Directory.CreateDirectory(work);
        var results = new List<string[]>();
        LocalPostgres? pg = null;
        try
        {
            if (postgres)
            {
                Console.Error.WriteLine("starting a local PostgreSQL ...");
                pg = LocalPostgres.Start();
            }

            foreach (long size in sizes)
            {
                // 50,000 shoppers per million transactions; anonymous sales make up the rest.
                int shoppers = (int)(size / 20);
                GeneratedData data = Make(size, shoppers);
                string sqlite = Path.Combine(work, "bench-" + size + ".db");
                var w = Stopwatch.StartNew();
                using (var c = CloudDatabase.OpenWrite(sqlite))
                {
                    CloudWriter.Write(c, data);
                }

                Console.Error.WriteLine(string.Format(Ci, "  SQLite written in {0:0.0} s", w.Elapsed.TotalSeconds));
                results.Add(Measure("SQLite", sqlite, data, work));
                if (pg != null)
                {
                    w.Restart();
                    using (var c = new NpgsqlConnection(pg.ConnectionString))
                    {
                        c.Open();
                        CloudWriter.DropTables(c);
                        CloudWriter.Write(c, data);
                    }

                    Console.Error.WriteLine(string.Format(Ci, "  PostgreSQL written in {0:0.0} s", w.Elapsed.TotalSeconds));
                    results.Add(Measure("PostgreSQL", pg.ConnectionString, data, work));
                }

                File.Delete(sqlite);
            }
        }
        finally
        {
            pg?.Dispose();
            Directory.Delete(work, recursive: true);
        }

        Console.WriteLine();
        Console.WriteLine("| engine | transactions | members | load (s) | report total (s) | report CPU (s) | peak working set (MB) | managed heap after (MB) | allocated (MB) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (string[] r in results)
        {
            Console.WriteLine("| " + string.Join(" | ", r) + " |");
        }

        Console.WriteLine();
        Console.WriteLine("machine: " + Environment.ProcessorCount + " cores, " + (GC.GetGCMemoryInfo().TotalAvailableMemoryBytes >> 20) + " MB available to .NET, " + System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);
        return 0;
    }

    private static GeneratedData Make(long size, int shoppers)
    {
        Console.Error.WriteLine("generating ~" + size.ToString("N0", Ci) + " transactions for " + shoppers.ToString("N0", Ci) + " members ...");
        var options = new GeneratorOptions { Seed = 42, Shoppers = shoppers, Stores = 10, AnonymousPerDay = 0 };
        int memberRows = ShopperGenerator.Generate(options).Rows.Length;
        options.AnonymousPerDay = Math.Max(0, (size - memberRows) / (366.0 * options.Stores));
        GeneratedData data = ShopperGenerator.Generate(options);
        Console.Error.WriteLine("  " + data.Rows.Length.ToString("N0", Ci) + " transactions");
        return data;
    }

    private static string[] Measure(string engine, string db, GeneratedData data, string work)
    {
        Console.Error.WriteLine("  report on " + engine + " ...");
        var psi = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        string self = typeof(Program).Assembly.Location;
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            psi.ArgumentList.Add(self);
        }

        psi.ArgumentList.Add("--child");
        psi.ArgumentList.Add(db);
        psi.ArgumentList.Add(Path.Combine(work, "out-" + engine));
        using Process p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException("report on " + engine + " failed: " + output);
        }

        string[] v = output.Trim().Split('\n')[^1].Split(';');
        return [engine, data.Rows.Length.ToString("N0", Ci), data.Uids.Length.ToString("N0", Ci), v[0], v[1], v[5], v[2], v[3], v[4]];
    }

    private static int Child(string db, string outDir)
    {
        // Wall time on a shared machine includes waiting for a core; the CPU column shows the work itself.
        string loaded = "?";
        var watch = Stopwatch.StartNew();
        InsightReport report = ReportBuilder.Build(new ReportRequest { Db = db }, m =>
        {
            Match match = Regex.Match(m, @" in ([0-9.]+) s");
            if (m.StartsWith("loaded", StringComparison.Ordinal) && match.Success)
            {
                loaded = match.Groups[1].Value;
            }
        });
        ReportWriter.Write(report, outDir);
        double total = watch.Elapsed.TotalSeconds;
        using Process me = Process.GetCurrentProcess();
        me.Refresh();
        Console.WriteLine(string.Join(";",
            loaded,
            total.ToString("0.0", Ci),
            (me.PeakWorkingSet64 >> 20).ToString(Ci),
            (GC.GetGCMemoryInfo().HeapSizeBytes >> 20).ToString(Ci),
            (GC.GetTotalAllocatedBytes() >> 20).ToString(Ci),
            me.TotalProcessorTime.TotalSeconds.ToString("0.0", Ci)));
        return 0;
    }
}
