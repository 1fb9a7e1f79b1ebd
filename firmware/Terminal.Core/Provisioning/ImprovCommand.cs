namespace Terminal.Core.Provisioning
{
    /// <summary>Improv RPC command identifiers.</summary>
    public enum ImprovCommand : byte
    {
        /// <summary>Data: SSID length, SSID, password length, password. Answered after the connection attempt.</summary>
        SendWifiSettings = 0x01,

        /// <summary>No data. Answered with a current-state packet (and the provisioned result when provisioned).</summary>
        RequestCurrentState = 0x02,

        /// <summary>No data. Answered with firmware name, firmware version, chip, device name.</summary>
        RequestDeviceInfo = 0x03,

        /// <summary>No data. One result per network (SSID, RSSI, "YES"/"NO" for auth), then an empty result.</summary>
        RequestScannedNetworks = 0x04,

        /// <summary>Empty data reads the hostname; a length-prefixed string sets it. Answered with the hostname.</summary>
        Hostname = 0x05,
    }
}
