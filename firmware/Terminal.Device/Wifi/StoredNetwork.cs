using Terminal.Core.Ports;
using Terminal.Core.Provisioning;
using Terminal.Device.Provisioning;

namespace Terminal.Device.Wifi
{
    /// <summary>
    /// Joins the Wi-Fi network provisioning stored (pwifi), once at boot. The adapter connects with
    /// automatic reconnection, so the radio keeps trying by itself after a failed boot attempt or a
    /// lost network, and the MQTT link retries on its own thread: taps never wait for the network.
    /// </summary>
    public static class StoredNetwork
    {
        /// <summary>Connects with the stored credentials; blocks up to ~20 s. True when an address was obtained.</summary>
        public static bool Join(IWifiStation wifi, ProvisionedConfig config, ServiceLog log)
        {
            string ssid = config.WifiSsid;
            if (ssid.Length == 0)
            {
                log.Info("wifi: no network provisioned");
                return false;
            }

            bool joined = wifi.Connect(ssid, config.WifiPassword);
            if (joined)
            {
                log.Info("wifi: joined " + ssid);
            }
            else
            {
                log.Write("wifi: could not join " + ssid + " (retrying in the background)");
            }

            return joined;
        }
    }
}
