namespace Terminal.Core.Ports
{
    /// <summary>The terminal's Wi-Fi client, as provisioning needs it.</summary>
    public interface IWifiStation
    {
        /// <summary>
        /// Tries to join a network now and waits (bounded) for an address. Returns true when
        /// connected. Does not persist anything: provisioning stores the credentials itself.
        /// </summary>
        bool Connect(string ssid, string password);

        /// <summary>True while associated with a network and holding an address.</summary>
        bool IsConnected { get; }

        /// <summary>Networks in range, strongest first as far as the radio reports them.</summary>
        WifiNetwork[] Scan();

        /// <summary>Drops the connection and forgets any credentials the radio keeps on its own.</summary>
        void Forget();
    }
}
