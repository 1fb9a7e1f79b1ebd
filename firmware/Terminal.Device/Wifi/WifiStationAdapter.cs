using System.Device.Wifi;
using System.Net.NetworkInformation;
using System.Threading;
using Terminal.Core.Ports;

namespace Terminal.Device.Wifi
{
    /// <summary>
    /// <see cref="IWifiStation"/> on the ESP32 radio (System.Device.Wifi). The credentials of
    /// record live in the provisioning store (file pwifi); the firmware calls
    /// <see cref="Connect"/> with them at boot. Not built on the CI machines; every member used
    /// is listed in ../shared/nanoframework-api (System.Device.Wifi, System.Net, mscorlib).
    /// </summary>
    public sealed class WifiStationAdapter : IWifiStation
    {
        private const int AddressTimeoutMs = 15000;
        private const int ScanWaitMs = 4000;

        private readonly WifiAdapter _adapter;

        /// <summary>Uses the first (only) Wi-Fi adapter.</summary>
        public WifiStationAdapter()
        {
            _adapter = WifiAdapter.FindAllAdapters()[0];
        }

        /// <inheritdoc />
        public bool IsConnected
        {
            get
            {
                string address = NetworkInterface.GetAllNetworkInterfaces()[_adapter.NetworkInterface].IPv4Address;
                return address != null && address.Length > 0 && address != "0.0.0.0";
            }
        }

        /// <inheritdoc />
        public bool Connect(string ssid, string password)
        {
            _adapter.Disconnect();
            WifiConnectionResult result = _adapter.Connect(ssid, WifiReconnectionKind.Automatic, password);
            if (result.ConnectionStatus != WifiConnectionStatus.Success)
            {
                return false;
            }

            // Associated; an address comes from DHCP a moment later.
            for (int waited = 0; waited < AddressTimeoutMs; waited += 200)
            {
                if (IsConnected)
                {
                    return true;
                }

                Thread.Sleep(200);
            }

            return false;
        }

        /// <inheritdoc />
        public WifiNetwork[] Scan()
        {
            _adapter.ScanAsync();
            Thread.Sleep(ScanWaitMs);
            WifiAvailableNetwork[] found = _adapter.NetworkReport.AvailableNetworks;
            WifiNetwork[] result = new WifiNetwork[found.Length];
            for (int i = 0; i < found.Length; i++)
            {
                // The scan report carries no authentication type: say "secured", the safe answer.
                result[i] = new WifiNetwork(found[i].Ssid, (int)found[i].NetworkRssiInDecibelMilliwatts, true);
            }

            return result;
        }

        /// <inheritdoc />
        public void Forget()
        {
            _adapter.Disconnect();

            // nanoFramework keeps its own copy of the last credentials (Automatic reconnection): clear it too.
            Wireless80211Configuration[] configs = Wireless80211Configuration.GetAllWireless80211Configurations();
            if (configs.Length > 0)
            {
                configs[0].Ssid = string.Empty;
                configs[0].Password = string.Empty;
                configs[0].SaveConfiguration();
            }
        }
    }
}
