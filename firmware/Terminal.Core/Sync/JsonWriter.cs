namespace Terminal.Core.Sync
{
    /// <summary>
    /// Writes compact JSON (no spaces) into a fixed buffer: objects, arrays, integers, strings and
    /// booleans only, so nanoFramework.Json, System.Text.Json and this code agree on every payload.
    /// Strings are UTF-8; <c>"</c>, <c>\</c> and control characters are escaped the way
    /// System.Text.Json's relaxed encoder does. Writing past the buffer sets <see cref="Overflow"/>
    /// and drops the rest, so a caller checks once at the end.
    /// </summary>
    public sealed class JsonWriter
    {
        private const string HexDigits = "0123456789ABCDEF";

        private readonly byte[] _buffer;
        private int _length;
        private bool _needComma;
        private bool _overflow;

        /// <summary>Creates a writer with room for <paramref name="capacity"/> bytes.</summary>
        public JsonWriter(int capacity)
        {
            _buffer = new byte[capacity];
        }

        /// <summary>The bytes written so far start at index 0.</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>Bytes written.</summary>
        public int Length
        {
            get { return _length; }
        }

        /// <summary>True when something did not fit; the output is then incomplete.</summary>
        public bool Overflow
        {
            get { return _overflow; }
        }

        /// <summary>Starts a new document.</summary>
        public void Reset()
        {
            _length = 0;
            _needComma = false;
            _overflow = false;
        }

        /// <summary>Copies the document into a new array of exactly <see cref="Length"/> bytes.</summary>
        public byte[] ToArray()
        {
            byte[] result = new byte[_length];
            System.Array.Copy(_buffer, result, _length);
            return result;
        }

        /// <summary>Writes <c>{</c>.</summary>
        public void BeginObject()
        {
            Separator();
            Put((byte)'{');
            _needComma = false;
        }

        /// <summary>Writes <c>}</c>.</summary>
        public void EndObject()
        {
            Put((byte)'}');
            _needComma = true;
        }

        /// <summary>Writes <c>[</c>.</summary>
        public void BeginArray()
        {
            Separator();
            Put((byte)'[');
            _needComma = false;
        }

        /// <summary>Writes <c>]</c>.</summary>
        public void EndArray()
        {
            Put((byte)']');
            _needComma = true;
        }

        /// <summary>Writes a member name and the colon; the next call writes its value.</summary>
        public void Name(string name)
        {
            Separator();
            PutString(name);
            Put((byte)':');
            _needComma = false;
        }

        /// <summary>Writes an integer value.</summary>
        public void Number(long value)
        {
            Separator();
            PutAscii(value.ToString());
            _needComma = true;
        }

        /// <summary>Writes a string value (null writes <c>null</c>).</summary>
        public void String(string value)
        {
            Separator();
            if (value == null)
            {
                PutAscii("null");
            }
            else
            {
                PutString(value);
            }

            _needComma = true;
        }

        /// <summary>Writes <c>true</c> or <c>false</c>.</summary>
        public void Bool(bool value)
        {
            Separator();
            PutAscii(value ? "true" : "false");
            _needComma = true;
        }

        /// <summary>Writes <c>"name":value</c>.</summary>
        public void Member(string name, long value)
        {
            Name(name);
            Number(value);
        }

        /// <summary>Writes <c>"name":"value"</c>.</summary>
        public void Member(string name, string value)
        {
            Name(name);
            String(value);
        }

        /// <summary>Writes <c>"name":true|false</c>.</summary>
        public void Member(string name, bool value)
        {
            Name(name);
            Bool(value);
        }

        private void Separator()
        {
            if (_needComma)
            {
                Put((byte)',');
                _needComma = false;
            }
        }

        private void Put(byte b)
        {
            if (_length >= _buffer.Length)
            {
                _overflow = true;
                return;
            }

            _buffer[_length] = b;
            _length++;
        }

        private void PutAscii(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                Put((byte)text[i]);
            }
        }

        private void PutString(string text)
        {
            Put((byte)'"');
            int n = text.Length;
            for (int i = 0; i < n; i++)
            {
                int c = text[i];
                if (c == '"' || c == '\\')
                {
                    Put((byte)'\\');
                    Put((byte)c);
                }
                else if (c < 0x20)
                {
                    PutControl(c);
                }
                else if (c < 0x80)
                {
                    Put((byte)c);
                }
                else if (c < 0x800)
                {
                    Put((byte)(0xC0 | (c >> 6)));
                    Put((byte)(0x80 | (c & 0x3F)));
                }
                else if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && text[i + 1] >= 0xDC00 && text[i + 1] <= 0xDFFF)
                {
                    int code = 0x10000 + ((c - 0xD800) << 10) + (text[i + 1] - 0xDC00);
                    i++;
                    Put((byte)(0xF0 | (code >> 18)));
                    Put((byte)(0x80 | ((code >> 12) & 0x3F)));
                    Put((byte)(0x80 | ((code >> 6) & 0x3F)));
                    Put((byte)(0x80 | (code & 0x3F)));
                }
                else if (c >= 0xD800 && c <= 0xDFFF)
                {
                    // A lone surrogate has no UTF-8 form: write U+FFFD, as System.Text.Json does.
                    Put(0xEF);
                    Put(0xBF);
                    Put(0xBD);
                }
                else
                {
                    Put((byte)(0xE0 | (c >> 12)));
                    Put((byte)(0x80 | ((c >> 6) & 0x3F)));
                    Put((byte)(0x80 | (c & 0x3F)));
                }
            }

            Put((byte)'"');
        }

        private void PutControl(int c)
        {
            Put((byte)'\\');
            switch (c)
            {
                case '\n':
                    Put((byte)'n');
                    break;
                case '\r':
                    Put((byte)'r');
                    break;
                case '\t':
                    Put((byte)'t');
                    break;
                case '\b':
                    Put((byte)'b');
                    break;
                case '\f':
                    Put((byte)'f');
                    break;
                default:
                    Put((byte)'u');
                    Put((byte)'0');
                    Put((byte)'0');
                    Put((byte)HexDigits[c >> 4]);
                    Put((byte)HexDigits[c & 0xF]);
                    break;
            }
        }
    }
}
