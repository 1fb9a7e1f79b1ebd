#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System.Collections;
using Terminal.Core.Encoding;
using Terminal.Core.Provisioning;
using Terminal.Core.Tests.Fakes;

namespace Terminal.Core.Tests.Provisioning
{
    [TestClass]
    public class ProvisioningServiceVendorTests
    {
        public static readonly string[] Profile = new string[]
        {
            "tenant", "acme", "shop", "berlin-01", "terminal", "T0001",
            "broker", "mqtts://broker.example.com:8883", "mqtt.user", "t0001", "mqtt.password", "s3cr3t-MQTT-pw",
            "currency", "EUR", "currency.decimals", "2", "cashier.pin", "4711",
            "cardkey", "00112233445566778899aabbccddeeff", "cardkey.version", "3",
            "wifi.ssid", "ShopNet", "wifi.password", "wifi-secret-pw",
        };

        public static readonly string Pem = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUUnitTestOnlyNotARealCertificate0123456789abcdef\nMIIBszCCAVmgAwIBAgIUUnitTestOnlyNotARealCertificate0123456789abcdef\nMIIBszCCAVmgAwIBAgIUUnitTestOnlyNotARealCertificate0123456789abcdef\nMIIBszCCAVmgAwIBAgIUUnitTestOnlyNotARealCertificate0123456789abcdef\nMIIBszCCAVmgAwIBAgIUUnitTestOnlyNotARealCertificate0123456789abcdef\n-----END CERTIFICATE-----\n";

        [TestMethod]
        public void HelloDescribesProtocolAndDevice()
        {
            ServiceHarness h = new ServiceHarness();
            byte[] r = h.Simple(VendorCommand.Hello);
            PayloadReader p = Reader(r);
            Assert.AreEqual(1, p.ReadByte());
            Assert.AreEqual(VendorCodec.MaxPayload, p.ReadUInt16());
            Assert.AreEqual("loyalty-terminal", p.ReadString8());
            Assert.AreEqual("0.1.0", p.ReadString8());
            Assert.AreEqual("ESP32", p.ReadString8());
            Assert.AreEqual("terminal", p.ReadString8());
            Assert.AreEqual(0, p.ReadByte());
            Assert.IsTrue(p.AtEndCleanly);
        }

        [TestMethod]
        public void ApplyCommitsEverythingAndSurvivesReboot()
        {
            ServiceHarness h = new ServiceHarness();
            byte[] r = h.Apply(Profile);
            Assert.AreEqual((byte)VendorStatus.Ok, r[0], ServiceHarness.Reason(r));
            Assert.AreEqual(1, h.Service.Generation);

            ServiceHarness after = new ServiceHarness(h.Store);
            ProvisionedConfig c = after.Service.Config;
            Assert.AreEqual("acme", c.Tenant);
            Assert.AreEqual("berlin-01", c.Shop);
            Assert.AreEqual("T0001", c.TerminalId);
            Assert.AreEqual("broker.example.com", c.BrokerHost);
            Assert.AreEqual(8883, c.BrokerPort);
            Assert.IsTrue(c.BrokerUsesTls);
            Assert.AreEqual("s3cr3t-MQTT-pw", c.MqttPassword);
            Assert.AreEqual(3, c.CardKeyVersion);
            Assert.AreEqual("00112233445566778899AABBCCDDEEFF", Hex.Format(c.CardKey, 0, 16));
            Assert.AreEqual("ShopNet", c.WifiSsid);
            Assert.IsTrue(c.IsComplete);

            Terminal.Core.Config.TerminalSettings settings = new Terminal.Core.Config.TerminalSettings();
            c.ApplyTo(settings);
            Assert.AreEqual("T0001", settings.TerminalId);
            Assert.AreEqual("4711", settings.CashierPin);
            Assert.AreEqual("EUR", settings.CurrencySymbol);
            Assert.AreEqual(2, settings.CurrencyDecimals);
        }

        [TestMethod]
        public void GetReturnsValuesButSecretsOnlyAsSetOrNotSet()
        {
            ServiceHarness h = new ServiceHarness();
            Assert.AreEqual("not set", h.Get("mqtt.password"));
            Assert.AreEqual(string.Empty, h.Get("tenant"));
            h.Apply(Profile);
            Assert.AreEqual("acme", h.Get("tenant"));
            Assert.AreEqual("mqtts://broker.example.com:8883", h.Get("broker"));
            Assert.AreEqual("set", h.Get("mqtt.password"));
            Assert.AreEqual("set", h.Get("cashier.pin"));
            Assert.AreEqual("set", h.Get("cardkey"));
            Assert.AreEqual("not set", h.Get("cardkey.old"));
            Assert.AreEqual("set", h.Get("wifi.password"));
            Assert.AreEqual("3", h.Get("cardkey.version"));

            // Secret flag set on secrets only.
            PayloadWriter w = h.StartRequest();
            w.WriteString8("cardkey");
            byte[] r = h.Send(VendorCommand.Get);
            Assert.AreEqual((byte)3, r[1]);
        }

        [TestMethod]
        public void NoSecretEverLeavesTheDevice()
        {
            ServiceHarness h = new ServiceHarness();
            h.Apply(Profile);
            for (int i = 0; i < SettingKeys.Count; i++)
            {
                h.Get(SettingKeys.Name(i));
            }

            h.Simple(VendorCommand.Diagnostics);
            h.Simple(VendorCommand.Keys);
            h.Simple(VendorCommand.Hello);
            h.Improv(ImprovCommand.RequestDeviceInfo, null);
            h.Improv(ImprovCommand.RequestCurrentState, null);

            // Every byte the device ever wrote, searched for the secret values.
            byte[] written = h.AllReceived();
            Assert.IsTrue(written.Length > 500);
            Assert.IsTrue(Contains(written, Utf8.Encode("berlin-01")), "the search works on a plain value");
            string[] secrets = new string[] { "s3cr3t-MQTT-pw", "4711", "00112233445566778899", "wifi-secret-pw" };
            for (int s = 0; s < secrets.Length; s++)
            {
                Assert.IsFalse(Contains(written, Utf8.Encode(secrets[s])), "leaked " + secrets[s]);
            }
        }

        [TestMethod]
        public void RejectedValuesSayWhyAndChangeNothing()
        {
            ServiceHarness h = new ServiceHarness();
            h.Apply(Profile);
            string before = h.Store.Fingerprint();
            h.Simple(VendorCommand.Begin);
            byte[] r = h.Set("broker", "http://example.com");
            Assert.AreEqual((byte)VendorStatus.Rejected, r[0]);
            Assert.IsTrue(ServiceHarness.Reason(r).IndexOf("mqtt://") >= 0);
            r = h.Set("currency", "euro");
            Assert.AreEqual((byte)VendorStatus.Rejected, r[0]);
            r = h.Set("cashier.pin", "12");
            Assert.AreEqual("cashier.pin: must be 4-8 digits", ServiceHarness.Reason(r));
            r = h.Set("no.such.key", "1");
            Assert.AreEqual((byte)VendorStatus.UnknownKey, r[0]);

            // A value that is fine alone but not together with the rest: the commit is refused whole.
            Assert.AreEqual((byte)VendorStatus.Ok, h.Set("tenant", "other")[0]);
            Assert.AreEqual((byte)VendorStatus.Ok, h.Set("cardkey.version", string.Empty)[0]);
            r = h.Simple(VendorCommand.Commit);
            Assert.AreEqual((byte)VendorStatus.Rejected, r[0]);
            Assert.AreEqual("cardkey and cardkey.version must be set together", ServiceHarness.Reason(r));
            Assert.AreEqual(before, h.Store.Fingerprint());
            Assert.AreEqual("acme", h.Get("tenant"));
        }

        [TestMethod]
        public void SetNeedsASessionAndAbortDiscards()
        {
            ServiceHarness h = new ServiceHarness();
            Assert.AreEqual((byte)VendorStatus.NoSession, h.Set("tenant", "acme")[0]);
            Assert.AreEqual((byte)VendorStatus.NoSession, h.Simple(VendorCommand.Commit)[0]);
            h.Simple(VendorCommand.Begin);
            Assert.AreEqual((byte)VendorStatus.Ok, h.Set("tenant", "acme")[0]);
            Assert.AreEqual((byte)VendorStatus.Ok, h.Simple(VendorCommand.Abort)[0]);
            Assert.AreEqual((byte)VendorStatus.NoSession, h.Simple(VendorCommand.Commit)[0]);
            Assert.AreEqual(string.Empty, h.Get("tenant"));
        }

        [TestMethod]
        public void IdleSessionsExpire()
        {
            ServiceHarness h = new ServiceHarness();
            h.Simple(VendorCommand.Begin);
            h.Set("tenant", "acme");
            h.Clock.Advance(ProvisioningService.SessionTimeoutMs + 1);
            h.Pump();
            Assert.IsFalse(h.Service.SessionOpen);
            Assert.AreEqual((byte)VendorStatus.NoSession, h.Simple(VendorCommand.Commit)[0]);
        }

        [TestMethod]
        public void CertificateUploadsInChunksAndCommitsWithTheRest()
        {
            ServiceHarness h = new ServiceHarness();
            byte[] pem = Utf8.Encode(Pem);
            h.Simple(VendorCommand.Begin);
            h.Set("tenant", "acme");
            Assert.AreEqual((byte)VendorStatus.Ok, CertBegin(h, pem.Length, Crc32.Compute(pem, 0, pem.Length))[0]);
            int offset = 0;
            int chunks = 0;
            while (offset < pem.Length)
            {
                int n = pem.Length - offset < 100 ? pem.Length - offset : 100;
                byte[] r = CertChunk(h, offset, pem, offset, n);
                Assert.AreEqual((byte)VendorStatus.Ok, r[0], ServiceHarness.Reason(r));
                PayloadReader p = Reader(r);
                Assert.AreEqual((uint)(offset + n), p.ReadUInt32());
                Assert.AreEqual(offset + n == pem.Length ? 1 : 0, p.ReadByte());
                offset += n;
                chunks++;
            }

            Assert.IsTrue(chunks >= 4);
            Assert.AreEqual(string.Empty, h.Get("ca"), "not in force before commit");
            Assert.AreEqual((byte)VendorStatus.Ok, h.Simple(VendorCommand.Commit)[0]);
            string expected = pem.Length.ToString() + " bytes, CRC-32 " + Crc32.Compute(pem, 0, pem.Length).ToString("X8");
            Assert.AreEqual(expected, h.Get("ca"));

            ServiceHarness after = new ServiceHarness(h.Store);
            byte[] back = new byte[pem.Length + 10];
            Assert.AreEqual(pem.Length, after.Service.ReadCertificate(0, back, 0, back.Length));
            for (int i = 0; i < pem.Length; i++)
            {
                Assert.AreEqual(pem[i], back[i]);
            }
        }

        [TestMethod]
        public void CertificateChunksOutOfOrderOrCorruptAreRefused()
        {
            ServiceHarness h = new ServiceHarness();
            byte[] pem = Utf8.Encode(Pem);
            h.Simple(VendorCommand.Begin);
            CertBegin(h, pem.Length, Crc32.Compute(pem, 0, pem.Length));
            Assert.AreEqual((byte)VendorStatus.Ok, CertChunk(h, 0, pem, 0, 100)[0]);

            // The same chunk again (its answer was lost): accepted, nothing appended twice.
            Assert.AreEqual((byte)VendorStatus.Ok, CertChunk(h, 0, pem, 0, 100)[0]);

            // A gap: the device says where it wants to continue.
            byte[] r = CertChunk(h, 200, pem, 200, 100);
            Assert.AreEqual((byte)VendorStatus.BadOffset, r[0]);
            Assert.AreEqual(100u, Reader(r).ReadUInt32());

            // Corrupt the rest: the CRC check at the end refuses it.
            byte[] bad = new byte[pem.Length];
            System.Array.Copy(pem, bad, pem.Length);
            bad[150] ^= 0x20;
            r = CertChunk(h, 100, bad, 100, pem.Length - 100);
            Assert.AreEqual((byte)VendorStatus.Rejected, r[0]);
            Assert.IsTrue(ServiceHarness.Reason(r).IndexOf("CRC") >= 0);
            Assert.AreEqual((byte)VendorStatus.Ok, h.Simple(VendorCommand.Commit)[0]);
            Assert.AreEqual(string.Empty, h.Get("ca"));

            // Not PEM.
            h.Simple(VendorCommand.Begin);
            byte[] der = new byte[] { 0x30, 0x82, 0x01, 0x0A };
            CertBegin(h, der.Length, Crc32.Compute(der, 0, der.Length));
            r = CertChunk(h, 0, der, 0, der.Length);
            Assert.AreEqual((byte)VendorStatus.Rejected, r[0]);

            // Too big.
            Assert.AreEqual((byte)VendorStatus.Rejected, CertBegin(h, ConfigStore.MaxCertBytes + 1, 0)[0]);
        }

        [TestMethod]
        public void DiagnosticsReportLedgerFlashSyncAndErrors()
        {
            ServiceHarness h = new ServiceHarness();
            h.Diagnostics.CardCount = 12;
            h.Diagnostics.TransactionCount = 345;
            h.Diagnostics.UnsyncedCount = 7;
            h.Diagnostics.LastSyncUnixSeconds = 1735689000;
            h.Diagnostics.LastError = "broker unreachable";
            PayloadReader p = Reader(h.Simple(VendorCommand.Diagnostics));
            int count = p.ReadByte();
            Hashtable values = new Hashtable();
            for (int i = 0; i < count; i++)
            {
                string name = p.ReadString8();
                values[name] = p.ReadString8();
            }

            Assert.IsTrue(p.AtEndCleanly);
            Assert.AreEqual("loyalty-terminal 0.1.0", values["firmware"]);
            Assert.AreEqual("12", values["ledger.cards"]);
            Assert.AreEqual("345", values["ledger.transactions"]);
            Assert.AreEqual("7", values["ledger.unsynced"]);
            Assert.AreEqual(h.Store.FreeBytes.ToString(), values["flash.free"]);
            Assert.AreEqual("1735689000", values["sync.last"]);
            Assert.AreEqual("broker unreachable", values["error.last"]);
            Assert.AreEqual("no", values["config.complete"]);
        }

        [TestMethod]
        public void FactoryResetNeedsTheTokenAndKeepsWifiAndCertificateUnlessAsked()
        {
            ServiceHarness h = new ServiceHarness();
            h.Apply(Profile);
            UploadCertificate(h);
            string before = h.Store.Fingerprint();

            // A made-up token: refused, nothing changes.
            Assert.AreEqual((byte)VendorStatus.BadToken, ResetConfirm(h, ResetScope.SettingsOnly, "12345678")[0]);
            string token = ResetRequest(h, ResetScope.SettingsOnly);
            Assert.AreEqual((byte)VendorStatus.BadToken, ResetConfirm(h, ResetScope.SettingsOnly, "00000000")[0]);

            // The failed guess burnt the token.
            Assert.AreEqual((byte)VendorStatus.BadToken, ResetConfirm(h, ResetScope.SettingsOnly, token)[0]);
            Assert.AreEqual(before, h.Store.Fingerprint());

            // Expired token.
            token = ResetRequest(h, ResetScope.SettingsOnly);
            h.Clock.Advance(ProvisioningService.ResetTokenMs + 1);
            Assert.AreEqual((byte)VendorStatus.BadToken, ResetConfirm(h, ResetScope.SettingsOnly, token)[0]);

            // Scope must match the request.
            token = ResetRequest(h, ResetScope.SettingsOnly);
            Assert.AreEqual((byte)VendorStatus.BadToken, ResetConfirm(h, ResetScope.All, token)[0]);

            token = ResetRequest(h, ResetScope.SettingsOnly);
            Assert.AreEqual((byte)VendorStatus.Ok, ResetConfirm(h, ResetScope.SettingsOnly, token)[0]);
            ProvisionedConfig c = new ServiceHarness(h.Store).Service.Config;
            Assert.AreEqual(string.Empty, c.Tenant);
            Assert.AreEqual(string.Empty, c.MqttPassword);
            Assert.AreEqual("ShopNet", c.WifiSsid);
            Assert.IsTrue(c.CertificateLength > 0);
            Assert.AreEqual(0, h.Wifi.ForgetCalls);

            token = ResetRequest(h, ResetScope.All);
            Assert.AreEqual((byte)VendorStatus.Ok, ResetConfirm(h, ResetScope.All, token)[0]);
            c = new ServiceHarness(h.Store).Service.Config;
            Assert.AreEqual(string.Empty, c.WifiSsid);
            Assert.AreEqual(0, c.CertificateLength);
            Assert.AreEqual(1, h.Wifi.ForgetCalls);
            Assert.AreEqual(0, h.Store.List("p").Length);
        }

        [TestMethod]
        public void BrokenRequestsGetTheMatchingStatus()
        {
            ServiceHarness h = new ServiceHarness();
            byte[] frame = new byte[VendorCodec.MaxFrame];

            // Bad CRC: answered with BadChecksum for the same sequence and command.
            int n = VendorCodec.Frame(VendorCodec.KindRequest, 9, (byte)VendorCommand.Hello, frame, 0, 0);
            frame[n - 1] ^= 0xFF;
            h.SendRaw(frame, 0, n);
            byte[] r = OnlyVendor(h.Collect());
            Assert.AreEqual((byte)VendorStatus.BadChecksum, r[0]);

            // Length past the limit: answered at once, without waiting for 600 bytes.
            n = VendorCodec.Frame(VendorCodec.KindRequest, 10, (byte)VendorCommand.Set, frame, 0, 0);
            LittleEndian.WriteUInt16(frame, 8, 600);
            h.SendRaw(frame, 0, VendorCodec.PrefixLength);
            Assert.AreEqual((byte)VendorStatus.TooLong, OnlyVendor(h.Collect())[0]);

            Assert.AreEqual((byte)VendorStatus.UnknownCommand, h.Simple((VendorCommand)0x77)[0]);
            PayloadWriter w = h.StartRequest();
            w.WriteByte(200);
            Assert.AreEqual((byte)VendorStatus.Malformed, h.Send(VendorCommand.Get)[0]);
            w = h.StartRequest();
            w.WriteByte(1);
            Assert.AreEqual((byte)VendorStatus.Malformed, h.Send(VendorCommand.Begin)[0]);

            // Responses sent back at the device are ignored, not answered.
            n = VendorCodec.Frame(VendorCodec.KindResponse, 11, (byte)VendorCommand.Hello, frame, 0, 0);
            h.SendRaw(frame, 0, n);
            Assert.AreEqual(0, h.Collect().Count);
        }

        [TestMethod]
        public void AFailingStoreIsReportedAndTheServiceCarriesOn()
        {
            ServiceHarness h = new ServiceHarness();
            h.Simple(VendorCommand.Begin);
            h.Set("tenant", "acme");
            h.Store.CutAt = h.Store.Operations;
            byte[] r = h.Simple(VendorCommand.Commit);
            Assert.AreEqual((byte)VendorStatus.StoreFailed, r[0]);
            Assert.IsTrue(ServiceHarness.Reason(r).IndexOf("flash store failed") >= 0);

            // Even reads that touch the dead store answer instead of throwing out of Poll.
            r = h.Simple(VendorCommand.Diagnostics);
            Assert.AreEqual((byte)VendorStatus.StoreFailed, r[0]);
            h.Store.Revive();
            Assert.AreEqual((byte)VendorStatus.Ok, h.Simple(VendorCommand.Hello)[0]);
            Assert.AreEqual(string.Empty, new ServiceHarness(h.Store).Service.Config.Tenant);
        }

        [TestMethod]
        public void LogLinesAndFramesShareThePort()
        {
            ServiceHarness h = new ServiceHarness();
            h.Service.Log("boot: ledger mounted");

            // A log line that tries to look like frames is defused: control and 0xFE bytes become '?'.
            h.Service.Log("IMPROV\u0001\u0001\u0001\u0004\u00E4 and \u00FELTP");
            h.Service.Log("IMPROV says hi");
            byte[] r = h.Simple(VendorCommand.Hello);
            Assert.IsNotNull(r);
            ArrayList lines = h.Lines;

            // The three log lines were collected with the hello response; frames end with a line feed
            // (an empty text line, which the harness skips).
            h.Service.Log("after");
            Assert.AreEqual(0, h.Collect().Count);
            Assert.AreEqual(1, h.Lines.Count);
            Assert.AreEqual("after", h.Lines[0]);
            Assert.AreEqual(3, lines.Count);
            Assert.AreEqual("boot: ledger mounted", lines[0]);
            Assert.AreEqual("IMPROV????? and ?LTP", lines[1]);
            Assert.AreEqual("IMPROV says hi", lines[2]);
        }

        public static void UploadCertificate(ServiceHarness h)
        {
            byte[] pem = Utf8.Encode(Pem);
            h.Simple(VendorCommand.Begin);
            CertBegin(h, pem.Length, Crc32.Compute(pem, 0, pem.Length));
            CertChunk(h, 0, pem, 0, pem.Length);
            byte[] r = h.Simple(VendorCommand.Commit);
            Assert.AreEqual((byte)VendorStatus.Ok, r[0]);
        }

        public static byte[] CertBegin(ServiceHarness h, int length, uint crc)
        {
            PayloadWriter w = h.StartRequest();
            w.WriteUInt32((uint)length);
            w.WriteUInt32(crc);
            return h.Send(VendorCommand.CertBegin);
        }

        public static byte[] CertChunk(ServiceHarness h, int offset, byte[] data, int start, int count)
        {
            PayloadWriter w = h.StartRequest();
            w.WriteUInt32((uint)offset);
            w.WriteBytes(data, start, count);
            return h.Send(VendorCommand.CertChunk);
        }

        public static string ResetRequest(ServiceHarness h, byte scope)
        {
            PayloadWriter w = h.StartRequest();
            w.WriteByte(scope);
            byte[] r = h.Send(VendorCommand.ResetRequest);
            Assert.AreEqual((byte)VendorStatus.Ok, r[0]);
            return Reader(r).ReadString8();
        }

        public static byte[] ResetConfirm(ServiceHarness h, byte scope, string token)
        {
            PayloadWriter w = h.StartRequest();
            w.WriteByte(scope);
            w.WriteString8(token);
            return h.Send(VendorCommand.ResetConfirm);
        }

        private static PayloadReader Reader(byte[] response)
        {
            PayloadReader p = new PayloadReader();
            p.Reset(response, 1, response.Length - 1);
            return p;
        }

        private static byte[] OnlyVendor(ArrayList packets)
        {
            Assert.AreEqual(1, packets.Count);
            byte[] p = (byte[])packets[0];
            Assert.AreEqual((byte)0xFE, p[0]);
            byte[] payload = new byte[p.Length - 1];
            System.Array.Copy(p, 1, payload, 0, payload.Length);
            return payload;
        }

        private static bool Contains(byte[] haystack, byte[] needle)
        {
            for (int i = 0; i + needle.Length <= haystack.Length; i++)
            {
                int k = 0;
                while (k < needle.Length && haystack[i + k] == needle[k])
                {
                    k++;
                }

                if (k == needle.Length)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
