using System;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Terminal.Core.Ledger;
using Terminal.Host.Simulation;

namespace Terminal.Simulator.Tests;

[TestClass]
public sealed class ScriptRunnerTests
{
    private static (int Code, string Output, TerminalRig Rig) Run(string script, string? dir = null)
    {
        dir ??= Path.Combine(Path.GetTempPath(), "sim-" + Guid.NewGuid().ToString("N"));
        var clock = new SteppedClock(1772359200);
        var rig = new TerminalRig(dir, clock, LedgerOptions.Small());
        var output = new StringWriter();
        int code = new ScriptRunner(rig, clock, output).Run(new StringReader(script));
        rig.Shutdown();
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
        // enrol, earn, redeem, anonymous sale, void.
        Assert.AreEqual(5u, rig.Ledger.LastSequence, rig.Status());
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
        Assert.AreEqual(2, badCard.Code);
        StringAssert.Contains(badCard.Output, "is not a card");
        var failed = Run("expect Balance\n");
        Assert.AreEqual(1, failed.Code);
    }
}
