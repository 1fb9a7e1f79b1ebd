using System;
using System.Device.Gpio;
using System.Threading;
using Terminal.Core.Ports;

namespace Terminal.Device.Keypad
{
    /// <summary>
    /// <see cref="IKeypad"/> on a 4x4 membrane keypad scanned with System.Device.Gpio. Each
    /// <see cref="ReadKey"/> scans the matrix once; when the result differs from the accepted state it
    /// scans again <see cref="SettleMs"/> later and accepts the change only if both scans agree. A key
    /// is reported once, on the press. There is no auto-repeat and no scanning thread.
    /// A main-loop turn is 20 ms of sleep plus a card poll (each unanswered poll waits for the
    /// reader's receive timeout), so a press is caught when it lasts about one turn; confirming
    /// within the call, rather than across two turns, keeps quick presses from being lost.
    /// </summary>
    public sealed class MatrixKeypad : IKeypad
    {
        // Keys as printed, row by row.
        private static readonly char[] Layout = new char[]
        {
            '1', '2', '3', 'A',
            '4', '5', '6', 'B',
            '7', '8', '9', 'C',
            '*', '0', '#', 'D',
        };

        // Scan result when two or more keys are down: never reported, but it breaks a stable key so the
        // remaining key counts as a new press once the others are released.
        private const char Several = '\uFFFF';

        /// <summary>
        /// Wait before the confirming scan. Membrane contacts bounce for a few milliseconds; two equal
        /// scans 10 ms apart are past it, and an 80 ns glitch on GPIO36/39 (ESP32 erratum) cannot
        /// appear in both.
        /// </summary>
        public const int SettleMs = 10;

        private const int Size = 4;

        private readonly GpioPin[] _rows = new GpioPin[Size];
        private readonly GpioPin[] _columns = new GpioPin[Size];
        private char _stable = '\0';

        /// <summary>Opens the row and column pins.</summary>
        /// <param name="gpio">Shared controller.</param>
        /// <param name="rowPins">Four GPIOs wired to rows 1-4 (keys 1 2 3 A ... * 0 # D).</param>
        /// <param name="columnPins">Four GPIOs wired to columns 1-4, each with a pull-up to 3V3
        /// (external 10 kΩ on this board: GPIO34-39 have no internal pull resistors).</param>
        public MatrixKeypad(GpioController gpio, int[] rowPins, int[] columnPins)
        {
            if (rowPins.Length != Size || columnPins.Length != Size)
            {
                throw new ArgumentException("4 row and 4 column pins");
            }

            for (int i = 0; i < Size; i++)
            {
                // Idle rows float (input): a row is only driven while it is scanned, so two keys held in
                // one column never connect a HIGH output to a LOW one.
                _rows[i] = gpio.OpenPin(rowPins[i], PinMode.Input);
                _columns[i] = gpio.OpenPin(columnPins[i], PinMode.Input);
            }
        }

        /// <inheritdoc/>
        public char ReadKey()
        {
            char scan = Scan();
            if (scan == _stable)
            {
                // Nothing changed: the common case costs one scan and no wait.
                return '\0';
            }

            Thread.Sleep(SettleMs);
            if (Scan() != scan)
            {
                // Still bouncing, or already released: look again next turn.
                return '\0';
            }

            _stable = scan;

            // Report the edge into a single key, never a release or a chord.
            return scan != '\0' && scan != Several ? scan : '\0';
        }

        private char Scan()
        {
            char found = '\0';
            for (int row = 0; row < Size; row++)
            {
                GpioPin line = _rows[row];
                line.SetPinMode(PinMode.Output);
                line.Write(PinValue.Low);

                // Settling: 10 kΩ pull-up against ~50 pF of ribbon and pin capacitance is an RC of 0.5 µs,
                // far below the time one interpreted GPIO call takes.
                for (int column = 0; column < Size; column++)
                {
                    if (_columns[column].Read() == PinValue.Low)
                    {
                        found = found == '\0' ? Layout[(row * Size) + column] : Several;
                    }
                }

                line.SetPinMode(PinMode.Input);
            }

            return found;
        }
    }
}
