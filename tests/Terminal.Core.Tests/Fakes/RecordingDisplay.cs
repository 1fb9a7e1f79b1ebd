using Terminal.Core.Flow;
using Terminal.Core.Ports;

namespace Terminal.Core.Tests.Fakes
{
    /// <summary>Remembers the last screen shown and counts updates.</summary>
    public sealed class RecordingDisplay : IDisplay
    {
        /// <summary>Text of the last screen ("line0|line1|line2|line3"), or empty.</summary>
        public string Last { get; private set; } = string.Empty;

        /// <summary>Number of Show calls.</summary>
        public int Updates { get; private set; }

        /// <inheritdoc/>
        public void Show(Screen screen)
        {
            Last = screen.ToString();
            Updates++;
        }

        /// <summary>True when the last screen contains <paramref name="text"/>.</summary>
        public bool Shows(string text)
        {
            return Last.IndexOf(text) >= 0;
        }
    }
}
