using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Terminal.Insight.Cli;
using Terminal.Insight.Tests.Report;

namespace Terminal.Insight.Tests.Cli;

/// <summary>The commands end to end: generate, report, and bad input that must leave no file behind.</summary>
[TestClass]
public sealed class InsightCliTests
{
    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = InsightCli.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [TestMethod]
    public void GenerateThenReportWritesOneSelfContainedHtmlAndACsvPerTable()
    {
        string dir = Path.Combine(Path.GetTempPath(), "insight-cli-" + Guid.NewGuid().ToString("N"));
        try
        {
            string db = Path.Combine(dir, "cloud.db");
            Directory.CreateDirectory(dir);
            var g = Cli("generate", "--db", db, "--shoppers", "600", "--months", "8", "--seed", "9", "--anonymous-per-day", "6");
            Assert.AreEqual(0, g.Code, g.Err);
            StringAssert.Contains(g.Out, "transactions (600 members");
            Assert.AreEqual(2, Cli("generate", "--db", db).Code, "an existing file is not overwritten without --overwrite");

            string outDir = Path.Combine(dir, "out");
            var r = Cli("report", "--db", db, "--out", outDir, "--from", "2024-01-01", "--to", "2024-08-31");
            Assert.AreEqual(0, r.Code, r.Err);
            StringAssert.Contains(r.Err, "rows read", "progress goes to stderr");
            StringAssert.Contains(r.Out, "* Sales in 3 stores");

            string[] files = Directory.GetFiles(outDir).Select(Path.GetFileName).OrderBy(f => f).ToArray()!;
            CollectionAssert.AreEqual(
                new[] { "category_mix.csv", "cohort_retention.csv", "event_signal.csv", "lifecycle_events.csv", "member_vs_anonymous.csv", "points_liability.csv", "report.html", "retention_curves.csv", "store_month.csv", "uplift_did.csv", "uplift_did_windows.csv" },
                files);
            Assert.AreEqual(0, Directory.GetDirectories(outDir).Length, "no temp folder left");

            string html = File.ReadAllText(Path.Combine(outDir, "report.html"));
            int images = Regex.Matches(html, "<img alt=\"[^\"]*\" src=\"data:image/png;base64,").Count;
            Assert.AreEqual(8, images, "heatmap, 3 retention curves, uplift, member share, category mix, liability");
            Assert.IsFalse(Regex.IsMatch(html, "(src|href)=\"(http|//|file:)"), "self-contained: nothing loaded from elsewhere");
            Assert.IsFalse(html.Contains("<script", StringComparison.OrdinalIgnoreCase));
            StringAssert.Contains(html, "selection bias");
            StringAssert.Contains(html, "€");

            // Each embedded plot is a real PNG.
            foreach (Match m in Regex.Matches(html, "base64,([A-Za-z0-9+/=]+)\""))
            {
                byte[] png = Convert.FromBase64String(m.Groups[1].Value);
                CollectionAssert.AreEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png.Take(4).ToArray());
                Assert.IsTrue(png.Length > 5000, "plot of " + png.Length + " bytes");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void BadInputGivesAClearErrorAndNoFile()
    {
        using TestDb db = HandComputedReportTests.TwoStores();
        string outDir = Path.Combine(db.Dir, "out");
        void ExpectError(string expected, params string[] extra)
        {
            var r = Cli(["report", "--db", db.Path_, "--out", outDir, "--quiet", .. extra]);
            Assert.AreEqual(InsightCli.BadInput, r.Code, r.Err);
            StringAssert.Contains(r.Err, expected);
            Assert.IsFalse(r.Err.Contains("   at ", StringComparison.Ordinal), "no stack trace: " + r.Err);
            Assert.IsTrue(!Directory.Exists(outDir) || Directory.GetFileSystemEntries(outDir).Length == 0, "no partial output");
        }

        ExpectError("error: unknown store S9; stores in the database: S1, S2", "--store", "S9");
        ExpectError("error: empty range: --from 2024-03-01 is after --to 2024-02-01", "--from", "2024-03-01", "--to", "2024-02-01");
        ExpectError("error: empty range: no sales in S1, S2 between 2024-06-01 and 2024-06-30", "--from", "2024-06-01", "--to", "2024-06-30");
        ExpectError("error: no transactions for tenant TEN1 before 2023-06-01", "--from", "2023-05-01", "--to", "2023-05-31");
        ExpectError("--from 2024-13-01 is not a date", "--from", "2024-13-01");
        db.Exec("UPDATE transactions SET ts = 'yesterday' WHERE terminal_id = 'T2' AND seq = 3");
        ExpectError("error: corrupt row in transactions (terminal T2, seq 3): ts is not an integer (yesterday)");
    }

    [TestMethod]
    public void AReportOverwritesTheOldOneOnlyWhenComplete()
    {
        using TestDb db = HandComputedReportTests.TwoStores();
        string outDir = Path.Combine(db.Dir, "out");
        Assert.AreEqual(0, Cli("report", "--db", db.Path_, "--out", outDir, "--quiet").Code);
        string before = File.ReadAllText(Path.Combine(outDir, "store_month.csv"));
        db.Exec("UPDATE transactions SET kind = 42 WHERE terminal_id = 'T2' AND seq = 1");
        Assert.AreEqual(InsightCli.BadInput, Cli("report", "--db", db.Path_, "--out", outDir, "--quiet").Code);
        Assert.AreEqual(before, File.ReadAllText(Path.Combine(outDir, "store_month.csv")), "a failed run leaves the previous report untouched");
    }

    [TestMethod]
    public void MissingRequiredOptionIsAParseError()
    {
        var r = Cli("report", "--out", "x");
        Assert.AreNotEqual(0, r.Code);
        StringAssert.Contains(r.Err + r.Out, "--db");
    }

    [TestMethod]
    public void DefaultConfigPrintsLoadableJson()
    {
        var r = Cli("default-config");
        Assert.AreEqual(0, r.Code);
        StringAssert.Contains(r.Out, "\"consecutiveMonths\": 3");
        Terminal.Insight.Config.InsightConfig.Parse(r.Out);
    }
}
