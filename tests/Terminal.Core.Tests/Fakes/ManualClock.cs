using Terminal.Core.Ports;

namespace Terminal.Core.Tests.Fakes
{
    /// <summary>A clock that moves only when the test says so.</summary>
    public sealed class ManualClock : IClock
    {
        /// <summary>Creates a clock at 2025-01-01T00:00:00Z.</summary>
        public ManualClock()
        {
            UnixSeconds = 1735689600;
        }

        /// <inheritdoc />
        public uint UnixSeconds { get; set; }

        /// <inheritdoc />
        public long MonotonicMilliseconds { get; set; }

        /// <summary>Moves both clocks forward.</summary>
        public void Advance(int milliseconds)
        {
            MonotonicMilliseconds += milliseconds;
            UnixSeconds += (uint)(milliseconds / 1000);
        }
    }
}
