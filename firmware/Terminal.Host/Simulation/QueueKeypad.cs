using System.Collections.Concurrent;
using Terminal.Core.Ports;

namespace Terminal.Host.Simulation;

/// <summary>A keypad fed from the PC keyboard or a script (thread-safe).</summary>
public sealed class QueueKeypad : IKeypad
{
    /// <summary>The keys of the device's 4x4 keypad.</summary>
    public const string ValidKeys = "0123456789ABCD*#";

    private readonly ConcurrentQueue<char> _keys = new();

    /// <summary>Queues a key; returns false (and ignores it) when the device has no such key.</summary>
    public bool Press(char key)
    {
        if (ValidKeys.IndexOf(key) < 0)
        {
            return false;
        }

        _keys.Enqueue(key);
        return true;
    }

    /// <summary>Keys not read yet.</summary>
    public int Waiting => _keys.Count;

    /// <inheritdoc/>
    public char ReadKey() => _keys.TryDequeue(out char key) ? key : '\0';
}
