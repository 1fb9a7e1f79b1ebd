using Terminal.Core.Ports;

namespace Terminal.Core.Tests.Fakes
{
    /// <summary>Wi-Fi that connects only to one known network with its password.</summary>
    public sealed class FakeWifiStation : IWifiStation
    {
        /// <summary>Creates a radio that knows one network.</summary>
        public FakeWifiStation(string ssid, string password)
        {
            KnownSsid = ssid;
            KnownPassword = password;
            Networks = new WifiNetwork[] { new WifiNetwork(ssid, -48, password.Length > 0), new WifiNetwork("Guest", -71, false) };
        }

        /// <summary>The only network a connection succeeds with.</summary>
        public string KnownSsid { get; set; }

        /// <summary>Its password.</summary>
        public string KnownPassword { get; set; }

        /// <summary>What a scan returns.</summary>
        public WifiNetwork[] Networks { get; set; }

        /// <summary>Connection attempts so far.</summary>
        public int ConnectCalls { get; private set; }

        /// <summary>Times the credentials were forgotten.</summary>
        public int ForgetCalls { get; private set; }

        /// <summary>SSID of the last attempt.</summary>
        public string LastSsid { get; private set; }

        /// <inheritdoc />
        public bool IsConnected { get; set; }

        /// <inheritdoc />
        public bool Connect(string ssid, string password)
        {
            ConnectCalls++;
            LastSsid = ssid;
            IsConnected = ssid == KnownSsid && password == KnownPassword;
            return IsConnected;
        }

        /// <inheritdoc />
        public WifiNetwork[] Scan()
        {
            return Networks;
        }

        /// <inheritdoc />
        public void Forget()
        {
            ForgetCalls++;
            IsConnected = false;
        }
    }
}
