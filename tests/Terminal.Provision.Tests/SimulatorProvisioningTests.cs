using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Terminal.Core.Ledger;
using Terminal.Host;
using Terminal.Simulator;

namespace Terminal.Provision.Tests
{
    /// <summary>
    /// The technician's path end to end: the CLI provisions the simulator (running as the device)
    /// over a socat pty pair, and the simulator then syncs to the broker it was given.
    /// </summary>
    [TestClass]
    public class SimulatorProvisioningTests
    {
        [TestMethod]
        public void CliProvisionsTheSimulatorWhichThenSyncsToTheConfiguredBroker()
        {
            using var dir = new TempDir();
            CloudHost cloud = CloudHost.StartAsync(Path.Combine(dir.Path, "cloud")).GetAwaiter().GetResult();
            try
            {
                string profile = dir.Write("profile.json", $$"""
                    {
                      "tenant": "acme",
                      "shop": "berlin-01",
                      "terminal": "T0042",
                      "broker": "mqtt://127.0.0.1:{{cloud.BrokerPort}}",
                      "currency": "EUR",
                      "cashier.pin": "4711"
                    }
                    """);
                using var pair = SocatPair.Start();
                using var rig = new TerminalRig(Path.Combine(dir.Path, "terminal"), new SystemClock(), LedgerOptions.Small(), secure: true);
                rig.AttachServicePort(pair.DeviceEnd);
                Assert.IsNull(rig.BrokerEndpoint, "an unprovisioned terminal has no broker");

                // The device loop runs on this thread while the CLI talks to it from another.
                Task<CliRun> apply = Task.Run(() => CliRun.Of("--port", pair.HostEnd, "apply", profile));
                Assert.IsTrue(StepUntil(rig, () => apply.IsCompleted, 60), "the CLI did not finish");
                Assert.AreEqual(0, apply.Result.Exit, apply.Result.ToString());

                Assert.IsTrue(StepUntil(rig, () => rig.Online, 30), "not online: " + rig.Status());
                Assert.AreEqual("127.0.0.1:" + cloud.BrokerPort, rig.BrokerEndpoint);
                Assert.AreEqual("T0042", rig.Settings.TerminalId);
                Assert.AreEqual("4711", rig.Settings.CashierPin);

                // A sale at the freshly provisioned terminal reaches the cloud under its new identity.
                foreach (char key in "A1234##")
                {
                    rig.Keypad.Press(key);
                    rig.Step();
                }

                SimulatedCard alice = rig.Wallet.Cards[0];
                rig.Field.Present(alice.Uid, rig.Wallet.Tag(alice), polls: 3, hold: false);
                // Enrol, the card's originality-signature evidence, the earn.
                Assert.IsTrue(StepUntil(rig, () => rig.Ledger.LastSequence == 3, 10), rig.Status());
                Assert.IsTrue(StepUntil(rig, () => rig.Ledger.UnsyncedCount == 0, 30), "not synced: " + rig.Status());

                using var db = new SqliteConnection("Data Source=" + cloud.Database);
                db.Open();
                using SqliteCommand q = db.CreateCommand();
                q.CommandText = "SELECT COUNT(*), SUM(points) FROM transactions WHERE terminal_id = 'T0042' AND tenant_id = 'acme' AND shop_id = 'berlin-01'";
                using SqliteDataReader r = q.ExecuteReader();
                Assert.IsTrue(r.Read());
                Assert.AreEqual(2L, r.GetInt64(0));
                Assert.AreEqual(12L, r.GetInt64(1));
            }
            finally
            {
                cloud.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }

        private static bool StepUntil(TerminalRig rig, Func<bool> done, int seconds)
        {
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < TimeSpan.FromSeconds(seconds))
            {
                rig.Step();
                if (done())
                {
                    return true;
                }

                Thread.Sleep(TerminalRig.StepMilliseconds);
            }

            return done();
        }
    }
}
