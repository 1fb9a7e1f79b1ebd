using System;
using Terminal.Core.Ports;

namespace Terminal.Device.Clock
{
    /// <summary>
    /// <see cref="IClock"/> on the ESP32's system time. Wall-clock time is <c>DateTime.UtcNow</c>,
    /// which has no battery backup on this board: after a power-up it restarts near the epoch until
    /// SNTP (the sync adapter's job, once Wi-Fi is up) sets it. Monotonic time is
    /// <c>Environment.TickCount64</c>, milliseconds since boot, which a clock change does not move.
    /// </summary>
    public sealed class RtcClock : IClock
    {
        /// <summary>Unix time below this (2024-01-01) means the clock has not been set since power-up.</summary>
        public const uint PlausibleAfter = 1704067200;

        /// <inheritdoc/>
        public uint UnixSeconds
        {
            get
            {
                long seconds = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerSecond;
                return seconds <= 0 ? 0u : (uint)seconds;
            }
        }

        /// <inheritdoc/>
        public long MonotonicMilliseconds
        {
            get { return Environment.TickCount64; }
        }

        /// <summary>True once the wall clock has been set (transactions before that carry a boot-relative time).</summary>
        public bool IsSet
        {
            get { return UnixSeconds >= PlausibleAfter; }
        }
    }
}
