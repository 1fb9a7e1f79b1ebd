using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using Terminal.Insight.Config;
using Terminal.Insight.Data;
using Terminal.Insight.Generator;
using Terminal.Insight.Report;

namespace Terminal.Insight.Cli;

/// <summary>The command line: <c>report</c>, <c>generate</c>, <c>default-config</c>.</summary>
public static class InsightCli
{
    /// <summary>Exit code for bad input (unknown store, empty range, corrupt rows, bad options).</summary>
    public const int BadInput = 2;

    /// <summary>Runs the CLI with the given writers (tests pass their own).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        RootCommand root = Build(output, error);
        ParseResult parse = root.Parse(args);
        return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
    }

    private static RootCommand Build(TextWriter output, TextWriter error)
    {
        var root = new RootCommand("Shopper insight for the loyalty terminal cloud: retention, lifecycle events and programme uplift.");

        var db = new Option<string>("--db") { Description = "SQLite file (the cloud database) or PostgreSQL connection string (Host=...;Database=...)", Required = true };
        var tenant = new Option<string?>("--tenant") { Description = "Tenant (retailer); needed only when the database holds several" };
        var store = new Option<string[]>("--store") { Description = "Store id; repeat for several; default all stores of the tenant", AllowMultipleArgumentsPerToken = false };
        var from = new Option<string?>("--from") { Description = "First day, yyyy-MM-dd (UTC); default the start of the data" };
        var to = new Option<string?>("--to") { Description = "Last day included, yyyy-MM-dd (UTC); default the end of the data" };
        var outDir = new Option<string>("--out") { Description = "Output folder for report.html and the CSV files", Required = true };
        var configPath = new Option<string?>("--config") { Description = "Lifecycle/report settings (JSON); see default-config" };
        var quiet = new Option<bool>("--quiet") { Description = "No progress output" };
        var report = new Command("report", "Write report.html (plots embedded) and one CSV per table");
        foreach (Option o in new Option[] { db, tenant, store, from, to, outDir, configPath, quiet })
        {
            report.Options.Add(o);
        }

        report.SetAction(p => Guard(error, () =>
        {
            var progress = p.GetValue(quiet) ? null : new Action<string>(m => error.WriteLine(m));
            var request = new ReportRequest
            {
                Db = p.GetValue(db)!,
                Tenant = p.GetValue(tenant),
                Stores = p.GetValue(store) ?? [],
                From = ParseDate(p.GetValue(from), "--from"),
                To = ParseDate(p.GetValue(to), "--to"),
                Config = p.GetValue(configPath) is string path ? InsightConfig.Load(path) : new InsightConfig(),
            };
            InsightReport r = ReportBuilder.Build(request, progress);
            List<string> files = ReportWriter.Write(r, p.GetValue(outDir)!);
            foreach (string h in r.Headlines)
            {
                output.WriteLine("* " + h);
            }

            output.WriteLine("wrote " + files.Count + " files; open " + files[^1]);
        }));
        root.Subcommands.Add(report);

        var gdb = new Option<string>("--db") { Description = "SQLite file to create, or PostgreSQL connection string", Required = true };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace an existing database file / existing tables" };
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 1 };
        var shoppers = new Option<int>("--shoppers") { Description = "Members to enrol", DefaultValueFactory = _ => 4000 };
        var stores = new Option<int>("--stores") { Description = "Stores", DefaultValueFactory = _ => 3 };
        var start = new Option<string>("--start") { Description = "First day, yyyy-MM-dd", DefaultValueFactory = _ => "2024-01-01" };
        var months = new Option<int>("--months") { Description = "Months of history", DefaultValueFactory = _ => 12 };
        var anonymous = new Option<double>("--anonymous-per-day") { Description = "Anonymous sales per store and day", DefaultValueFactory = _ => 25 };
        var aha = new Option<double>("--aha-spend-uplift") { Description = "Planted: basket uplift after the first redemption (0.12 = +12%)", DefaultValueFactory = _ => 0.12 };
        var habit = new Option<double>("--habit-retention") { Description = "Planted: month-3-to-6 survival ratio for members with a visit in each of months 0-2", DefaultValueFactory = _ => 1.8 };
        var premium = new Option<double>("--member-premium") { Description = "Planted: member baskets larger than anonymous ones (0.05 = +5%)", DefaultValueFactory = _ => 0.0 };
        var currency = new Option<string>("--currency") { Description = "Currency code", DefaultValueFactory = _ => "EUR" };
        var decimals = new Option<int>("--decimals") { Description = "Minor-unit digits", DefaultValueFactory = _ => 2 };
        var generate = new Command("generate", "Write a synthetic multi-store shopper history with planted effects into a cloud database");
        foreach (Option o in new Option[] { gdb, overwrite, seed, shoppers, stores, start, months, anonymous, aha, habit, premium, currency, decimals })
        {
            generate.Options.Add(o);
        }

        generate.SetAction(p => Guard(error, () =>
        {
            var options = new GeneratorOptions
            {
                Seed = p.GetValue(seed),
                Shoppers = p.GetValue(shoppers),
                Stores = p.GetValue(stores),
                Start = ParseDate(p.GetValue(start), "--start") ?? new DateOnly(2024, 1, 1),
                Months = p.GetValue(months),
                AnonymousPerDay = p.GetValue(anonymous),
                AhaSpendUplift = p.GetValue(aha),
                HabitRetention = p.GetValue(habit),
                MemberPremium = p.GetValue(premium),
                Currency = p.GetValue(currency)!,
                Decimals = p.GetValue(decimals),
            };
            Generate(p.GetValue(gdb)!, p.GetValue(overwrite), options, m => error.WriteLine(m), output);
        }));
        root.Subcommands.Add(generate);

        var defaults = new Command("default-config", "Print the default settings as JSON (a starting point for --config)");
        defaults.SetAction(_ =>
        {
            output.WriteLine(new InsightConfig().ToJson());
            return 0;
        });
        root.Subcommands.Add(defaults);
        return root;
    }

    /// <summary>Generates and writes a history (also used by the benchmark).</summary>
    public static GeneratedData Generate(string db, bool overwrite, GeneratorOptions options, Action<string>? progress, TextWriter? output = null)
    {
        options.Validate();
        if (CloudDatabase.Detect(db) == CloudEngine.Sqlite && File.Exists(db))
        {
            if (!overwrite)
            {
                throw new InsightException(db + " exists; pass --overwrite to replace it");
            }

            File.Delete(db);
        }

        progress?.Invoke("generating " + options.Shoppers.ToString("N0", CultureInfo.InvariantCulture) + " shoppers ...");
        GeneratedData data = ShopperGenerator.Generate(options, progress);
        progress?.Invoke("writing " + data.Rows.Length.ToString("N0", CultureInfo.InvariantCulture) + " transactions ...");
        using DbConnection c = CloudDatabase.OpenWrite(db);
        if (CloudDatabase.EngineOf(c) == CloudEngine.PostgreSql)
        {
            if (!overwrite && TableHasRows(c))
            {
                throw new InsightException("the PostgreSQL database already has transactions; pass --overwrite to replace the tables");
            }

            CloudWriter.DropTables(c);
        }

        CloudWriter.Write(c, data, progress);
        output?.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0:N0} transactions ({1:N0} members, {2:N0} anonymous sales, {3:N0} members formed the habit early, {4:N0} redeemed) written to {5}",
            data.Rows.Length, data.Uids.Length, data.AnonymousSales, data.HabitByLandmark, data.Redeemers, CloudDatabase.Redact(db)));
        return data;
    }

    private static bool TableHasRows(DbConnection c)
    {
        using DbCommand cmd = c.CreateCommand();
        cmd.CommandText = "SELECT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_name = 'transactions')";
        if (!(bool)cmd.ExecuteScalar()!)
        {
            return false;
        }

        cmd.CommandText = "SELECT EXISTS (SELECT 1 FROM transactions)";
        return (bool)cmd.ExecuteScalar()!;
    }

    private static DateOnly? ParseDate(string? text, string option)
    {
        if (text == null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly d))
        {
            return d;
        }

        throw new InsightException(option + " " + text + " is not a date like 2024-12-31");
    }

    private static int Guard(TextWriter error, Action action)
    {
        try
        {
            action();
            return 0;
        }
        catch (InsightException e)
        {
            error.WriteLine("error: " + e.Message);
            return BadInput;
        }
    }
}
