namespace Terminal.Core.Security
{
    /// <summary>
    /// The retailer's card keys on this terminal: the record (MAC) key of the current version, the
    /// one before it, and the separate card-password key. Keys go in through setters only and are
    /// never readable from outside the core: nothing can show or export them. Provisioning fills
    /// the keyring from its write-only secrets at boot and on every rotation.
    /// Versions are 1..15 because the record stores the version in 4 bits (ADR 0008): only the
    /// current and previous versions are ever compared, so wrapping from 15 to 1 is harmless.
    /// </summary>
    public sealed class Keyring
    {
        /// <summary>Highest key version.</summary>
        public const int MaxVersion = 15;

        /// <summary>Shortest key accepted (128 bits).</summary>
        public const int MinKeyLength = 16;

        /// <summary>Longest key accepted (the HMAC-SHA256 block size).</summary>
        public const int MaxKeyLength = 64;

        private byte[] _current;
        private byte[] _previous;
        private byte[] _password;
        private byte _currentVersion;
        private byte _previousVersion;

        /// <summary>Version of the key new records are signed with (0 = none).</summary>
        public byte CurrentVersion
        {
            get { return _currentVersion; }
        }

        /// <summary>Version still accepted, whose cards are re-signed at their next tap (0 = none).</summary>
        public byte PreviousVersion
        {
            get { return _previousVersion; }
        }

        /// <summary>True when the card-password key is set.</summary>
        public bool HasPasswordKey
        {
            get { return _password != null; }
        }

        /// <summary>True when cards can be verified and enrolled (current record key and password key set).</summary>
        public bool Ready
        {
            get { return _current != null && _password != null; }
        }

        /// <summary>
        /// A new current version: the old current becomes previous, the old previous is retired and wiped.
        /// This is the normal rotation; cards signed with the old current are re-signed at their next tap.
        /// </summary>
        public void Rotate(byte version, byte[] key, int offset, int length)
        {
            CheckVersion(version);
            if (version == _currentVersion)
            {
                throw new System.ArgumentException("version already current");
            }

            byte[] copy = Copy(key, offset, length);
            Wipe(_previous);
            _previous = _current;
            _previousVersion = _currentVersion;
            _current = copy;
            _currentVersion = version;
        }

        /// <summary>Sets the current version directly (loading stored secrets at boot).</summary>
        public void SetCurrent(byte version, byte[] key, int offset, int length)
        {
            CheckVersion(version);
            if (version == _previousVersion)
            {
                throw new System.ArgumentException("version equals the previous version");
            }

            byte[] copy = Copy(key, offset, length);
            Wipe(_current);
            _current = copy;
            _currentVersion = version;
        }

        /// <summary>Sets the previous version directly (loading stored secrets at boot).</summary>
        public void SetPrevious(byte version, byte[] key, int offset, int length)
        {
            CheckVersion(version);
            if (version == _currentVersion)
            {
                throw new System.ArgumentException("version equals the current version");
            }

            byte[] copy = Copy(key, offset, length);
            Wipe(_previous);
            _previous = copy;
            _previousVersion = version;
        }

        /// <summary>
        /// Stops accepting the previous version at once. Used when a terminal's flash (and so the
        /// previous key) may be in other hands: cards it signs would otherwise be accepted and even
        /// re-signed with the new key.
        /// </summary>
        public void RetirePrevious()
        {
            Wipe(_previous);
            _previous = null;
            _previousVersion = 0;
        }

        /// <summary>Sets the key the per-card password and PACK are derived from (ADR 0008: not rotated).</summary>
        public void SetPasswordKey(byte[] key, int offset, int length)
        {
            byte[] copy = Copy(key, offset, length);
            Wipe(_password);
            _password = copy;
        }

        /// <summary>Wipes every key.</summary>
        public void Clear()
        {
            Wipe(_current);
            Wipe(_previous);
            Wipe(_password);
            _current = null;
            _previous = null;
            _password = null;
            _currentVersion = 0;
            _previousVersion = 0;
        }

        /// <summary>The record key of <paramref name="version"/> when it is current or previous, else null.</summary>
        internal byte[] RecordKey(int version)
        {
            if (version == 0)
            {
                return null;
            }

            if (version == _currentVersion)
            {
                return _current;
            }

            if (version == _previousVersion)
            {
                return _previous;
            }

            return null;
        }

        /// <summary>The card-password key, or null.</summary>
        internal byte[] PasswordKey
        {
            get { return _password; }
        }

        private static void CheckVersion(byte version)
        {
            if (version < 1 || version > MaxVersion)
            {
                throw new System.ArgumentOutOfRangeException("version");
            }
        }

        private static byte[] Copy(byte[] key, int offset, int length)
        {
            if (key == null)
            {
                throw new System.ArgumentNullException("key");
            }

            if (length < MinKeyLength || length > MaxKeyLength || offset < 0 || offset + length > key.Length)
            {
                throw new System.ArgumentOutOfRangeException("length");
            }

            byte[] copy = new byte[length];
            System.Array.Copy(key, offset, copy, 0, length);
            return copy;
        }

        private static void Wipe(byte[] key)
        {
            if (key != null)
            {
                System.Array.Clear(key, 0, key.Length);
            }
        }
    }
}
