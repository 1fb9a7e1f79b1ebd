using Terminal.Core.Security;

namespace Terminal.Core.Tests.Fakes
{
    /// <summary>
    /// <see cref="ICredentialCrypto"/> over <see cref="Sha256"/>: HMAC per RFC 2104 (keys longer
    /// than a block are hashed first). The shared tests use it so they run unchanged on the
    /// nanoFramework test runner; the host and device adapters are checked against the same
    /// RFC 4231 vectors. Counts its calls, for the benchmark.
    /// </summary>
    public sealed class SoftwareCredentialCrypto : ICredentialCrypto
    {
        private readonly Sha256 _sha = new Sha256();
        private readonly byte[] _pad = new byte[Sha256.BlockSize];
        private readonly byte[] _key = new byte[Sha256.BlockSize];
        private readonly byte[] _inner = new byte[Sha256.HashSize];

        /// <summary>HMACs computed so far.</summary>
        public int Calls { get; private set; }

        /// <inheritdoc/>
        public void HmacSha256(byte[] key, byte[] data, int offset, int count, byte[] output)
        {
            Calls++;
            System.Array.Clear(_key, 0, _key.Length);
            if (key.Length > Sha256.BlockSize)
            {
                _sha.Update(key, 0, key.Length);
                _sha.Finish(_key, 0);
            }
            else
            {
                System.Array.Copy(key, 0, _key, 0, key.Length);
            }

            for (int i = 0; i < Sha256.BlockSize; i++)
            {
                _pad[i] = (byte)(_key[i] ^ 0x36);
            }

            _sha.Update(_pad, 0, _pad.Length);
            _sha.Update(data, offset, count);
            _sha.Finish(_inner, 0);
            for (int i = 0; i < Sha256.BlockSize; i++)
            {
                _pad[i] = (byte)(_key[i] ^ 0x5c);
            }

            _sha.Update(_pad, 0, _pad.Length);
            _sha.Update(_inner, 0, _inner.Length);
            _sha.Finish(output, 0);
        }
    }
}
