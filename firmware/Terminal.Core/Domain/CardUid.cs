using Terminal.Core.Encoding;

namespace Terminal.Core.Domain
{
    /// <summary>ISO/IEC 14443-3 type A card identifier: 4 (single), 7 (double) or 10 (triple size) bytes.</summary>
    public sealed class CardUid
    {
        /// <summary>Largest UID length (triple size).</summary>
        public const int MaxLength = 10;

        private readonly byte[] _bytes = new byte[MaxLength];
        private int _length;

        /// <summary>Number of valid bytes (0 when empty).</summary>
        public int Length
        {
            get { return _length; }
        }

        /// <summary>The backing bytes; only the first <see cref="Length"/> are meaningful.</summary>
        public byte[] Bytes
        {
            get { return _bytes; }
        }

        /// <summary>True for the UID sizes ISO 14443-3 allows.</summary>
        public static bool IsValidLength(int length)
        {
            return length == 4 || length == 7 || length == 10;
        }

        /// <summary>Copies a UID in; throws on a length ISO 14443-3 does not define.</summary>
        public void Set(byte[] source, int offset, int length)
        {
            if (!IsValidLength(length))
            {
                throw new System.ArgumentException("UID must be 4, 7 or 10 bytes");
            }

            System.Array.Copy(source, offset, _bytes, 0, length);
            if (length < MaxLength)
            {
                System.Array.Clear(_bytes, length, MaxLength - length);
            }

            _length = length;
        }

        /// <summary>Copies another UID.</summary>
        public void CopyFrom(CardUid other)
        {
            if (other._length == 0)
            {
                Clear();
                return;
            }

            Set(other._bytes, 0, other._length);
        }

        /// <summary>Makes the UID empty (an anonymous sale has no card).</summary>
        public void Clear()
        {
            System.Array.Clear(_bytes, 0, MaxLength);
            _length = 0;
        }

        /// <summary>True when both hold the same bytes.</summary>
        public bool SameAs(CardUid other)
        {
            if (other == null || other._length != _length)
            {
                return false;
            }

            for (int i = 0; i < _length; i++)
            {
                if (_bytes[i] != other._bytes[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The 64-bit account key the card table is indexed by.</summary>
        public ulong Key()
        {
            return KeyOf(_bytes, 0, _length);
        }

        /// <summary>FNV-1a 64 over the length and the bytes: stable on every platform, and
        /// 50,000 cards collide with probability below 1e-10.</summary>
        public static ulong KeyOf(byte[] uid, int offset, int length)
        {
            ulong hash = 14695981039346656037UL;
            hash ^= (byte)length;
            hash *= 1099511628211UL;
            for (int i = 0; i < length; i++)
            {
                hash ^= uid[offset + i];
                hash *= 1099511628211UL;
            }

            // 0 marks an empty slot in card shards.
            return hash == 0 ? 1UL : hash;
        }

        /// <summary>Hex text, for example "04A1B2C3D4E5F6".</summary>
        public override string ToString()
        {
            return Hex.Format(_bytes, 0, _length);
        }
    }
}
