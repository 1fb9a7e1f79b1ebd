// See Gpio.cs. Source: nanoFramework.Hardware.Esp32.txt (only the DeviceFunction values used).
namespace nanoFramework.Hardware.Esp32
{
    public enum DeviceFunction
    {
        SPI1_MOSI,
        SPI1_MISO,
        SPI1_CLOCK,
        I2C1_DATA,
        I2C1_CLOCK,
        COM2_TX,
        COM2_RX,
    }

    public class Configuration
    {
        public static void SetPinFunction(int gpioNumber, DeviceFunction deviceFunction)
        {
        }
    }
}
