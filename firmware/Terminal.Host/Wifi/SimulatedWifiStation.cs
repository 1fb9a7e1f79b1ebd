using System;
using Terminal.Core.Ports;

namespace Terminal.Host.Wifi
{
    /// <summary>
    /// Wi-Fi for the simulator: the PC's network is always there, so any credentials "connect"
    /// except an SSID listed as unreachable (to exercise the failure path).
    /// </summary>
    public sealed class SimulatedWifiStation : IWifiStation
    {
        private readonly string[] _unreachable;

        public SimulatedWifiStation(params string[] unreachableSsids)
        {
            _unreachable = unreachableSsids;
        }

        public bool IsConnected { get; private set; }

        public string? Ssid { get; private set; }

        public bool Connect(string ssid, string password)
        {
            IsConnected = Array.IndexOf(_unreachable, ssid) < 0;
            Ssid = IsConnected ? ssid : null;
            return IsConnected;
        }

        public WifiNetwork[] Scan() => new[] { new WifiNetwork("SimulatedNet", -40, true) };

        public void Forget()
        {
            IsConnected = false;
            Ssid = null;
        }
    }
}
