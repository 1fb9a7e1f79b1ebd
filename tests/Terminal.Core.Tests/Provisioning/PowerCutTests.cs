#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Terminal.Core.Encoding;
using Terminal.Core.Provisioning;
using Terminal.Core.Tests.Fakes;

namespace Terminal.Core.Tests.Provisioning
{
    /// <summary>
    /// Power cuts at every store operation of every configuration change, and again at every
    /// operation of the recovery that follows: after power returns the terminal holds the old
    /// configuration or the new one, never a mix, and no staging file is left behind.
    /// </summary>
    [TestClass]
    public class PowerCutTests
    {
        private const int ApplyProfile = 0;
        private const int ResetAll = 1;
        private const int ResetSettings = 2;
        private const int ImprovWifi = 3;
        private const int ImprovHostname = 4;

        private static readonly string[] SecondProfile = new string[]
        {
            "tenant", "globex", "shop", "paris-02", "terminal", "T0002",
            "broker", "mqtt://10.0.0.5", "mqtt.user", "t0002", "mqtt.password", "another-secret",
            "currency", "JPY", "currency.decimals", "0", "cashier.pin", "9876",
            "cardkey", "A1A2A3A4A5A6", "cardkey.version", "4", "cardkey.old", "00112233445566778899aabbccddeeff", "cardkey.old.version", "3",
            "wifi.ssid", "OtherNet", "wifi.password", "other-wifi-pw",
        };

        [TestMethod]
        public void ApplyWithCertificateIsAllOrNothing()
        {
            CutEverywhere(ApplyProfile);
        }

        [TestMethod]
        public void FactoryResetOfEverythingIsAllOrNothing()
        {
            CutEverywhere(ResetAll);
        }

        [TestMethod]
        public void FactoryResetOfSettingsIsAllOrNothing()
        {
            CutEverywhere(ResetSettings);
        }

        [TestMethod]
        public void ImprovWifiIsAllOrNothing()
        {
            CutEverywhere(ImprovWifi);
        }

        [TestMethod]
        public void ImprovHostnameIsAllOrNothing()
        {
            CutEverywhere(ImprovHostname);
        }

        [TestMethod]
        public void ACommitThatDoesNotFitTheFlashLeavesTheOldConfiguration()
        {
            CutLedgerStore store = Provisioned();
            string old = View(store);
            store.Capacity = Used(store) + 100;
            ServiceHarness h = new ServiceHarness(store);
            h.Simple(VendorCommand.Begin);
            for (int i = 0; i < SecondProfile.Length; i += 2)
            {
                h.Set(SecondProfile[i], SecondProfile[i + 1]);
            }

            byte[] r = h.Simple(VendorCommand.Commit);
            Assert.AreEqual((byte)VendorStatus.StoreFailed, r[0]);
            Assert.IsTrue(ServiceHarness.Reason(r).IndexOf("no space") >= 0);
            Assert.AreEqual(old, View(store));
        }

        private static void CutEverywhere(int scenario)
        {
            // Dry run: how many store operations the change takes, and what "new" looks like.
            CutLedgerStore dry = Provisioned();
            string oldView = View(dry);
            ServiceHarness h = new ServiceHarness(dry);
            dry.Revive();
            Run(scenario, h);
            int operations = dry.Operations;
            string newView = View(dry);
            Assert.AreNotEqual(oldView, newView, "the scenario changes something");
            Assert.IsTrue(operations >= 3, "the scenario writes");

            int sawOld = 0;
            int sawNew = 0;
            for (int empty = 0; empty < 2; empty++)
            {
                for (int cut = 0; cut < operations; cut++)
                {
                    CutLedgerStore store = Provisioned();
                    ServiceHarness victim = new ServiceHarness(store);
                    store.Revive();
                    store.CutAt = cut;
                    store.CutLeavesEmptyFile = empty == 1;
                    try
                    {
                        Run(scenario, victim);
                    }
                    catch (PowerCutException)
                    {
                        // The power failed while the service was answering.
                    }

                    Assert.IsTrue(store.IsDead, "cut " + cut.ToString() + " happened");
                    RecoverWithCuts(store);
                    string view = View(store);
                    if (view == oldView)
                    {
                        sawOld++;
                    }
                    else if (view == newView)
                    {
                        sawNew++;
                    }
                    else
                    {
                        Assert.IsTrue(false, "cut at operation " + cut.ToString() + " left a mix: " + view);
                    }

                    string[] left = store.List("p");
                    for (int i = 0; i < left.Length; i++)
                    {
                        bool allowed = left[i] == ConfigStore.ConfigName || left[i] == ConfigStore.WifiName || left[i] == ConfigStore.CertName;
                        Assert.IsTrue(allowed, "left behind: " + left[i]);
                    }
                }
            }

            // Early cuts keep the old configuration, late ones (after the commit point) the new.
            Assert.IsTrue(sawOld > 0, "some cuts keep the old configuration");
            Assert.IsTrue(sawNew > 0, "some cuts complete the new configuration");
        }

        // Boots again and again, cutting the recovery itself at each of its operations in turn.
        private static void RecoverWithCuts(CutLedgerStore store)
        {
            for (int cut = 0; cut < 50; cut++)
            {
                store.Revive();
                store.CutAt = cut;
                try
                {
                    new ServiceHarness(store);
                }
                catch (PowerCutException)
                {
                }

                if (!store.IsDead)
                {
                    store.Revive();
                    return;
                }
            }

            Assert.IsTrue(false, "recovery never finished");
        }

        private static void Run(int scenario, ServiceHarness h)
        {
            switch (scenario)
            {
                case ApplyProfile:
                    byte[] pem = Utf8.Encode(ProvisioningServiceVendorTests.Pem.Substring(0, 200) + "\n-----END CERTIFICATE-----\n");
                    h.Simple(VendorCommand.Begin);
                    for (int i = 0; i < SecondProfile.Length; i += 2)
                    {
                        h.Set(SecondProfile[i], SecondProfile[i + 1]);
                    }

                    ProvisioningServiceVendorTests.CertBegin(h, pem.Length, Crc32.Compute(pem, 0, pem.Length));
                    for (int offset = 0; offset < pem.Length; offset += 64)
                    {
                        int n = pem.Length - offset < 64 ? pem.Length - offset : 64;
                        ProvisioningServiceVendorTests.CertChunk(h, offset, pem, offset, n);
                    }

                    h.Simple(VendorCommand.Commit);
                    break;
                case ResetAll:
                case ResetSettings:
                    byte scope = scenario == ResetAll ? ResetScope.All : ResetScope.SettingsOnly;
                    string token = ProvisioningServiceVendorTests.ResetRequest(h, scope);
                    ProvisioningServiceVendorTests.ResetConfirm(h, scope, token);
                    break;
                case ImprovWifi:
                    h.Wifi.KnownSsid = "BackOffice";
                    h.Wifi.KnownPassword = "backoffice-pw";
                    ProvisioningServiceImprovTests.SendWifi(h, "BackOffice", "backoffice-pw");
                    break;
                default:
                    h.Improv(ImprovCommand.Hostname, new byte[] { 5, (byte)'t', (byte)'e', (byte)'r', (byte)'m', (byte)'9' });
                    break;
            }
        }

        private static CutLedgerStore Provisioned()
        {
            ServiceHarness h = new ServiceHarness();
            byte[] r = h.Apply(ProvisioningServiceVendorTests.Profile);
            Assert.AreEqual((byte)VendorStatus.Ok, r[0]);
            ProvisioningServiceVendorTests.UploadCertificate(h);
            h.Store.Revive();
            return h.Store;
        }

        // Everything a reboot would load, as one string.
        private static string View(CutLedgerStore store)
        {
            ConfigStore config = new ConfigStore(store);
            config.Recover();
            ProvisionedConfig c = config.Load();
            Assert.IsFalse(config.FoundCorruptFile, "no file fails its CRC");
            string s = string.Empty;
            for (int i = 0; i < SettingKeys.Count; i++)
            {
                s = s + SettingKeys.Name(i) + "=" + c.Get(i) + ";";
            }

            return s + "ca=" + c.CertificateLength.ToString() + "/" + c.CertificateCrc.ToString("X8");
        }

        private static long Used(CutLedgerStore store)
        {
            return store.Capacity - store.FreeBytes;
        }
    }
}
