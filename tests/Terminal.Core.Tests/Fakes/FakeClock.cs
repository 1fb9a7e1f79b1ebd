using Terminal.Core.Ports;

namespace Terminal.Core.Tests.Fakes
{
    /// <summary>A clock that moves only when the test says so.</summary>
    public sealed class FakeClock : IClock
    {
        /// <summary>Starts at 2026-03-01 10:00 UTC.</summary>
        public FakeClock()
        {
            UnixSeconds = 1772359200;
        }

        /// <inheritdoc/>
        public uint UnixSeconds { get; set; }

        /// <inheritdoc/>
        public long MonotonicMilliseconds { get; set; }

        /// <summary>Moves both clocks forward.</summary>
        public void Advance(int milliseconds)
        {
            MonotonicMilliseconds += milliseconds;
            UnixSeconds += (uint)(milliseconds / 1000);
        }
    }
}
