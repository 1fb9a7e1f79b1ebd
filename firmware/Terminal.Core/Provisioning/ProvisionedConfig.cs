using Terminal.Core.Config;
using Terminal.Core.Encoding;

namespace Terminal.Core.Provisioning
{
    /// <summary>
    /// The provisioned settings in force (what the flash holds after the last commit), for the
    /// rest of the firmware to read. Replaced as a whole on every commit, never edited in place.
    /// </summary>
    public sealed class ProvisionedConfig
    {
        private readonly string[] _values;

        /// <summary>Creates a configuration from values indexed by <see cref="SettingKeys"/> (null or empty = not set).</summary>
        public ProvisionedConfig(string[] values, int certificateLength, uint certificateCrc)
        {
            _values = new string[SettingKeys.Count];
            for (int i = 0; i < SettingKeys.Count; i++)
            {
                string v = values == null ? null : values[i];
                _values[i] = v == null ? string.Empty : v;
            }

            CertificateLength = certificateLength;
            CertificateCrc = certificateCrc;
        }

        /// <summary>Value of a setting, empty when not set.</summary>
        public string Get(int key)
        {
            return _values[key];
        }

        /// <summary>True when the setting has a value.</summary>
        public bool IsSet(int key)
        {
            return _values[key].Length > 0;
        }

        /// <summary>A copy of all values, for staging changes on top.</summary>
        public string[] CopyValues()
        {
            string[] copy = new string[SettingKeys.Count];
            System.Array.Copy(_values, copy, SettingKeys.Count);
            return copy;
        }

        /// <summary>Bytes of the stored CA certificate, 0 when none.</summary>
        public int CertificateLength { get; private set; }

        /// <summary>CRC-32 of the stored CA certificate.</summary>
        public uint CertificateCrc { get; private set; }

        /// <summary>True when the terminal has what it needs to reach the cloud.</summary>
        public bool IsComplete
        {
            get
            {
                return IsSet(SettingKeys.Tenant) && IsSet(SettingKeys.Shop) && IsSet(SettingKeys.TerminalId)
                    && IsSet(SettingKeys.Broker);
            }
        }

        /// <summary>Tenant id.</summary>
        public string Tenant
        {
            get { return _values[SettingKeys.Tenant]; }
        }

        /// <summary>Shop id.</summary>
        public string Shop
        {
            get { return _values[SettingKeys.Shop]; }
        }

        /// <summary>Terminal id.</summary>
        public string TerminalId
        {
            get { return _values[SettingKeys.TerminalId]; }
        }

        /// <summary>Broker URI, e.g. mqtts://broker.example:8883.</summary>
        public string Broker
        {
            get { return _values[SettingKeys.Broker]; }
        }

        /// <summary>True when the broker URI asks for TLS.</summary>
        public bool BrokerUsesTls
        {
            get { return Broker.StartsWith("mqtts://"); }
        }

        /// <summary>Broker host name or address.</summary>
        public string BrokerHost
        {
            get
            {
                string rest = BrokerRest();
                int colon = rest.IndexOf(':');
                return colon < 0 ? rest : rest.Substring(0, colon);
            }
        }

        /// <summary>Broker port (the URI's, else 1883 or 8883 by scheme; 0 when no broker is set).</summary>
        public int BrokerPort
        {
            get
            {
                if (Broker.Length == 0)
                {
                    return 0;
                }

                string rest = BrokerRest();
                int colon = rest.IndexOf(':');
                if (colon < 0)
                {
                    return BrokerUsesTls ? 8883 : 1883;
                }

                return SettingKeys.ParseSmall(rest.Substring(colon + 1), 1, 65535);
            }
        }

        /// <summary>MQTT user name.</summary>
        public string MqttUser
        {
            get { return _values[SettingKeys.MqttUser]; }
        }

        /// <summary>MQTT password (never sent back over the service port).</summary>
        public string MqttPassword
        {
            get { return _values[SettingKeys.MqttPassword]; }
        }

        /// <summary>Network host name.</summary>
        public string Hostname
        {
            get { return _values[SettingKeys.Hostname]; }
        }

        /// <summary>Wi-Fi network name.</summary>
        public string WifiSsid
        {
            get { return _values[SettingKeys.WifiSsid]; }
        }

        /// <summary>Wi-Fi password.</summary>
        public string WifiPassword
        {
            get { return _values[SettingKeys.WifiPassword]; }
        }

        /// <summary>Card key in force as bytes, null when not set.</summary>
        public byte[] CardKey
        {
            get { return IsSet(SettingKeys.CardKey) ? Hex.Parse(_values[SettingKeys.CardKey]) : null; }
        }

        /// <summary>Version of the card key in force, 0 when not set.</summary>
        public int CardKeyVersion
        {
            get { return IsSet(SettingKeys.CardKeyVersion) ? SettingKeys.ParseSmall(_values[SettingKeys.CardKeyVersion], 1, 15) : 0; }
        }

        /// <summary>Key card passwords are derived from, or null.</summary>
        public byte[] CardPasswordKey
        {
            get { return IsSet(SettingKeys.CardPasswordKey) ? Hex.Parse(_values[SettingKeys.CardPasswordKey]) : null; }
        }

        /// <summary>Previous card key as bytes, null when not set.</summary>
        public byte[] CardKeyOld
        {
            get { return IsSet(SettingKeys.CardKeyOld) ? Hex.Parse(_values[SettingKeys.CardKeyOld]) : null; }
        }

        /// <summary>Version of the previous card key, 0 when not set.</summary>
        public int CardKeyOldVersion
        {
            get { return IsSet(SettingKeys.CardKeyOldVersion) ? SettingKeys.ParseSmall(_values[SettingKeys.CardKeyOldVersion], 1, 15) : 0; }
        }

        /// <summary>Copies what the counter flow uses (terminal id, PIN, currency) into its settings; unset values leave defaults.</summary>
        public void ApplyTo(TerminalSettings settings)
        {
            if (IsSet(SettingKeys.TerminalId))
            {
                settings.TerminalId = TerminalId;
            }

            if (IsSet(SettingKeys.CashierPin))
            {
                settings.CashierPin = _values[SettingKeys.CashierPin];
            }

            if (IsSet(SettingKeys.Currency))
            {
                settings.CurrencySymbol = _values[SettingKeys.Currency];
            }

            if (IsSet(SettingKeys.CurrencyDecimals))
            {
                settings.CurrencyDecimals = _values[SettingKeys.CurrencyDecimals][0] - '0';
            }
        }

        private string BrokerRest()
        {
            string b = Broker;
            if (b.StartsWith("mqtts://"))
            {
                return b.Substring(8);
            }

            return b.StartsWith("mqtt://") ? b.Substring(7) : b;
        }
    }
}
