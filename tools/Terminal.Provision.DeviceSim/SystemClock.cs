using System;
using System.Diagnostics;
using Terminal.Core.Ports;

namespace Terminal.Provision.DeviceSim
{
    /// <summary>The PC's clock.</summary>
    public sealed class SystemClock : IClock
    {
        private readonly Stopwatch _watch = Stopwatch.StartNew();

        public uint UnixSeconds => (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        public long MonotonicMilliseconds => _watch.ElapsedMilliseconds;
    }
}
