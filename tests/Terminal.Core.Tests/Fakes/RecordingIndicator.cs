using Terminal.Core.Ports;

namespace Terminal.Core.Tests.Fakes
{
    /// <summary>Counts signals per kind.</summary>
    public sealed class RecordingIndicator : IIndicator
    {
        /// <summary>Success signals so far.</summary>
        public int Successes { get; private set; }

        /// <summary>Error signals so far.</summary>
        public int Errors { get; private set; }

        /// <summary>Key clicks so far.</summary>
        public int Keys { get; private set; }

        /// <inheritdoc/>
        public void Signal(Signal signal)
        {
            if (signal == Ports.Signal.Success)
            {
                Successes++;
            }
            else if (signal == Ports.Signal.Error)
            {
                Errors++;
            }
            else
            {
                Keys++;
            }
        }
    }
}
