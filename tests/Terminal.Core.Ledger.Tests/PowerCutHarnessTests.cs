using Microsoft.VisualStudio.TestTools.UnitTesting;
using Terminal.Core.Ledger;
using Terminal.Core.Ledger.Harness;

namespace Terminal.Core.Ledger.Tests
{
    /// <summary>
    /// The power-cut proof. Fast by default (every cut point of a 500-operation workload,
    /// recovery cuts for every second one); LONG=1 runs three seeds of 2,400 operations with a second
    /// cut at every operation of every recovery. tools/LedgerFaults prints the same run as a table.
    /// </summary>
    [TestClass]
    public class PowerCutHarnessTests
    {
        public TestContext TestContext { get; set; }

        [TestMethod]
        public void NoCutPointViolatesAnyInvariant()
        {
            PowerCutOptions options = PowerCutOptions.FromEnvironment();
            PowerCutReport report = PowerCutHarness.Run(options);
            TestContext.WriteLine($"{report.WorkloadOperations} operations, {report.Records} records, {report.StoreOperations} store operations");
            TestContext.WriteLine($"pass 1: {report.CutsBefore} cuts before an operation + {report.CutsDuringClose} inside a close, {report.Violations} violations");
            TestContext.WriteLine($"pass 2: {report.RecoveryCuts} second cuts during recovery, {report.RecoveryViolations} violations ({report.Elapsed.TotalSeconds:F1}s)");
            TestContext.WriteLine($"cloud: {report.CloudMessages} balance messages applied ({report.CloudDeferred} put off first), {report.CloudCards} cards described, {report.CloudCuts} cuts at the cloud files");
            foreach (string line in report.ViolationSamples)
            {
                TestContext.WriteLine("! " + line);
            }

            Assert.AreEqual(0L, report.TotalViolations, string.Join("\n", report.ViolationSamples));
            Assert.AreEqual(0, report.MaintenanceFailures);

            // The workload really is mixed and really exercises recovery.
            Assert.IsTrue(report.CutsBefore >= 10 * options.Operations / 2, "cut points: " + report.CutsBefore);
            Assert.IsTrue(report.CutsDuringClose > 100, "close cuts: " + report.CutsDuringClose);
            Assert.IsTrue(report.RecoveryCuts > report.CutsBefore, "recovery cuts: " + report.RecoveryCuts);
            Assert.IsTrue(report.SegmentsCompacted > 3, "compactions: " + report.SegmentsCompacted);
            Assert.IsTrue(report.CloudMessages > 20 && report.CloudDeferred > 0 && report.CloudCuts > 100,
                $"cloud: {report.CloudMessages} messages, {report.CloudDeferred} put off, {report.CloudCuts} cuts");
            foreach (string kind in new[] { "sale (earn, enrol+earn)", "redeem", "void", "anonymous sale", "balance tap (enrol if new)", "cloud ack (MarkSynced)", "cloud balance message(s)", "MaintainAll", "idle" })
            {
                Assert.IsTrue(report.Operations.ContainsKey(kind) && report.Operations[kind] > 0, kind);
            }
        }

        [TestMethod]
        public void TheShippedSmallOptionsSurviveEveryCutToo()
        {
            // The main run shortens segments and the checkpoint lag to provoke more events; this one does not.
            PowerCutReport report = PowerCutHarness.Run(new PowerCutOptions
            {
                Operations = 300,
                RecoveryStride = 3,
                Ledger = LedgerOptions.Small,
            });

            Assert.AreEqual(0L, report.TotalViolations, string.Join("\n", report.ViolationSamples));
            Assert.IsTrue(report.CutsBefore > 1000, "cut points: " + report.CutsBefore);
        }

        [TestMethod]
        public void TheHarnessCatchesAFileSystemWhoseRenameIsNotAtomic()
        {
            // Self-test: the ledger relies on atomic rename; pretending it is not must show up.
            PowerCutReport report = PowerCutHarness.Run(new PowerCutOptions
            {
                Operations = 60,
                RecoveryStride = 0,
                BreakRenameAtomicity = true,
            });

            Assert.IsTrue(report.Violations > 0, "a non-atomic rename went unnoticed");
        }
    }
}
