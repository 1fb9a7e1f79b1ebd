// See Gpio.cs. Source: System.Net.txt (nanoFramework.System.Net 1.11.60): the network information
// types the Wi-Fi adapter uses. X509Certificate (also in that list) is NOT stubbed: .NET's type has
// the same namespace, name and the listed constructor doc IDs, and a second definition would make
// every use ambiguous (as HMACSHA256 for the security adapter). The members are still looked up in
// the list, so a .NET-only member is reported.
namespace System.Net.NetworkInformation
{
    public class NetworkInterface
    {
        public static NetworkInterface[] GetAllNetworkInterfaces() => new NetworkInterface[0];

        public string IPv4Address => string.Empty;
    }

    public class Wireless80211Configuration
    {
        public Wireless80211Configuration(uint id)
        {
        }

        public string Password { get; set; } = string.Empty;

        public string Ssid { get; set; } = string.Empty;

        public uint Id => 0;

        public void SaveConfiguration()
        {
        }

        public static Wireless80211Configuration[] GetAllWireless80211Configurations() => new Wireless80211Configuration[0];
    }
}
