namespace Terminal.Core.Security
{
    /// <summary>
    /// The one primitive the card credentials need, behind a port because nanoFramework's
    /// <c>System.Security.Cryptography</c> differs from .NET's (ADR 0008).
    /// </summary>
    public interface ICredentialCrypto
    {
        /// <summary>
        /// HMAC-SHA256 (RFC 2104, FIPS 180-4) of <paramref name="count"/> bytes of
        /// <paramref name="data"/> from <paramref name="offset"/>, under <paramref name="key"/>;
        /// the 32-byte result goes to <paramref name="output"/>[0..31].
        /// </summary>
        void HmacSha256(byte[] key, byte[] data, int offset, int count, byte[] output);
    }
}
