using System;
using Terminal.Core.Flow;
using Terminal.Core.Ports;

namespace Terminal.Host.Simulation;

/// <summary>Keeps the last screen and renders it the way the 16x4 device display looks.</summary>
public sealed class TextDisplay : IDisplay
{
    private readonly string[] _lines = new string[Screen.Height];

    /// <summary>Creates a blank display.</summary>
    public TextDisplay()
    {
        for (int i = 0; i < _lines.Length; i++)
        {
            _lines[i] = string.Empty;
        }
    }

    /// <summary>Raised after every update.</summary>
    public event Action? Changed;

    /// <summary>Updates so far.</summary>
    public int Updates { get; private set; }

    /// <inheritdoc/>
    public void Show(Screen screen)
    {
        ArgumentNullException.ThrowIfNull(screen);
        for (int i = 0; i < _lines.Length; i++)
        {
            _lines[i] = screen.Line(i);
        }

        Updates++;
        Changed?.Invoke();
    }

    /// <summary>Line <paramref name="index"/> as shown.</summary>
    public string Line(int index) => _lines[index];

    /// <summary>The display drawn as a framed 16x4 panel.</summary>
    public string[] Render()
    {
        var rows = new string[Screen.Height + 2];
        string edge = new('─', Screen.Width + 2);
        rows[0] = "┌" + edge + "┐";
        for (int i = 0; i < Screen.Height; i++)
        {
            rows[i + 1] = "│ " + _lines[i].PadRight(Screen.Width) + " │";
        }

        rows[^1] = "└" + edge + "┘";
        return rows;
    }
}
