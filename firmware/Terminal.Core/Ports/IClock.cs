namespace Terminal.Core.Ports
{
    /// <summary>Wall-clock and monotonic time.</summary>
    public interface IClock
    {
        /// <summary>Seconds since 1970-01-01 UTC (what transactions record).</summary>
        uint UnixSeconds { get; }

        /// <summary>Milliseconds from an arbitrary start, never going backwards (for timeouts).</summary>
        long MonotonicMilliseconds { get; }
    }
}
