using System;
using System.IO;
using System.Threading;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Terminal.Core.Encoding;
using Terminal.Core.Provisioning;
using Terminal.Core.Tests.Fakes;
using Terminal.Core.Tests.Provisioning;
using Terminal.Host.Serial;
using Terminal.Provision.DeviceSim;

namespace Terminal.Provision.Tests
{
    /// <summary>The CLI against the device side over a real socat pty pair.</summary>
    [TestClass]
    public class CliEndToEndTests
    {
        internal const string ProfileJson = """
            {
              // A whole terminal in one file; nested objects join with '.'.
              "tenant": "acme",
              "shop": "berlin-01",
              "terminal": "T0001",
              "broker": "mqtts://broker.example.com:8883",
              "mqtt": { "user": "t0001", "password": "s3cr3t-MQTT-pw" },
              "currency": "EUR",
              "currency.decimals": 2,
              "cashier.pin": "4711",
              "cardkey": "00112233445566778899AABBCCDDEEFF",
              "cardkey.version": 3,
              "wifi": { "ssid": "ShopNet", "password": "wifi-secret-pw" },
              "ca": "ca.pem"
            }
            """;

        [TestMethod]
        public void ApplyReadBackDiagAndReset()
        {
            using var dir = new TempDir();
            dir.Write("ca.pem", CertificatePem(3000));
            string profile = dir.Write("profile.json", ProfileJson);
            using var pair = SocatPair.Start();
            var store = new CutLedgerStore();
            using var device = new DeviceRunner(pair.DeviceEnd, store);
            device.Start();

            CliRun apply = CliRun.Of("--port", pair.HostEnd, "apply", profile);
            Assert.AreEqual(0, apply.Exit, apply.ToString());
            StringAssert.Contains(apply.Out, "tenant               = acme");
            StringAssert.Contains(apply.Out, "mqtt.password        = set");
            StringAssert.Contains(apply.Out, "ca                   = 3000 bytes, CRC-32");
            StringAssert.Contains(apply.Err, "uploading certificate");
            StringAssert.Contains(apply.Err, "(100%)");
            Assert.IsFalse(apply.Out.Contains("s3cr3t", StringComparison.Ordinal) || apply.Err.Contains("s3cr3t", StringComparison.Ordinal));

            ProvisionedConfig config = device.Service.Config;
            Assert.AreEqual("broker.example.com", config.BrokerHost);
            Assert.AreEqual(8883, config.BrokerPort);
            Assert.AreEqual("s3cr3t-MQTT-pw", config.MqttPassword);
            Assert.AreEqual(3000, config.CertificateLength);

            Assert.AreEqual("acme\n", Get(pair, "tenant").Out);
            Assert.AreEqual("set\n", Get(pair, "cardkey").Out);
            CliRun all = CliRun.Of("--port", pair.HostEnd, "get");
            Assert.AreEqual(0, all.Exit, all.ToString());
            StringAssert.Contains(all.Out, "wifi.password       = set");
            StringAssert.Contains(all.Out, "cardkey.old         = not set");

            CliRun diag = CliRun.Of("--port", pair.HostEnd, "diag");
            Assert.AreEqual(0, diag.Exit, diag.ToString());
            StringAssert.Contains(diag.Out, "config.complete      yes");
            StringAssert.Contains(diag.Out, "ledger.unsynced      0");
            StringAssert.Contains(diag.Out, "sync.last            never");

            CliRun info = CliRun.Of("--port", pair.HostEnd, "info");
            Assert.AreEqual(0, info.Exit, info.ToString());
            StringAssert.Contains(info.Out, "device:   T0001");

            CliRun refused = CliRun.Of("--port", pair.HostEnd, "reset");
            Assert.AreEqual(2, refused.Exit);
            CliRun reset = CliRun.Of("--port", pair.HostEnd, "reset", "--confirm");
            Assert.AreEqual(0, reset.Exit, reset.ToString());
            Assert.AreEqual("\n", Get(pair, "tenant").Out);
            Assert.AreEqual("ShopNet\n", Get(pair, "wifi.ssid").Out, "Wi-Fi survives a plain reset");
            StringAssert.Contains(Get(pair, "ca").Out, "3000 bytes");

            reset = CliRun.Of("--port", pair.HostEnd, "reset", "--confirm", "--wifi", "--cert");
            Assert.AreEqual(0, reset.Exit, reset.ToString());
            Assert.AreEqual("\n", Get(pair, "wifi.ssid").Out);
            Assert.AreEqual(0, store.List("p").Length);
        }

        [TestMethod]
        public void SetGetAndRejectedValues()
        {
            using var pair = SocatPair.Start();
            using var device = new DeviceRunner(pair.DeviceEnd, new CutLedgerStore());
            device.Start();

            CliRun set = CliRun.Of("--port", pair.HostEnd, "set", "broker", "mqtt://127.0.0.1:1883");
            Assert.AreEqual(0, set.Exit, set.ToString());
            Assert.AreEqual("mqtt://127.0.0.1:1883\n", Get(pair, "broker").Out);

            CliRun bad = CliRun.Of("--port", pair.HostEnd, "set", "broker", "http://example.com");
            Assert.AreEqual(1, bad.Exit, bad.ToString());
            StringAssert.Contains(bad.Err, "rejected: broker: must look like mqtt://host:1883");
            Assert.AreEqual("mqtt://127.0.0.1:1883\n", Get(pair, "broker").Out);

            CliRun unknown = CliRun.Of("--port", pair.HostEnd, "set", "colour", "blue");
            Assert.AreEqual(1, unknown.Exit);
            StringAssert.Contains(unknown.Err, "unknown key 'colour'");

            Assert.AreEqual(1, CliRun.Of("--port", pair.HostEnd, "get", "colour").Exit);
        }

        [TestMethod]
        public void AProfileWithOneBadValueChangesNothing()
        {
            using var dir = new TempDir();
            dir.Write("ca.pem", CertificatePem(900));
            using var pair = SocatPair.Start();
            var store = new CutLedgerStore();
            using var device = new DeviceRunner(pair.DeviceEnd, store);
            device.Start();
            Assert.AreEqual(0, CliRun.Of("--port", pair.HostEnd, "apply", dir.Write("good.json", ProfileJson)).Exit);
            string before = store.Fingerprint();

            string bad = ProfileJson.Replace("\"EUR\"", "\"euro\"", StringComparison.Ordinal).Replace("\"acme\"", "\"other\"", StringComparison.Ordinal);
            CliRun run = CliRun.Of("--port", pair.HostEnd, "apply", dir.Write("bad.json", bad));
            Assert.AreEqual(1, run.Exit, run.ToString());
            StringAssert.Contains(run.Err, "currency: must be a 3-letter ISO 4217 code");
            StringAssert.Contains(run.Err, "nothing was changed");
            Assert.AreEqual(before, store.Fingerprint());
            Assert.AreEqual("acme\n", Get(pair, "tenant").Out);

            // Cross-field rule: refused at commit, also nothing changed.
            string half = ProfileJson.Replace("\"cardkey.version\": 3,", string.Empty, StringComparison.Ordinal).Replace("\"cardkey\": \"00112233445566778899AABBCCDDEEFF\",", "\"cardkey\": \"A1A2A3A4A5A6A7A8A9AAABACADAEAFB0\",\n  \"cardkey.version\": null,", StringComparison.Ordinal);
            run = CliRun.Of("--port", pair.HostEnd, "apply", dir.Write("half.json", half));
            Assert.AreEqual(1, run.Exit, run.ToString());
            StringAssert.Contains(run.Err, "cardkey and cardkey.version must be set together");
            Assert.AreEqual(before, store.Fingerprint());
        }

        [TestMethod]
        public void ProfileErrorsAreReportedBeforeTouchingTheTerminal()
        {
            using var dir = new TempDir();
            using var pair = SocatPair.Start();
            var store = new CutLedgerStore();
            using var device = new DeviceRunner(pair.DeviceEnd, store);
            device.Start();
            string before = store.Fingerprint();

            Assert.AreEqual(66, CliRun.Of("--port", pair.HostEnd, "apply", Path.Combine(dir.Path, "missing.json")).Exit);
            CliRun json = CliRun.Of("--port", pair.HostEnd, "apply", dir.Write("broken.json", "{ \"tenant\": "));
            Assert.AreEqual(65, json.Exit, json.ToString());
            StringAssert.Contains(json.Err, "not valid JSON");
            CliRun key = CliRun.Of("--port", pair.HostEnd, "apply", dir.Write("key.json", "{ \"tenant\": \"a\", \"colour\": \"blue\" }"));
            Assert.AreEqual(65, key.Exit, key.ToString());
            StringAssert.Contains(key.Err, "unknown key 'colour'");
            CliRun cert = CliRun.Of("--port", pair.HostEnd, "apply", dir.Write("cert.json", "{ \"ca\": \"" + dir.Write("x.der", "\u0030\u0082") + "\" }"));
            Assert.AreEqual(65, cert.Exit, cert.ToString());
            StringAssert.Contains(cert.Err, "not a PEM certificate");
            Assert.AreEqual(before, store.Fingerprint());
        }

        [TestMethod]
        public void WifiThroughImprov()
        {
            using var pair = SocatPair.Start();
            using var device = new DeviceRunner(pair.DeviceEnd, new CutLedgerStore(), "FarAwayNet");
            device.Start();

            CliRun ok = CliRun.Of("--port", pair.HostEnd, "wifi", "--ssid", "ShopNet", "--password", "correct horse");
            Assert.AreEqual(0, ok.Exit, ok.ToString());
            StringAssert.Contains(ok.Err, "connecting to ShopNet");
            Assert.AreEqual("ShopNet", device.Service.Config.WifiSsid);
            StringAssert.Contains(CliRun.Of("--port", pair.HostEnd, "info").Out, "wifi:     connected");

            CliRun fail = CliRun.Of("--port", pair.HostEnd, "wifi", "--ssid", "FarAwayNet", "--password", "whatever1");
            Assert.AreEqual(1, fail.Exit, fail.ToString());
            StringAssert.Contains(fail.Err, "could not connect to that Wi-Fi network");
            Assert.AreEqual("ShopNet", device.Service.Config.WifiSsid, "failed credentials are not stored");

            CliRun scan = CliRun.Of("--port", pair.HostEnd, "wifi", "--scan");
            Assert.AreEqual(0, scan.Exit, scan.ToString());
            StringAssert.Contains(scan.Out, "SimulatedNet");
        }

        [TestMethod]
        public void NoAnswerSaysToCheckProvisioningMode()
        {
            using var pair = SocatPair.Start();
            CliRun run = CliRun.Of("--port", pair.HostEnd, "--timeout", "300", "info");
            Assert.AreEqual(69, run.Exit, run.ToString());
            StringAssert.Contains(run.Err, "no answer from the terminal");
            StringAssert.Contains(run.Err, "provisioning mode");
        }

        [TestMethod]
        public void BusyAndMissingPorts()
        {
            using var pair = SocatPair.Start();
            using var device = new DeviceRunner(pair.DeviceEnd, new CutLedgerStore());
            device.Start();

            // The device end is held by the device runner.
            CliRun busy = CliRun.Of("--port", pair.DeviceEnd, "info");
            Assert.AreEqual(75, busy.Exit, busy.ToString());
            StringAssert.Contains(busy.Err, "port busy");

            // Another tool holds the host end.
            using (SerialServicePort.Open(pair.HostEnd))
            {
                Assert.AreEqual(75, CliRun.Of("--port", pair.HostEnd, "diag").Exit);
            }

            Assert.AreEqual(0, CliRun.Of("--port", pair.HostEnd, "diag").Exit, "usable again once released");
            CliRun missing = CliRun.Of("--port", "/dev/pts/no-such-port", "info");
            Assert.AreEqual(69, missing.Exit, missing.ToString());
            StringAssert.Contains(missing.Err, "no such port");
        }

        [TestMethod]
        public void CorruptedAnswersAreReportedAsChecksumErrors()
        {
            using var pair = SocatPair.Start();
            using var stop = new CancellationTokenSource();
            using var port = SerialServicePort.Open(pair.DeviceEnd);

            // A broken device: answers every vendor request with a frame whose CRC is wrong.
            var thread = new Thread(() =>
            {
                var reader = new FrameReader(false);
                var buffer = new byte[256];
                var frame = new byte[VendorCodec.MaxFrame];
                while (!stop.IsCancellationRequested)
                {
                    int n = port.Read(buffer, 0, buffer.Length);
                    if (n == 0)
                    {
                        Thread.Sleep(2);
                    }

                    for (int i = 0; i < n; i++)
                    {
                        reader.Push(buffer[i]);
                        while (reader.Next() == FrameEvent.Vendor)
                        {
                            frame[VendorCodec.PrefixLength] = 0;
                            int length = VendorCodec.Frame(VendorCodec.KindResponse, reader.VendorSequence, reader.VendorCommand, frame, 0, 1);
                            frame[length - 2] ^= 0x5A;
                            port.Write(frame, 0, length);
                        }
                    }
                }
            });
            thread.Start();
            try
            {
                CliRun run = CliRun.Of("--port", pair.HostEnd, "--timeout", "500", "diag");
                Assert.AreEqual(74, run.Exit, run.ToString());
                StringAssert.Contains(run.Err, "checksum error");
                StringAssert.Contains(run.Err, "--baud");
            }
            finally
            {
                stop.Cancel();
                thread.Join();
            }
        }

        [TestMethod]
        public void UsageErrorsExitWithTwo()
        {
            Assert.AreEqual(2, CliRun.Of().Exit);
            Assert.AreEqual(2, CliRun.Of("frobnicate").Exit);
            Assert.AreEqual(2, CliRun.Of("--port", "/dev/null", "set", "tenant").Exit);
            Assert.AreEqual(2, CliRun.Of("--port", "/dev/null", "wifi").Exit);
            CliRun noPort = CliRun.Of("info");
            if (Environment.GetEnvironmentVariable(Cli.PortVariable) == null)
            {
                Assert.AreEqual(2, noPort.Exit);
                StringAssert.Contains(noPort.Err, "--port");
            }

            CliRun help = CliRun.Of("--help");
            Assert.AreEqual(0, help.Exit);
            StringAssert.Contains(help.Out, "apply");
            StringAssert.Contains(help.Out, "list-ports");
        }

        internal static CliRun Get(SocatPair pair, string key) => CliRun.Of("--port", pair.HostEnd, "get", key);

        internal static string CertificatePem(int length)
        {
            const string Head = "-----BEGIN CERTIFICATE-----\n";
            const string Tail = "\n-----END CERTIFICATE-----\n";
            var body = new char[length - Head.Length - Tail.Length];
            const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            for (int i = 0; i < body.Length; i++)
            {
                body[i] = (i % 65) == 64 ? '\n' : Alphabet[(i * 7) % 64];
            }

            return Head + new string(body) + Tail;
        }
    }
}
