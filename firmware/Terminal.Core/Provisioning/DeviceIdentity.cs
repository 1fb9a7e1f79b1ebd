namespace Terminal.Core.Provisioning
{
    /// <summary>What the terminal says about itself in Improv device info and the vendor hello.</summary>
    public sealed class DeviceIdentity
    {
        /// <summary>Creates an identity.</summary>
        public DeviceIdentity(string firmwareName, string firmwareVersion, string chip, string defaultDeviceName)
        {
            FirmwareName = firmwareName;
            FirmwareVersion = firmwareVersion;
            Chip = chip;
            DefaultDeviceName = defaultDeviceName;
        }

        /// <summary>Firmware name, e.g. "loyalty-terminal".</summary>
        public string FirmwareName { get; private set; }

        /// <summary>Firmware version, e.g. "0.1.0".</summary>
        public string FirmwareVersion { get; private set; }

        /// <summary>Hardware chip or variant, e.g. "ESP32".</summary>
        public string Chip { get; private set; }

        /// <summary>Device name used until a hostname or terminal id is provisioned.</summary>
        public string DefaultDeviceName { get; private set; }
    }
}
