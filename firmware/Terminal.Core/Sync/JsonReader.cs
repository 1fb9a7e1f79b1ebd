namespace Terminal.Core.Sync
{
    /// <summary>
    /// A strict pull reader for the sync payloads: one token per <see cref="Read"/>, no
    /// allocation except <see cref="GetString"/>. It accepts standard JSON restricted to integers
    /// and refuses, with a reason in <see cref="Error"/>, anything else: fractions, exponents,
    /// numbers beyond 18 digits, nesting deeper than the limit, over-long strings, invalid UTF-8,
    /// unescaped control characters and trailing bytes. Every input ends in
    /// <see cref="JsonToken.End"/> or <see cref="JsonToken.Error"/> within one pass.
    /// </summary>
    public sealed class JsonReader
    {
        private readonly bool[] _isObject;
        private readonly byte[] _text;
        private byte[] _data;
        private int _pos;
        private int _end;
        private int _depth;
        private bool _expectName;
        private bool _expectSeparator;
        private bool _afterComma;
        private bool _rootDone;
        private int _textLength;

        /// <summary>Creates a reader with nesting and string limits.</summary>
        public JsonReader(int maxDepth, int maxStringBytes)
        {
            _isObject = new bool[maxDepth];
            _text = new byte[maxStringBytes];
        }

        /// <summary>The last token read.</summary>
        public JsonToken Token { get; private set; }

        /// <summary>Value of the last <see cref="JsonToken.Number"/>.</summary>
        public long Number { get; private set; }

        /// <summary>Value of the last <see cref="JsonToken.Bool"/>.</summary>
        public bool Bool { get; private set; }

        /// <summary>Why the input was refused (null while it is fine).</summary>
        public string Error { get; private set; }

        /// <summary>Containers currently open.</summary>
        public int Depth
        {
            get { return _depth; }
        }

        /// <summary>UTF-8 bytes of the last name or string.</summary>
        public int TextLength
        {
            get { return _textLength; }
        }

        /// <summary>Starts reading <paramref name="length"/> bytes of <paramref name="data"/> at <paramref name="offset"/>.</summary>
        public void Reset(byte[] data, int offset, int length)
        {
            _data = data;
            _pos = offset;
            _end = offset + length;
            _depth = 0;
            _expectName = false;
            _expectSeparator = false;
            _afterComma = false;
            _rootDone = false;
            _textLength = 0;
            Token = JsonToken.None;
            Error = null;
            Number = 0;
            Bool = false;
        }

        /// <summary>The last name or string as text.</summary>
        public string GetString()
        {
            return System.Text.Encoding.UTF8.GetString(_text, 0, _textLength);
        }

        /// <summary>True when the last name or string is exactly this ASCII text (no allocation).</summary>
        public bool TextEquals(string ascii)
        {
            if (ascii.Length != _textLength)
            {
                return false;
            }

            for (int i = 0; i < _textLength; i++)
            {
                if (_text[i] != ascii[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Copies the last name or string's UTF-8 bytes; returns how many.</summary>
        public int CopyText(byte[] into, int offset)
        {
            System.Array.Copy(_text, 0, into, offset, _textLength);
            return _textLength;
        }

        /// <summary>
        /// Skips the value that starts with the current token (a whole object or array, or nothing
        /// for a scalar). After a <see cref="JsonToken.Name"/> it reads and skips the member's value.
        /// Returns false on an error.
        /// </summary>
        public bool Skip()
        {
            if (Token == JsonToken.Name)
            {
                Read();
            }

            if (Token == JsonToken.Error)
            {
                return false;
            }

            if (Token != JsonToken.BeginObject && Token != JsonToken.BeginArray)
            {
                return true;
            }

            int target = _depth - 1;
            while (_depth > target)
            {
                if (Read() == JsonToken.Error || Token == JsonToken.End)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Reads the next token.</summary>
        public JsonToken Read()
        {
            if (Token == JsonToken.Error || Token == JsonToken.End)
            {
                return Token;
            }

            SkipWhitespace();
            if (_rootDone)
            {
                if (_pos < _end)
                {
                    return Fail("trailing bytes after the document");
                }

                Token = JsonToken.End;
                return Token;
            }

            if (_pos >= _end)
            {
                return Fail("unexpected end of input");
            }

            byte c = _data[_pos];
            if (_expectSeparator)
            {
                if (c == ',')
                {
                    _pos++;
                    _expectSeparator = false;
                    _afterComma = true;
                    SkipWhitespace();
                    if (_pos >= _end)
                    {
                        return Fail("unexpected end of input");
                    }

                    c = _data[_pos];
                    if (_isObject[_depth - 1])
                    {
                        _expectName = true;
                    }
                }
                else if (c == '}' || c == ']')
                {
                    return Close(c);
                }
                else
                {
                    return Fail("expected ',' or the end of a container");
                }
            }

            if (_expectName)
            {
                if (c == '}' && !_afterComma)
                {
                    return Close(c);
                }

                if (c != '"')
                {
                    return Fail("expected a member name");
                }

                if (!ReadString())
                {
                    return Token;
                }

                SkipWhitespace();
                if (_pos >= _end || _data[_pos] != ':')
                {
                    return Fail("expected ':' after a member name");
                }

                _pos++;
                _expectName = false;
                _afterComma = false;
                Token = JsonToken.Name;
                return Token;
            }

            if (c == ']' && _depth > 0 && !_isObject[_depth - 1] && !_afterComma && Token == JsonToken.BeginArray)
            {
                return Close(c);
            }

            _afterComma = false;
            switch (c)
            {
                case (byte)'{':
                    return Open(true);
                case (byte)'[':
                    return Open(false);
                case (byte)'"':
                    if (!ReadString())
                    {
                        return Token;
                    }

                    return Scalar(JsonToken.String);
                case (byte)'t':
                    return Literal("true", JsonToken.Bool, true);
                case (byte)'f':
                    return Literal("false", JsonToken.Bool, false);
                case (byte)'n':
                    return Literal("null", JsonToken.Null, false);
                default:
                    if (c == '-' || (c >= '0' && c <= '9'))
                    {
                        return ReadNumber();
                    }

                    return Fail("unexpected character");
            }
        }

        private JsonToken Open(bool isObject)
        {
            if (_depth >= _isObject.Length)
            {
                return Fail("nested too deeply");
            }

            _isObject[_depth] = isObject;
            _depth++;
            _pos++;
            _expectName = isObject;
            _expectSeparator = false;
            Token = isObject ? JsonToken.BeginObject : JsonToken.BeginArray;
            return Token;
        }

        private JsonToken Close(byte c)
        {
            bool isObject = _isObject[_depth - 1];
            if ((c == '}') != isObject)
            {
                return Fail("mismatched closing bracket");
            }

            _pos++;
            _depth--;
            _expectName = false;
            _afterComma = false;
            Token = isObject ? JsonToken.EndObject : JsonToken.EndArray;
            AfterValue();
            return Token;
        }

        private JsonToken Scalar(JsonToken token)
        {
            Token = token;
            AfterValue();
            return Token;
        }

        private void AfterValue()
        {
            if (_depth == 0)
            {
                _rootDone = true;
            }
            else
            {
                _expectSeparator = true;
            }
        }

        private JsonToken Literal(string word, JsonToken token, bool value)
        {
            if (_end - _pos < word.Length)
            {
                return Fail("unexpected end of input");
            }

            for (int i = 0; i < word.Length; i++)
            {
                if (_data[_pos + i] != word[i])
                {
                    return Fail("unexpected character");
                }
            }

            _pos += word.Length;
            Bool = value;
            return Scalar(token);
        }

        private JsonToken ReadNumber()
        {
            bool negative = false;
            if (_data[_pos] == '-')
            {
                negative = true;
                _pos++;
            }

            int start = _pos;
            long value = 0;
            while (_pos < _end && _data[_pos] >= '0' && _data[_pos] <= '9')
            {
                if (_pos - start >= 18)
                {
                    return Fail("number too long");
                }

                value = (value * 10) + (_data[_pos] - '0');
                _pos++;
            }

            int digits = _pos - start;
            if (digits == 0)
            {
                return Fail("expected a digit");
            }

            if (digits > 1 && _data[start] == '0')
            {
                return Fail("leading zero");
            }

            if (_pos < _end && (_data[_pos] == '.' || _data[_pos] == 'e' || _data[_pos] == 'E'))
            {
                return Fail("only integers are allowed");
            }

            Number = negative ? -value : value;
            return Scalar(JsonToken.Number);
        }

        /// <summary>Reads a string starting at the opening quote into the text buffer.</summary>
        private bool ReadString()
        {
            _pos++;
            _textLength = 0;
            while (true)
            {
                if (_pos >= _end)
                {
                    Fail("unterminated string");
                    return false;
                }

                byte b = _data[_pos];
                if (b == '"')
                {
                    _pos++;
                    return true;
                }

                if (b < 0x20)
                {
                    Fail("control character in string");
                    return false;
                }

                if (b == '\\')
                {
                    if (!ReadEscape())
                    {
                        return false;
                    }

                    continue;
                }

                if (b < 0x80)
                {
                    if (!PutText(b))
                    {
                        return false;
                    }

                    _pos++;
                    continue;
                }

                if (!CopyUtf8Sequence())
                {
                    return false;
                }
            }
        }

        private bool CopyUtf8Sequence()
        {
            byte b = _data[_pos];
            int extra;
            if (b >= 0xC2 && b <= 0xDF)
            {
                extra = 1;
            }
            else if (b >= 0xE0 && b <= 0xEF)
            {
                extra = 2;
            }
            else if (b >= 0xF0 && b <= 0xF4)
            {
                extra = 3;
            }
            else
            {
                Fail("invalid UTF-8");
                return false;
            }

            if (_end - _pos <= extra)
            {
                Fail("invalid UTF-8");
                return false;
            }

            for (int i = 1; i <= extra; i++)
            {
                if ((_data[_pos + i] & 0xC0) != 0x80)
                {
                    Fail("invalid UTF-8");
                    return false;
                }
            }

            for (int i = 0; i <= extra; i++)
            {
                if (!PutText(_data[_pos + i]))
                {
                    return false;
                }
            }

            _pos += extra + 1;
            return true;
        }

        private bool ReadEscape()
        {
            if (_end - _pos < 2)
            {
                Fail("unterminated string");
                return false;
            }

            byte e = _data[_pos + 1];
            _pos += 2;
            switch (e)
            {
                case (byte)'"':
                case (byte)'\\':
                case (byte)'/':
                    return PutText(e);
                case (byte)'n':
                    return PutText((byte)'\n');
                case (byte)'r':
                    return PutText((byte)'\r');
                case (byte)'t':
                    return PutText((byte)'\t');
                case (byte)'b':
                    return PutText((byte)'\b');
                case (byte)'f':
                    return PutText((byte)'\f');
                case (byte)'u':
                    break;
                default:
                    Fail("invalid escape");
                    return false;
            }

            int code = ReadHex4();
            if (code < 0)
            {
                return false;
            }

            if (code >= 0xD800 && code <= 0xDBFF)
            {
                if (_end - _pos < 6 || _data[_pos] != '\\' || _data[_pos + 1] != 'u')
                {
                    Fail("unpaired surrogate");
                    return false;
                }

                _pos += 2;
                int low = ReadHex4();
                if (low < 0xDC00 || low > 0xDFFF)
                {
                    Fail("unpaired surrogate");
                    return false;
                }

                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
            }
            else if (code >= 0xDC00 && code <= 0xDFFF)
            {
                Fail("unpaired surrogate");
                return false;
            }

            if (code < 0x80)
            {
                return PutText((byte)code);
            }

            if (code < 0x800)
            {
                return PutText((byte)(0xC0 | (code >> 6))) && PutText((byte)(0x80 | (code & 0x3F)));
            }

            if (code < 0x10000)
            {
                return PutText((byte)(0xE0 | (code >> 12))) && PutText((byte)(0x80 | ((code >> 6) & 0x3F)))
                    && PutText((byte)(0x80 | (code & 0x3F)));
            }

            return PutText((byte)(0xF0 | (code >> 18))) && PutText((byte)(0x80 | ((code >> 12) & 0x3F)))
                && PutText((byte)(0x80 | ((code >> 6) & 0x3F))) && PutText((byte)(0x80 | (code & 0x3F)));
        }

        private int ReadHex4()
        {
            if (_end - _pos < 4)
            {
                Fail("invalid escape");
                return -1;
            }

            int value = 0;
            for (int i = 0; i < 4; i++)
            {
                int d = HexValue(_data[_pos + i]);
                if (d < 0)
                {
                    Fail("invalid escape");
                    return -1;
                }

                value = (value << 4) | d;
            }

            _pos += 4;
            return value;
        }

        private static int HexValue(byte c)
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

        private bool PutText(byte b)
        {
            if (_textLength >= _text.Length)
            {
                Fail("string too long");
                return false;
            }

            _text[_textLength] = b;
            _textLength++;
            return true;
        }

        private void SkipWhitespace()
        {
            while (_pos < _end)
            {
                byte c = _data[_pos];
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                {
                    return;
                }

                _pos++;
            }
        }

        private JsonToken Fail(string reason)
        {
            if (Error == null)
            {
                Error = reason;
            }

            Token = JsonToken.Error;
            return Token;
        }
    }
}
