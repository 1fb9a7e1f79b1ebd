namespace Terminal.Core.Encoding
{
    /// <summary>Upper-case hexadecimal text for card UIDs and keys.</summary>
    public static class Hex
    {
        private const string Digits = "0123456789ABCDEF";

        /// <summary>Hex text of a byte range, two characters per byte.</summary>
        public static string Format(byte[] data, int offset, int count)
        {
            char[] chars = new char[count * 2];
            for (int i = 0; i < count; i++)
            {
                byte b = data[offset + i];
                chars[i * 2] = Digits[b >> 4];
                chars[(i * 2) + 1] = Digits[b & 0xF];
            }

            return new string(chars);
        }

        /// <summary>Parses hex text into a new array; returns null when the text is not even-length hex.</summary>
        public static byte[] Parse(string text)
        {
            if (text == null || (text.Length % 2) != 0)
            {
                return null;
            }

            byte[] result = new byte[text.Length / 2];
            for (int i = 0; i < result.Length; i++)
            {
                int hi = Nibble(text[i * 2]);
                int lo = Nibble(text[(i * 2) + 1]);
                if (hi < 0 || lo < 0)
                {
                    return null;
                }

                result[i] = (byte)((hi << 4) | lo);
            }

            return result;
        }

        private static int Nibble(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            return -1;
        }
    }
}
