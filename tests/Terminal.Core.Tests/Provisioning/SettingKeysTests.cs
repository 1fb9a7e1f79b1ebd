#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Terminal.Core.Provisioning;

namespace Terminal.Core.Tests.Provisioning
{
    [TestClass]
    public class SettingKeysTests
    {
        [TestMethod]
        public void NamesRoundTrip()
        {
            for (int i = 0; i < SettingKeys.Count; i++)
            {
                Assert.AreEqual(i, SettingKeys.Find(SettingKeys.Name(i)));
            }

            Assert.AreEqual(-1, SettingKeys.Find("ca"));
            Assert.AreEqual(-1, SettingKeys.Find("TENANT"));
        }

        [TestMethod]
        public void AcceptedValues()
        {
            string[] ok = new string[]
            {
                "tenant", "acme-1_2.3", "broker", "mqtt://localhost", "broker", "mqtts://b.example.com:8883",
                "broker", "mqtt://127.0.0.1:1883", "currency", "CHF", "currency.decimals", "0", "cashier.pin", "12345678",
                "hostname", "term-01", "cardkey", "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4", "cardkey.version", "15", "cardkey.password", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", "wifi.ssid", "Café Wi-Fi",
                "wifi.password", "12345678", "mqtt.password", "with space ok", "tenant", string.Empty,
            };
            for (int i = 0; i < ok.Length; i += 2)
            {
                Assert.IsNull(SettingKeys.Validate(SettingKeys.Find(ok[i]), ok[i + 1]), ok[i] + "=" + ok[i + 1]);
            }
        }

        [TestMethod]
        public void RefusedValues()
        {
            string[] bad = new string[]
            {
                "tenant", "a b", "tenant", "123456789012345678901234567890123", "broker", "http://x", "broker", "mqtt://",
                "broker", "mqtt://host:0", "broker", "mqtt://host:65536", "broker", "mqtt://ho st", "currency", "eur",
                "currency", "EURO", "currency.decimals", "4", "cashier.pin", "12a4", "cashier.pin", "123",
                "hostname", "-x", "hostname", "a.b", "cardkey", "0011", "cardkey", "zz112233445566778899aabbccddeeff",
                "cardkey.version", "0", "cardkey.version", "16", "cardkey", "a1b2c3d4e5f6", "cardkey.password", "0011", "cardkey.version", "07", "wifi.ssid", "123456789012345678901234567890123",
                "wifi.password", "short", "mqtt.user", "has space", "tenant", "line\nbreak",
            };
            for (int i = 0; i < bad.Length; i += 2)
            {
                Assert.IsNotNull(SettingKeys.Validate(SettingKeys.Find(bad[i]), bad[i + 1]), bad[i] + "=" + bad[i + 1]);
            }
        }

        [TestMethod]
        public void CrossFieldRules()
        {
            string[] v = new string[SettingKeys.Count];
            Assert.IsNull(SettingKeys.ValidateTogether(v));
            v[SettingKeys.CardKey] = "A1B2C3D4E5F6";
            Assert.IsNotNull(SettingKeys.ValidateTogether(v));
            v[SettingKeys.CardKeyVersion] = "2";
            Assert.IsNull(SettingKeys.ValidateTogether(v));
            v[SettingKeys.CardKeyOld] = "A1B2C3D4E5F7";
            v[SettingKeys.CardKeyOldVersion] = "2";
            Assert.AreEqual("cardkey.version and cardkey.old.version must differ", SettingKeys.ValidateTogether(v));
            v[SettingKeys.CardKeyOldVersion] = "1";
            Assert.IsNull(SettingKeys.ValidateTogether(v));
            v[SettingKeys.MqttPassword] = "pw";
            Assert.AreEqual("mqtt.password needs mqtt.user", SettingKeys.ValidateTogether(v));
        }

        [TestMethod]
        public void SecretsAreTheWriteOnlyOnes()
        {
            int secrets = 0;
            for (int i = 0; i < SettingKeys.Count; i++)
            {
                if (SettingKeys.IsSecret(i))
                {
                    secrets++;
                }
            }

            Assert.AreEqual(6, secrets);
            Assert.IsTrue(SettingKeys.IsSecret(SettingKeys.WifiPassword));
            Assert.IsFalse(SettingKeys.IsSecret(SettingKeys.WifiSsid));
        }
    }
}
