using System;
using System.Diagnostics;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Terminal.Provision.DeviceSim;

namespace Terminal.Provision.Tests
{
    /// <summary>
    /// The shipped binaries as separate processes: the device simulator on one pty, the CLI on
    /// the other, data kept in a directory across a restart of the device.
    /// </summary>
    [TestClass]
    public class ProcessEndToEndTests
    {
        [TestMethod]
        public void CliProvisionsTheDeviceSimulatorAndTheSettingsSurviveARestart()
        {
            using var dir = new TempDir();
            dir.Write("ca.pem", CliEndToEndTests.CertificatePem(2000));
            string profile = dir.Write("profile.json", CliEndToEndTests.ProfileJson);
            string data = Path.Combine(dir.Path, "flash");
            using var pair = SocatPair.Start();

            using (Process sim = StartSim(pair.DeviceEnd, data))
            {
                try
                {
                    var (exit, stdout, stderr) = RunCli("--port", pair.HostEnd, "apply", profile);
                    Assert.AreEqual(0, exit, stdout + stderr);
                    StringAssert.Contains(stdout, "broker               = mqtts://broker.example.com:8883");
                }
                finally
                {
                    Stop(sim);
                }
            }

            // Files as a reboot finds them: the configuration, Wi-Fi, certificate, and the ledger beside them.
            Assert.IsTrue(File.Exists(Path.Combine(data, "pcfg")));
            Assert.IsTrue(File.Exists(Path.Combine(data, "pwifi")));
            Assert.IsTrue(File.Exists(Path.Combine(data, "pca")));
            Assert.IsTrue(File.Exists(Path.Combine(data, "meta")));

            using (Process sim = StartSim(pair.DeviceEnd, data))
            {
                try
                {
                    var (exit, stdout, stderr) = RunCli("--port", pair.HostEnd, "get", "terminal");
                    Assert.AreEqual(0, exit, stderr);
                    Assert.AreEqual("T0001", stdout.Trim());
                    (exit, stdout, stderr) = RunCli("--port", pair.HostEnd, "-v", "diag");
                    Assert.AreEqual(0, exit, stderr);
                    StringAssert.Contains(stdout, "config.complete      yes");
                }
                finally
                {
                    Stop(sim);
                }
            }
        }

        private static Process StartSim(string port, string data)
        {
            var info = Dotnet(typeof(DeviceRunner).Assembly.Location, "--serial", port, "--data", data);
            Process sim = Process.Start(info)!;
            var ready = sim.StandardOutput.ReadLineAsync();
            if (!ready.Wait(30000) || ready.Result == null)
            {
                Stop(sim);
                Assert.Fail("simulator did not get ready: " + sim.StandardError.ReadToEnd());
            }

            StringAssert.StartsWith(ready.Result, "ready:");
            return sim;
        }

        private static void Stop(Process sim)
        {
            if (!sim.HasExited)
            {
                sim.Kill();
                sim.WaitForExit(5000);
            }
        }

        private static (int Exit, string Out, string Err) RunCli(params string[] args)
        {
            using Process cli = Process.Start(Dotnet(typeof(Cli).Assembly.Location, args))!;
            var stderr = cli.StandardError.ReadToEndAsync();
            string stdout = cli.StandardOutput.ReadToEnd();
            Assert.IsTrue(cli.WaitForExit(60000), "CLI finished");
            return (cli.ExitCode, stdout, stderr.Result);
        }

        private static ProcessStartInfo Dotnet(string dll, params string[] args)
        {
            var info = new ProcessStartInfo("dotnet")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add(dll);
            foreach (string a in args)
            {
                info.ArgumentList.Add(a);
            }

            info.Environment.Remove(Cli.PortVariable);
            return info;
        }
    }
}
