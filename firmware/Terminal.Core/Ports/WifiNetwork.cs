namespace Terminal.Core.Ports
{
    /// <summary>One network seen by a Wi-Fi scan.</summary>
    public sealed class WifiNetwork
    {
        /// <summary>Creates a scan entry.</summary>
        public WifiNetwork(string ssid, int rssi, bool secured)
        {
            Ssid = ssid;
            Rssi = rssi;
            Secured = secured;
        }

        /// <summary>Network name.</summary>
        public string Ssid { get; private set; }

        /// <summary>Signal strength in dBm (negative).</summary>
        public int Rssi { get; private set; }

        /// <summary>True when joining needs a password.</summary>
        public bool Secured { get; private set; }
    }
}
