using Terminal.Core.Ports;

namespace Terminal.Core.Tests.Fakes
{
    /// <summary>A keypad that "presses" the characters of a script, one per read.</summary>
    public sealed class ScriptedKeypad : IKeypad
    {
        private string _pending = string.Empty;

        /// <summary>Queues keys to press.</summary>
        public void Type(string keys)
        {
            _pending += keys;
        }

        /// <summary>Keys not yet read.</summary>
        public int Waiting
        {
            get { return _pending.Length; }
        }

        /// <inheritdoc/>
        public char ReadKey()
        {
            if (_pending.Length == 0)
            {
                return '\0';
            }

            char key = _pending[0];
            _pending = _pending.Substring(1);
            return key;
        }
    }
}
