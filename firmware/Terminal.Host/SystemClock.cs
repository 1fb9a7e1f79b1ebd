using System;
using System.Diagnostics;
using Terminal.Core.Ports;

namespace Terminal.Host;

/// <summary><see cref="IClock"/> from the PC's clock.</summary>
public sealed class SystemClock : IClock
{
    private readonly Stopwatch _since = Stopwatch.StartNew();

    /// <inheritdoc/>
    public uint UnixSeconds => (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <inheritdoc/>
    public long MonotonicMilliseconds => _since.ElapsedMilliseconds;
}
