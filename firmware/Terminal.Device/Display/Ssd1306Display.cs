using System.Device.I2c;
using Iot.Device.Ssd13xx;
using Terminal.Core.Flow;
using Terminal.Core.Ports;

namespace Terminal.Device.Display
{
    /// <summary>
    /// <see cref="IDisplay"/> on a 128x64 SSD1306 OLED over I2C, using the Iot.Device.Ssd13xx binding.
    /// The four 16-character lines of <see cref="Screen"/> are 8x16 cells: the 5x7 glyphs of
    /// <see cref="Font5x7"/> drawn at double height. Glyphs are drawn pixel by pixel with
    /// <c>DrawPixel</c> rather than through the binding's <c>IFont</c>, whose byte layout the API
    /// lists do not state; only lines that changed are redrawn.
    /// </summary>
    public sealed class Ssd1306Display : IDisplay
    {
        /// <summary>Pixels per character cell, horizontally (16 x 8 = 128).</summary>
        public const int CellWidth = 8;

        /// <summary>Pixels per text line (4 x 16 = 64): two 8-pixel GDDRAM pages.</summary>
        public const int LineHeight = 16;

        private readonly Ssd1306 _oled;
        private readonly string[] _shown = new string[Screen.Height];

        /// <summary>Initialises the controller and blanks the panel.</summary>
        /// <param name="i2c">Device made with <see cref="CreateI2cSettings"/>.</param>
        public Ssd1306Display(I2cDevice i2c)
        {
            // Every argument explicit: resolution and orientation of this panel, no reset pin (-1; the
            // usual 4-pin modules reset themselves with an RC at power-up), no GPIO controller, and
            // dispose the I2C device with the display.
            _oled = new Ssd1306(i2c, Ssd13xx.DisplayResolution.OLED128x64, DisplayOrientation.Landscape, -1, null, true);
            _oled.ClearScreen();
            _oled.Display();
        }

        /// <summary>
        /// I2C settings. SSD1306 datasheet §8.1.5: 7-bit slave address 0111100 (0x3C) with SA0 (D/C#) low,
        /// 0x3D with SA0 high; its I2C timing table allows 400 kHz, so a full 1,024-byte frame takes about 25 ms.
        /// </summary>
        public static I2cConnectionSettings CreateI2cSettings(int busId)
        {
            return new I2cConnectionSettings(busId, Ssd1306.DefaultI2cAddress, I2cBusSpeed.FastMode);
        }

        /// <inheritdoc/>
        public void Show(Screen screen)
        {
            bool changed = false;
            for (int line = 0; line < Screen.Height; line++)
            {
                string text = screen.Line(line);
                if (text == _shown[line])
                {
                    continue;
                }

                DrawLine(line, text);
                _shown[line] = text;
                changed = true;
            }

            if (changed)
            {
                // Sends the frame buffer; nothing reaches the panel before this.
                _oled.Display();
            }
        }

        private void DrawLine(int line, string text)
        {
            int top = line * LineHeight;
            _oled.DrawFilledRectangle(0, top, Screen.Width * CellWidth, LineHeight, false);
            int count = text.Length < Screen.Width ? text.Length : Screen.Width;
            for (int i = 0; i < count; i++)
            {
                DrawGlyph(i * CellWidth, top, text[i]);
            }
        }

        private void DrawGlyph(int left, int top, char character)
        {
            int glyph = Font5x7.IndexOf(character);
            for (int row = 0; row < Font5x7.Rows; row++)
            {
                int bits = Font5x7.RowBits(glyph, row);
                if (bits == 0)
                {
                    continue;
                }

                // One blank column on the left and one blank pixel row on top; each font row is two
                // display rows (7 x 2 = 14 of the cell's 16).
                int y = top + 1 + (row * 2);
                for (int column = 0; column < Font5x7.Columns; column++)
                {
                    if ((bits & (Font5x7.LeftmostBit >> column)) != 0)
                    {
                        int x = left + 1 + column;
                        _oled.DrawPixel(x, y, true);
                        _oled.DrawPixel(x, y + 1, true);
                    }
                }
            }
        }
    }
}
