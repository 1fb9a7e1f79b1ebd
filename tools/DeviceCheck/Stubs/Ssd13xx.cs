// See Gpio.cs. Source: Iot.Device.Ssd13xx.txt.
namespace Iot.Device.Ssd13xx
{
    using System;
    using System.Device.Gpio;
    using System.Device.I2c;

    public enum DisplayOrientation
    {
        Portrait,
        Landscape,
        Portrait180,
        Landscape180,
    }

    public abstract class Ssd13xx : IDisposable
    {
        protected Ssd13xx(I2cDevice i2cDevice, DisplayResolution resolution, DisplayOrientation orientation, int resetPin = -1, GpioController? gpio = null, bool shouldDispose = true)
        {
        }

        public enum DisplayResolution
        {
            OLED128x64,
            OLED128x32,
            OLED96x16,
            OLED64x128,
        }

        public void DrawPixel(int x, int y, bool on = true)
        {
        }

        public void DrawFilledRectangle(int x, int y, int width, int height, bool on = true)
        {
        }

        public void Display()
        {
        }

        public void ClearScreen()
        {
        }

        public void Dispose()
        {
        }
    }

    public class Ssd1306 : Ssd13xx
    {
        public const byte DefaultI2cAddress = 0x3C;

        public Ssd1306(I2cDevice i2cDevice, DisplayResolution resolution, DisplayOrientation orientation, int resetPin = -1, GpioController? gpio = null, bool shouldDispose = true)
            : base(i2cDevice, resolution, orientation, resetPin, gpio, shouldDispose)
        {
        }
    }
}
