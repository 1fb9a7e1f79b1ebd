// See Gpio.cs. Source: System.Device.Spi.txt.
namespace System.Device.Spi
{
    public enum SpiMode
    {
        Mode0,
        Mode1,
        Mode2,
        Mode3,
    }

    public enum DataFlow
    {
        MsbFirst,
        LsbFirst,
    }

    public sealed class SpiConnectionSettings
    {
        public SpiConnectionSettings(int busId, int chipSelectLine = -1)
        {
        }

        public SpiMode Mode { get; set; }

        public DataFlow DataFlow { get; set; }

        public int ClockFrequency { get; set; }
    }

    public class SpiDevice : IDisposable
    {
        public SpiDevice(SpiConnectionSettings settings)
        {
        }

        public static SpiDevice Create(SpiConnectionSettings settings) => new SpiDevice(settings);

        public void Dispose()
        {
        }
    }
}
