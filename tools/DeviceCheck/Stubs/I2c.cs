// See Gpio.cs. Source: System.Device.I2c.txt.
namespace System.Device.I2c
{
    public enum I2cBusSpeed
    {
        StandardMode,
        FastMode,
        FastModePlus,
    }

    public sealed class I2cConnectionSettings
    {
        public I2cConnectionSettings(int busId, int deviceAddress, I2cBusSpeed busSpeed)
        {
        }
    }

    public class I2cDevice : IDisposable
    {
        public I2cDevice(I2cConnectionSettings settings)
        {
        }

        public static I2cDevice Create(I2cConnectionSettings settings) => new I2cDevice(settings);

        public void Dispose()
        {
        }
    }
}
