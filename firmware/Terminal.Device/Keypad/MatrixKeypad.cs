using System;
using System.Device.Gpio;
using Terminal.Core.Ports;

namespace Terminal.Device.Keypad
{
    /// <summary>
    /// <see cref="IKeypad"/> on a 4x4 membrane keypad scanned with System.Device.Gpio. Each
    /// <see cref="ReadKey"/> scans the matrix once; a key is reported once, when the same single key
    /// has been seen in two consecutive scans (one main-loop turn, at least 20 ms, apart). There is no
    /// auto-repeat and no scanning thread, so nothing runs between loop turns.
    /// </summary>
    public sealed class MatrixKeypad : IKeypad
    {
        /// <summary>Keys as printed, row by row.</summary>
        public static readonly char[] Layout = new char[]
        {
            '1', '2', '3', 'A',
            '4', '5', '6', 'B',
            '7', '8', '9', 'C',
            '*', '0', '#', 'D',
        };

        // Scan result when two or more keys are down: never reported, but it breaks a stable key so the
        // remaining key counts as a new press once the others are released.
        private const char Several = '\uFFFF';

        private const int Size = 4;

        private readonly GpioPin[] _rows = new GpioPin[Size];
        private readonly GpioPin[] _columns = new GpioPin[Size];
        private char _previousScan = '\0';
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
            char pressed = '\0';
            if (scan == _previousScan && scan != _stable)
            {
                // Membrane contacts bounce for a few milliseconds; two equal scans a loop turn apart are
                // past it. Report the edge into a single key, never a release or a chord.
                if (scan != '\0' && scan != Several)
                {
                    pressed = scan;
                }

                _stable = scan;
            }

            _previousScan = scan;
            return pressed;
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
