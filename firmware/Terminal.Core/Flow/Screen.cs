namespace Terminal.Core.Flow
{
    /// <summary>Four lines of up to 16 characters: what a 128×64 display shows with an 8×8 font at double height, or a 16×4 LCD.</summary>
    public sealed class Screen
    {
        /// <summary>Characters per line.</summary>
        public const int Width = 16;

        /// <summary>Lines on screen.</summary>
        public const int Height = 4;

        private readonly string[] _lines = new string[Height];

        /// <summary>Creates a blank screen.</summary>
        public Screen()
        {
            Set(string.Empty, string.Empty, string.Empty, string.Empty);
        }

        /// <summary>Line <paramref name="index"/> (0 = top), never null, at most <see cref="Width"/> characters.</summary>
        public string Line(int index)
        {
            return _lines[index];
        }

        /// <summary>Replaces all four lines; long lines are cut, nulls become blank.</summary>
        public void Set(string line0, string line1, string line2, string line3)
        {
            _lines[0] = Fit(line0);
            _lines[1] = Fit(line1);
            _lines[2] = Fit(line2);
            _lines[3] = Fit(line3);
        }

        /// <summary>Text of all lines separated by '|', for logs and tests.</summary>
        public override string ToString()
        {
            return _lines[0] + "|" + _lines[1] + "|" + _lines[2] + "|" + _lines[3];
        }

        private static string Fit(string text)
        {
            if (text == null)
            {
                return string.Empty;
            }

            return text.Length > Width ? text.Substring(0, Width) : text;
        }
    }
}
