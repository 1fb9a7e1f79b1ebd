using Terminal.Core.Ports;

namespace Terminal.Host.Simulation;

/// <summary>A clock that advances only when told: scripted simulator runs are deterministic and fast.</summary>
public sealed class SteppedClock : IClock
{
    /// <summary>Starts at <paramref name="unixSeconds"/>.</summary>
    public SteppedClock(uint unixSeconds) => UnixSeconds = unixSeconds;

    /// <inheritdoc/>
    public uint UnixSeconds { get; private set; }

    /// <inheritdoc/>
    public long MonotonicMilliseconds { get; private set; }

    private long _carry;

    /// <summary>Moves time forward.</summary>
    public void Advance(int milliseconds)
    {
        MonotonicMilliseconds += milliseconds;
        _carry += milliseconds;
        UnixSeconds += (uint)(_carry / 1000);
        _carry %= 1000;
    }
}
