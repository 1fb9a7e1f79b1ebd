namespace Terminal.Core.Encoding
{
    /// <summary>
    /// UTF-8 decoding that refuses malformed input instead of guessing. Bytes from the service
    /// port are untrusted, and the device's decoder is not specified for malformed sequences,
    /// so they are checked here first.
    /// </summary>
    public static class Utf8
    {
        /// <summary>True when the range is well-formed UTF-8 (no overlong forms, no surrogates, at most U+10FFFF).</summary>
        public static bool IsValid(byte[] data, int offset, int count)
        {
            int i = offset;
            int end = offset + count;
            while (i < end)
            {
                int b = data[i];
                if (b < 0x80)
                {
                    i++;
                    continue;
                }

                int need;
                int min;
                int cp;
                if (b >= 0xC2 && b <= 0xDF)
                {
                    need = 1;
                    min = 0x80;
                    cp = b & 0x1F;
                }
                else if (b >= 0xE0 && b <= 0xEF)
                {
                    need = 2;
                    min = 0x800;
                    cp = b & 0x0F;
                }
                else if (b >= 0xF0 && b <= 0xF4)
                {
                    need = 3;
                    min = 0x10000;
                    cp = b & 0x07;
                }
                else
                {
                    return false;
                }

                if (i + need >= end)
                {
                    return false;
                }

                for (int k = 1; k <= need; k++)
                {
                    int c = data[i + k];
                    if ((c & 0xC0) != 0x80)
                    {
                        return false;
                    }

                    cp = (cp << 6) | (c & 0x3F);
                }

                if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                {
                    return false;
                }

                i += need + 1;
            }

            return true;
        }

        /// <summary>Decodes a well-formed range; returns null when it is not well-formed UTF-8.</summary>
        public static string Decode(byte[] data, int offset, int count)
        {
            if (count == 0)
            {
                return string.Empty;
            }

            if (!IsValid(data, offset, count))
            {
                return null;
            }

            return System.Text.Encoding.UTF8.GetString(data, offset, count);
        }

        /// <summary>UTF-8 bytes of a string (empty for null).</summary>
        public static byte[] Encode(string text)
        {
            return System.Text.Encoding.UTF8.GetBytes(text == null ? string.Empty : text);
        }
    }
}
