using Terminal.Core.Encoding;

namespace Terminal.Core.Provisioning
{
    /// <summary>
    /// The provisioned settings: names as the technician types them, which ones are secret
    /// (write-only), which file holds them, and what values are acceptable. An empty value
    /// clears a setting. Names and rules are documented in docs/provisioning.md.
    /// </summary>
    public static class SettingKeys
    {
        /// <summary>Tenant (customer) id.</summary>
        public const int Tenant = 0;

        /// <summary>Shop id within the tenant.</summary>
        public const int Shop = 1;

        /// <summary>Terminal id within the shop.</summary>
        public const int TerminalId = 2;

        /// <summary>MQTT broker URI.</summary>
        public const int Broker = 3;

        /// <summary>MQTT user name.</summary>
        public const int MqttUser = 4;

        /// <summary>MQTT password (secret).</summary>
        public const int MqttPassword = 5;

        /// <summary>ISO 4217 currency code.</summary>
        public const int Currency = 6;

        /// <summary>Digits after the decimal point.</summary>
        public const int CurrencyDecimals = 7;

        /// <summary>PIN for voids (secret).</summary>
        public const int CashierPin = 8;

        /// <summary>Network host name (also Improv RPC 0x05).</summary>
        public const int Hostname = 9;

        /// <summary>Card key in force (secret), hex.</summary>
        public const int CardKey = 10;

        /// <summary>Version number of the card key in force.</summary>
        public const int CardKeyVersion = 11;

        /// <summary>Previous card key, still accepted while cards are rotated (secret), hex.</summary>
        public const int CardKeyOld = 12;

        /// <summary>Version number of the previous card key.</summary>
        public const int CardKeyOldVersion = 13;

        /// <summary>Wi-Fi network name (also Improv RPC 0x01).</summary>
        public const int WifiSsid = 14;

        /// <summary>Wi-Fi password (secret).</summary>
        public const int WifiPassword = 15;

        /// <summary>Number of value settings (the CA certificate is handled separately).</summary>
        /// <summary>Secret: the retailer key card passwords are derived from (hex, 16-64 bytes; not rotated).</summary>
        public const int CardPasswordKey = 16;

        /// <summary>Number of settings.</summary>
        public const int Count = 17;

        /// <summary>Name of the CA certificate pseudo-key (uploaded in chunks, read back as length and CRC).</summary>
        public const string CertificateName = "ca";

        /// <summary>Longest value of any setting, in bytes.</summary>
        public const int MaxValueBytes = 128;

        private const string IdChars = "must be 1-32 characters: letters, digits, '.', '_' or '-'";

        /// <summary>The technician-facing name of a setting.</summary>
        public static string Name(int key)
        {
            switch (key)
            {
                case Tenant: return "tenant";
                case Shop: return "shop";
                case TerminalId: return "terminal";
                case Broker: return "broker";
                case MqttUser: return "mqtt.user";
                case MqttPassword: return "mqtt.password";
                case Currency: return "currency";
                case CurrencyDecimals: return "currency.decimals";
                case CashierPin: return "cashier.pin";
                case Hostname: return "hostname";
                case CardKey: return "cardkey";
                case CardKeyVersion: return "cardkey.version";
                case CardKeyOld: return "cardkey.old";
                case CardKeyOldVersion: return "cardkey.old.version";
                case WifiSsid: return "wifi.ssid";
                case WifiPassword: return "wifi.password";
                case CardPasswordKey: return "cardkey.password";
                default: return null;
            }
        }

        /// <summary>Index of a setting by name, or -1.</summary>
        public static int Find(string name)
        {
            for (int i = 0; i < Count; i++)
            {
                if (Name(i) == name)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>True for write-only settings: reads return "set" or "not set".</summary>
        public static bool IsSecret(int key)
        {
            return key == MqttPassword || key == CashierPin || key == CardKey || key == CardKeyOld || key == WifiPassword || key == CardPasswordKey;
        }

        /// <summary>True for settings kept in the Wi-Fi file rather than the configuration file.</summary>
        public static bool IsWifi(int key)
        {
            return key == WifiSsid || key == WifiPassword;
        }

        /// <summary>
        /// Checks one value; returns null when acceptable, else the reason in a few words.
        /// Hex keys are accepted in either case (see <see cref="Normalize"/>).
        /// </summary>
        public static string Validate(int key, string value)
        {
            if (value == null)
            {
                return "missing value";
            }

            if (value.Length == 0)
            {
                return null;
            }

            if (Utf8.Encode(value).Length > MaxValueBytes)
            {
                return "longer than 128 bytes";
            }

            for (int i = 0; i < value.Length; i++)
            {
                if (value[i] < ' ' || value[i] == (char)0x7F)
                {
                    return "contains control characters";
                }
            }

            switch (key)
            {
                case Tenant:
                case Shop:
                case TerminalId:
                    return IsId(value) ? null : IdChars;
                case Broker:
                    return ValidateBroker(value);
                case MqttUser:
                    return value.Length <= 64 && IsPrintableAscii(value, false) ? null : "must be 1-64 printable ASCII characters without spaces";
                case MqttPassword:
                    return value.Length <= 64 && IsPrintableAscii(value, true) ? null : "must be 1-64 printable ASCII characters";
                case Currency:
                    return value.Length == 3 && IsUpperLetters(value) ? null : "must be a 3-letter ISO 4217 code in capitals, e.g. EUR";
                case CurrencyDecimals:
                    return value.Length == 1 && value[0] >= '0' && value[0] <= '3' ? null : "must be 0, 1, 2 or 3";
                case CashierPin:
                    return value.Length >= 4 && value.Length <= 8 && IsDigits(value) ? null : "must be 4-8 digits";
                case Hostname:
                    return IsHostLabel(value) ? null : "must be 1-63 letters, digits or '-', not starting or ending with '-'";
                case CardKey:
                case CardKeyOld:
                case CardPasswordKey:
                    // HMAC-SHA256 keys for the signed NTAG credentials (docs/security.md).
                    return value.Length >= 32 && value.Length <= 128 && Hex.Parse(value) != null
                        ? null
                        : "must be 32-128 hex digits (a 16-64 byte key)";
                case CardKeyVersion:
                case CardKeyOldVersion:
                    // The version is a nibble in the card's credential record.
                    return ParseSmall(value, 1, 15) >= 0 ? null : "must be a number from 1 to 15";
                case WifiSsid:
                    return Utf8.Encode(value).Length <= 32 ? null : "must be 1-32 bytes";
                case WifiPassword:
                    return ValidateWifiPassword(value);
                default:
                    return "unknown setting";
            }
        }

        /// <summary>Canonical form of an accepted value (hex keys in capitals).</summary>
        public static string Normalize(int key, string value)
        {
            if ((key == CardKey || key == CardKeyOld || key == CardPasswordKey) && value.Length > 0)
            {
                return value.ToUpper();
            }

            return value;
        }

        /// <summary>
        /// Checks rules that span settings, on the complete set that would be in force.
        /// Returns null when consistent, else the reason.
        /// </summary>
        public static string ValidateTogether(string[] values)
        {
            if (IsSet(values, CardKey) != IsSet(values, CardKeyVersion))
            {
                return "cardkey and cardkey.version must be set together";
            }

            if (IsSet(values, CardKeyOld) != IsSet(values, CardKeyOldVersion))
            {
                return "cardkey.old and cardkey.old.version must be set together";
            }

            if (IsSet(values, CardKeyOld) && !IsSet(values, CardKey))
            {
                return "cardkey.old needs a cardkey in force";
            }

            if (IsSet(values, CardKeyVersion) && values[CardKeyVersion] == values[CardKeyOldVersion])
            {
                return "cardkey.version and cardkey.old.version must differ";
            }

            if (IsSet(values, MqttPassword) && !IsSet(values, MqttUser))
            {
                return "mqtt.password needs mqtt.user";
            }

            if (IsSet(values, WifiPassword) && !IsSet(values, WifiSsid))
            {
                return "wifi.password needs wifi.ssid";
            }

            return null;
        }

        /// <summary>Parses a decimal number within a range; -1 when it is not one.</summary>
        public static int ParseSmall(string text, int min, int max)
        {
            if (text == null || text.Length == 0 || text.Length > 6 || !IsDigits(text))
            {
                return -1;
            }

            if (text.Length > 1 && text[0] == '0')
            {
                return -1;
            }

            int value = 0;
            for (int i = 0; i < text.Length; i++)
            {
                value = (value * 10) + (text[i] - '0');
            }

            return value >= min && value <= max ? value : -1;
        }

        private static bool IsSet(string[] values, int key)
        {
            return values[key] != null && values[key].Length > 0;
        }

        private static string ValidateWifiPassword(string value)
        {
            int bytes = Utf8.Encode(value).Length;
            if (bytes == 64)
            {
                return Hex.Parse(value) != null ? null : "a 64-character password must be the hex PSK";
            }

            return bytes >= 8 && bytes <= 63 ? null : "must be 8-63 characters (WPA2), 64 hex digits, or empty for an open network";
        }

        private static string ValidateBroker(string value)
        {
            const string Shape = "must look like mqtt://host:1883 or mqtts://host:8883";
            string rest;
            if (value.StartsWith("mqtt://"))
            {
                rest = value.Substring(7);
            }
            else if (value.StartsWith("mqtts://"))
            {
                rest = value.Substring(8);
            }
            else
            {
                return Shape;
            }

            int colon = rest.IndexOf(':');
            string host = colon < 0 ? rest : rest.Substring(0, colon);
            if (host.Length == 0 || host.Length > 100)
            {
                return Shape;
            }

            for (int i = 0; i < host.Length; i++)
            {
                char c = host[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
                if (!ok)
                {
                    return "host may only contain letters, digits, '.' and '-'";
                }
            }

            if (colon >= 0 && ParseSmall(rest.Substring(colon + 1), 1, 65535) < 0)
            {
                return "port must be a number from 1 to 65535";
            }

            return null;
        }

        private static bool IsId(string value)
        {
            if (value.Length > 32)
            {
                return false;
            }

            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsHostLabel(string value)
        {
            if (value.Length > 63 || value[0] == '-' || value[value.Length - 1] == '-')
            {
                return false;
            }

            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsPrintableAscii(string value, bool allowSpace)
        {
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c > '~' || c < (allowSpace ? ' ' : '!'))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsUpperLetters(string value)
        {
            for (int i = 0; i < value.Length; i++)
            {
                if (value[i] < 'A' || value[i] > 'Z')
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsDigits(string value)
        {
            for (int i = 0; i < value.Length; i++)
            {
                if (value[i] < '0' || value[i] > '9')
                {
                    return false;
                }
            }

            return true;
        }
    }
}
