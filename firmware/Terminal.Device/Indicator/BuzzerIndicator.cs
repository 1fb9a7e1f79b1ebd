using System.Device.Gpio;
using System.Threading;
using Terminal.Core.Ports;
using SignalKind = Terminal.Core.Ports.Signal;

namespace Terminal.Device.Indicator
{
    /// <summary>
    /// <see cref="IIndicator"/> on an active buzzer (switched by an NPN transistor) and a status LED,
    /// both plain GPIO outputs that switch together. <see cref="Signal"/> only switches them on and
    /// arms a timer, so it returns in well under a millisecond; the timer thread plays the rest of
    /// the pattern. A new signal replaces the one playing.
    /// </summary>
    public sealed class BuzzerIndicator : IIndicator
    {
        // Durations in ms: on, off, on, ... Short enough to finish before the next key press.
        private static readonly int[] KeyPattern = new int[] { 15 };
        private static readonly int[] SuccessPattern = new int[] { 80, 60, 80 };
        private static readonly int[] ErrorPattern = new int[] { 400 };

        private readonly GpioPin _buzzer;
        private readonly GpioPin _led;
        private readonly Timer _timer;

        // Written by Signal (main loop) and the timer thread. Without a lock a signal arriving while a
        // step ends can cut the new pattern's first step short; it is a beep, so that is acceptable.
        private int[] _pattern;
        private int _step;

        /// <summary>Opens both pins as outputs, off.</summary>
        public BuzzerIndicator(GpioController gpio, int buzzerPin, int ledPin)
        {
            _buzzer = gpio.OpenPin(buzzerPin, PinMode.Output);
            _led = gpio.OpenPin(ledPin, PinMode.Output);
            Switch(false);
            _timer = new Timer(OnStepEnd, null, Timeout.Infinite, Timeout.Infinite);
        }

        /// <inheritdoc/>
        public void Signal(SignalKind signal)
        {
            int[] pattern = signal == SignalKind.Success ? SuccessPattern
                : signal == SignalKind.Error ? ErrorPattern
                : KeyPattern;
            _pattern = pattern;
            _step = 0;
            Switch(true);
            _timer.Change(pattern[0], Timeout.Infinite);
        }

        private void OnStepEnd(object state)
        {
            int[] pattern = _pattern;
            int step = _step + 1;
            _step = step;
            if (pattern == null || step >= pattern.Length)
            {
                Switch(false);
                return;
            }

            Switch((step % 2) == 0);
            _timer.Change(pattern[step], Timeout.Infinite);
        }

        private void Switch(bool on)
        {
            PinValue value = on ? PinValue.High : PinValue.Low;
            _buzzer.Write(value);
            _led.Write(value);
        }
    }
}
