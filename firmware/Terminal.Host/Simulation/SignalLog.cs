using Terminal.Core.Ports;

namespace Terminal.Host.Simulation;

/// <summary>Buzzer/LED stand-in: remembers the last signal for the simulator's status line.</summary>
public sealed class SignalLog : IIndicator
{
    /// <summary>The last signal given.</summary>
    public Signal? Last { get; private set; }

    /// <summary>Raised on every success or error signal (not key clicks).</summary>
    public event System.Action<Signal>? Signalled;

    /// <inheritdoc/>
    public void Signal(Signal signal)
    {
        Last = signal;
        if (signal != Core.Ports.Signal.Key)
        {
            Signalled?.Invoke(signal);
        }
    }
}
