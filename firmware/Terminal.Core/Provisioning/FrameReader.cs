using Terminal.Core.Encoding;

namespace Terminal.Core.Provisioning
{
    /// <summary>
    /// Splits the service-port byte stream into Improv packets, vendor frames and (optionally)
    /// text lines. Feed bytes with <see cref="Push"/> and, after every byte, call
    /// <see cref="Next"/> until it returns <see cref="FrameEvent.None"/>; then the fixed buffer
    /// can never overflow.
    /// <para>
    /// Resynchronisation: a candidate frame that fails its check gives up only its first byte;
    /// scanning restarts at the next byte, so a good frame hidden behind garbage or behind a
    /// truncated frame is still found. A candidate that never completes (its length lied) is
    /// dropped the same way by <see cref="Abandon"/>, which the owner calls after a quiet gap.
    /// </para>
    /// The reported frame stays in <see cref="Buffer"/> until the next call to <see cref="Next"/>.
    /// </summary>
    public sealed class FrameReader
    {
        /// <summary>Longest text line kept; longer lines are cut into pieces.</summary>
        public const int MaxLine = 160;

        private const byte ImprovStart = 0x49;
        private const byte VendorStart = 0xFE;

        private readonly byte[] _buffer = new byte[VendorCodec.MaxFrame];
        private readonly char[] _line = new char[MaxLine];
        private readonly bool _collectText;
        private int _start;
        private int _count;
        private int _pendingDrop;
        private int _lineLength;

        /// <summary>
        /// Creates a reader. With <paramref name="collectText"/> (the host side), bytes outside
        /// frames become <see cref="FrameEvent.TextLine"/> events; otherwise they are discarded.
        /// </summary>
        public FrameReader(bool collectText)
        {
            _collectText = collectText;
        }

        /// <summary>Holds the reported frame.</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>Where the reported frame (or failed candidate) starts in <see cref="Buffer"/>.</summary>
        public int FrameOffset { get; private set; }

        /// <summary>Length of the reported frame.</summary>
        public int FrameLength { get; private set; }

        /// <summary>The text line of a <see cref="FrameEvent.TextLine"/> event (non-printable bytes shown as \xNN).</summary>
        public string Line { get; private set; }

        /// <summary>True while a candidate frame is waiting for more bytes.</summary>
        public bool HasPartialFrame
        {
            get { return _count > 0; }
        }

        /// <summary>Improv: the packet type.</summary>
        public byte ImprovType
        {
            get { return _buffer[FrameOffset + 7]; }
        }

        /// <summary>Improv: where the data starts.</summary>
        public int ImprovDataOffset
        {
            get { return FrameOffset + ImprovCodec.PrefixLength; }
        }

        /// <summary>Improv: data length.</summary>
        public int ImprovDataLength
        {
            get { return _buffer[FrameOffset + 8]; }
        }

        /// <summary>Vendor: the kind byte.</summary>
        public byte VendorKind
        {
            get { return _buffer[FrameOffset + 5]; }
        }

        /// <summary>Vendor: the sequence number.</summary>
        public byte VendorSequence
        {
            get { return _buffer[FrameOffset + 6]; }
        }

        /// <summary>Vendor: the command.</summary>
        public byte VendorCommand
        {
            get { return _buffer[FrameOffset + 7]; }
        }

        /// <summary>Vendor: where the payload starts.</summary>
        public int VendorPayloadOffset
        {
            get { return FrameOffset + VendorCodec.PrefixLength; }
        }

        /// <summary>Vendor: payload length as announced.</summary>
        public int VendorPayloadLength
        {
            get { return LittleEndian.ReadUInt16(_buffer, FrameOffset + 8); }
        }

        /// <summary>Adds one received byte.</summary>
        public void Push(byte value)
        {
            Drop(_pendingDrop);
            _pendingDrop = 0;
            if (_start + _count == _buffer.Length)
            {
                if (_start == 0)
                {
                    // Only reachable when Next() was not drained; keep going rather than throw.
                    Drop(1);
                }

                System.Array.Copy(_buffer, _start, _buffer, 0, _count);
                _start = 0;
            }

            _buffer[_start + _count] = value;
            _count++;
        }

        /// <summary>Gives up the candidate frame at the head of the stream (its length was a lie or the sender stopped).</summary>
        public void Abandon()
        {
            Drop(_pendingDrop);
            _pendingDrop = 0;
            if (_count > 0)
            {
                TakeText(_buffer[_start]);
                Drop(1);
            }
        }

        /// <summary>Text received since the last line break, if any, as a line; null when there is none.</summary>
        public string FlushText()
        {
            if (_lineLength == 0)
            {
                return null;
            }

            string s = new string(_line, 0, _lineLength);
            _lineLength = 0;
            return s;
        }

        /// <summary>Returns the next complete event, or <see cref="FrameEvent.None"/> when more bytes are needed.</summary>
        public FrameEvent Next()
        {
            Drop(_pendingDrop);
            _pendingDrop = 0;
            while (_count > 0)
            {
                byte first = _buffer[_start];
                if (first == ImprovStart)
                {
                    int state = CheckImprov();
                    if (state == Wait)
                    {
                        return FrameEvent.None;
                    }

                    if (state != NotAFrame)
                    {
                        return (FrameEvent)state;
                    }
                }
                else if (first == VendorStart)
                {
                    int state = CheckVendor();
                    if (state == Wait)
                    {
                        return FrameEvent.None;
                    }

                    if (state != NotAFrame)
                    {
                        return (FrameEvent)state;
                    }
                }

                // Not the start of a frame: it is text (or noise).
                bool lineDone = TakeText(first);
                Drop(1);
                if (lineDone)
                {
                    return FrameEvent.TextLine;
                }
            }

            return FrameEvent.None;
        }

        private const int Wait = -1;
        private const int NotAFrame = -2;

        private int CheckImprov()
        {
            int known = _count < ImprovCodec.HeaderLength + 1 ? _count : ImprovCodec.HeaderLength + 1;
            for (int i = 0; i < known; i++)
            {
                byte expected = i < ImprovCodec.HeaderLength ? ImprovCodec.HeaderByte(i) : ImprovCodec.Version;
                if (_buffer[_start + i] != expected)
                {
                    return NotAFrame;
                }
            }

            if (_count < ImprovCodec.PrefixLength)
            {
                return Wait;
            }

            int total = ImprovCodec.PrefixLength + _buffer[_start + 8] + 1;
            if (_count < total)
            {
                return Wait;
            }

            FrameOffset = _start;
            FrameLength = total;
            if (ImprovCodec.Checksum(_buffer, _start, total - 1) == _buffer[_start + total - 1])
            {
                _pendingDrop = total;
                return (int)FrameEvent.Improv;
            }

            _pendingDrop = 1;
            return (int)FrameEvent.ImprovChecksumError;
        }

        private int CheckVendor()
        {
            int known = _count < 5 ? _count : 5;
            for (int i = 0; i < known; i++)
            {
                byte expected = i < 4 ? VendorCodec.MagicByte(i) : VendorCodec.Version;
                if (_buffer[_start + i] != expected)
                {
                    return NotAFrame;
                }
            }

            if (_count < VendorCodec.PrefixLength)
            {
                return Wait;
            }

            FrameOffset = _start;
            int payload = LittleEndian.ReadUInt16(_buffer, _start + 8);
            if (payload > VendorCodec.MaxPayload)
            {
                FrameLength = VendorCodec.PrefixLength;
                _pendingDrop = 1;
                return (int)FrameEvent.VendorTooLong;
            }

            int total = VendorCodec.PrefixLength + payload + VendorCodec.TrailerLength;
            if (_count < total)
            {
                return Wait;
            }

            FrameLength = total;
            if (VendorCodec.IsIntact(_buffer, _start, total))
            {
                _pendingDrop = total;
                return (int)FrameEvent.Vendor;
            }

            _pendingDrop = 1;
            return (int)FrameEvent.VendorChecksumError;
        }

        // Adds a byte to the current text line; true when a line is complete (then Line is set).
        private bool TakeText(byte b)
        {
            if (!_collectText)
            {
                return false;
            }

            if (b == 0x0A)
            {
                Line = new string(_line, 0, _lineLength);
                _lineLength = 0;
                return true;
            }

            if (b == 0x0D)
            {
                return false;
            }

            if (b >= 0x20 && b < 0x7F)
            {
                _line[_lineLength++] = (char)b;
            }
            else
            {
                // Escape so a stray control byte cannot mess up the technician's terminal.
                if (_lineLength + 4 > MaxLine)
                {
                    Line = new string(_line, 0, _lineLength);
                    _lineLength = 0;
                    AppendEscape(b);
                    return true;
                }

                AppendEscape(b);
            }

            if (_lineLength + 4 > MaxLine)
            {
                Line = new string(_line, 0, _lineLength);
                _lineLength = 0;
                return true;
            }

            return false;
        }

        private void AppendEscape(byte b)
        {
            const string Digits = "0123456789ABCDEF";
            _line[_lineLength++] = '\\';
            _line[_lineLength++] = 'x';
            _line[_lineLength++] = Digits[b >> 4];
            _line[_lineLength++] = Digits[b & 0xF];
        }

        private void Drop(int n)
        {
            if (n <= 0)
            {
                return;
            }

            if (n > _count)
            {
                n = _count;
            }

            _start += n;
            _count -= n;
            if (_count == 0)
            {
                _start = 0;
            }
        }
    }
}
