using System;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Terminal.Core.Ledger;
using Terminal.Host.Simulation;

namespace Terminal.Simulator.Tests;

[TestClass]
public sealed class ScriptRunnerTests
{
    private static (int Code, string Output, TerminalRig Rig) Run(string script, string? dir = null, bool secure = true)
    {
        dir ??= Path.Combine(Path.GetTempPath(), "sim-" + Guid.NewGuid().ToString("N"));
        var clock = new SteppedClock(1772359200);
        var rig = new TerminalRig(dir, clock, LedgerOptions.Small(), secure);
        var output = new StringWriter();
        int code = new ScriptRunner(rig, clock, output).Run(new StringReader(script));
        rig.Dispose();
        return (code, output.ToString(), rig);
    }

    [TestMethod]
    public void DemoScriptRunsSaleBalanceRedemptionAndVoid()
    {
        string demo = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "demo.script"));
        var (code, output, rig) = Run(demo);
        Assert.AreEqual(0, code, output);
        StringAssert.Contains(output, "Give 5.00 EUR");
        StringAssert.Contains(output, "Voided");
        // enrol, card evidence, earn, redeem, anonymous sale, void.
        Assert.AreEqual(6u, rig.Ledger.LastSequence, rig.Status());
        Directory.Delete(rig.DataDirectory, recursive: true);
    }

    [TestMethod]
    public void LedgerPersistsAcrossSimulatorRuns()
    {
        string dir = Path.Combine(Path.GetTempPath(), "sim-" + Guid.NewGuid().ToString("N"));
        var first = Run("keys A1234#0\ntap Bob\nexpect +12 pts\n", dir);
        Assert.AreEqual(0, first.Code, first.Output);
        var second = Run("tap Bob\nexpect 12 pts\n", dir);
        Assert.AreEqual(0, second.Code, second.Output);
        Directory.Delete(dir, recursive: true);
    }

    [TestMethod]
    public void BadInputExitsCleanlyWithAMessage()
    {
        var unknown = Run("keys A1\nfly away\n");
        Assert.AreEqual(2, unknown.Code);
        StringAssert.Contains(unknown.Output, "line 2: unknown command 'fly'");
        var badKey = Run("keys A1x\n");
        Assert.AreEqual(2, badKey.Code);
        StringAssert.Contains(badKey.Output, "'x' is not a key");
        var badCard = Run("tap 0102\n");
        StringAssert.Contains(badCard.Output, "is not a card");
        badCard = Run("tap 0102\n", secure: false);
        Assert.AreEqual(2, badCard.Code);
        StringAssert.Contains(badCard.Output, "is not a card");
        var failed = Run("expect Balance\n");
        Assert.AreEqual(1, failed.Code);
        var noCloud = Run("sync\n");
        Assert.AreEqual(2, noCloud.Code);
        StringAssert.Contains(noCloud.Output, "needs a cloud");
    }

    [TestMethod]
    public void UidOnlyModeTakesFourSevenAndTenByteCards()
    {
        var run = Run("keys A1000##\ntap Alice\nexpect +10 pts\nwait 5000\nkeys A2000##\ntap Chloe\nexpect +20 pts\nwait 5000\ntap 0102030405060708090A\nexpect Card registered\n", secure: false);
        Assert.AreEqual(0, run.Code, run.Output);
        Assert.AreEqual(3, run.Rig.Ledger.CardCount);
        Directory.Delete(run.Rig.DataDirectory, recursive: true);
    }

    [TestMethod]
    public void SignedCardsRefuseABankCardAndAcceptAMagicCloneOffline()
    {
        var run = Run("keys A1000##\ntap Alice\nexpect +10 pts\nwait 5000\ntap bank\nexpect recognised\nwait 5000\nkeys A1000##\nclone\nexpect +10 pts\n");
        Assert.AreEqual(0, run.Code, run.Output);
        Directory.Delete(run.Rig.DataDirectory, recursive: true);
    }
}

/// <summary>A scripted simulator connected to the embedded broker and cloud, in a temp folder.</summary>
internal sealed class CloudBench : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sim-" + Guid.NewGuid().ToString("N"));

    public CloudBench()
    {
        Clock = new SteppedClock(1772359200);
        Rig = new TerminalRig(_dir, Clock, LedgerOptions.Small(), secure: true);
        Cloud = CloudHost.StartAsync(Path.Combine(_dir, "cloud"), Rig.Wallet.FactoryPublicKey).GetAwaiter().GetResult();
        Rig.ConnectCloud("127.0.0.1", Cloud.BrokerPort, null, null, null, "demo", "shop-1");
        Runner = new ScriptRunner(Rig, Clock, Output);
    }

    public SteppedClock Clock { get; }

    public TerminalRig Rig { get; }

    public CloudHost Cloud { get; }

    public StringWriter Output { get; } = new();

    public ScriptRunner Runner { get; }

    public void Run(string script) => Assert.AreEqual(0, Runner.Run(new StringReader(script)), Output.ToString());

    public void Dispose()
    {
        Rig.Dispose();
        Cloud.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_dir, recursive: true);
    }
}

[TestClass]
public sealed class EmbeddedCloudTests
{
    [TestMethod]
    public void SalesAndAnonymousSalesReachTheEmbeddedCloud()
    {
        using var bench = new CloudBench();
        bench.Run("online 20\nkeys A2500##\ntap Alice\nexpect +25 pts\nwait 5000\nkeys A1000#2D\nexpect Sale saved\nsync 30\n");

        using var db = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + bench.Cloud.Database);
        db.Open();
        using var q = db.CreateCommand();
        q.CommandText = "SELECT kind, amount_minor, points, uid FROM transactions WHERE terminal_id = 'T0001' AND kind <> 7 ORDER BY seq";
        using var r = q.ExecuteReader();
        var rows = new System.Collections.Generic.List<string>();
        while (r.Read())
        {
            rows.Add($"{r.GetInt64(0)}/{r.GetInt64(1)}/{r.GetInt64(2)}/{(r.IsDBNull(3) ? "-" : r.GetString(3))}");
        }

        // Enrol, earn (Alice's NTAG UID), anonymous sale without a card (the enrolment's
        // originality-signature evidence is kept in its own table).
        CollectionAssert.AreEqual(new[] { "4/0/0/04A1B2C35D6E80", "1/2500/25/04A1B2C35D6E80", "5/1000/0/-" }, rows, string.Join(" ", rows));
    }
}

[TestClass]
public sealed class CloneDetectionTests
{
    [TestMethod]
    public void AMagicCloneIsAcceptedOfflineThenCaughtByTheCloudAndBlockedAtTheTerminal()
    {
        using var bench = new CloudBench();
        bench.Run(
            "online 20\n" +
            "keys A1000##\ntap Alice\nexpect +10 pts\nwait 5000\n" +
            "keys A1000##\ntap Alice\nexpect +10 pts\nwait 5000\n" +
            "keys A1000##\ntap Alice\nexpect +10 pts\nwait 5000\n" +
            "keys A1000##\nclone\nexpect +10 pts\nwait 5000\n" +
            "sync 30\n");

        var alice = new Terminal.Core.Domain.CardUid();
        alice.Set(bench.Rig.Wallet.Cards[0].Uid, 0, 7);
        var state = new CardState();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(30) && !(bench.Rig.Ledger.Lookup(alice, state) && state.Blocked))
        {
            bench.Rig.Step();
            System.Threading.Thread.Sleep(TerminalRig.StepMilliseconds);
        }

        Assert.IsTrue(state.Blocked, "the cloud's blocklist did not reach the terminal: " + bench.Rig.Status());
        bench.Run("keys A1000##\ntap Alice\nexpect Card blocked\n");
    }
}
