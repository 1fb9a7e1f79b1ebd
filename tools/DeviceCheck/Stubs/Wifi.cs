// See Gpio.cs. Source: System.Device.Wifi.txt (1.5.149). Only the types the Wi-Fi adapter
// (firmware/Terminal.Device/Wifi) uses; enums complete. Enum member order follows the list, which
// keeps the binding's declaration order; the numeric values are not in the list and do not matter
// here (the device code only names them).
namespace System.Device.Wifi
{
    public enum WifiConnectionStatus
    {
        AccessRevoked,
        InvalidCredential,
        NetworkNotAvailable,
        Success,
        Timeout,
        UnspecifiedFailure,
        UnsupportedAuthenticationProtocol,
    }

    public enum WifiNetworkKind
    {
        Adhoc,
        Any,
        Infrastructure,
    }

    public enum WifiReconnectionKind
    {
        Automatic,
        Manual,
    }

    public class WifiAvailableNetwork
    {
        public string Bsid => string.Empty;

        public string Ssid => string.Empty;

        public WifiNetworkKind NetworkKind => WifiNetworkKind.Any;

        public double NetworkRssiInDecibelMilliwatts => 0;

        public byte SignalBars => 0;
    }

    public class WifiConnectionResult
    {
        public WifiConnectionStatus ConnectionStatus => WifiConnectionStatus.Success;
    }

    public class WifiNetworkReport
    {
        public WifiAvailableNetwork[] AvailableNetworks => new WifiAvailableNetwork[0];
    }

    public sealed class WifiAdapter : IDisposable
    {
        private WifiAdapter()
        {
        }

        public int NetworkInterface => 0;

        public WifiNetworkReport NetworkReport => new WifiNetworkReport();

        public static WifiAdapter[] FindAllAdapters() => new WifiAdapter[0];

        public WifiConnectionResult Connect(WifiAvailableNetwork availableNetwork, WifiReconnectionKind reconnectionKind, string passwordCredential) => new WifiConnectionResult();

        public WifiConnectionResult Connect(string ssid, WifiReconnectionKind reconnectionKind, string passwordCredential) => new WifiConnectionResult();

        public void Disconnect()
        {
        }

        public void ScanAsync()
        {
        }

        public void Dispose()
        {
        }
    }
}
