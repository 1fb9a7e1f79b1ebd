using System;
using System.Security.Cryptography;
using Terminal.Core.Security;

namespace Terminal.Device.Security
{
    /// <summary>
    /// <see cref="ICredentialCrypto"/> on nanoFramework: the static
    /// <c>HMACSHA256.HashData(key, data)</c> of nanoFramework.System.Security.Cryptography (native,
    /// mbedTLS on the ESP32). It takes whole arrays and returns a new 32-byte array, so each call
    /// allocates that result (the core always passes a whole, preallocated input array, so no copy of
    /// the input is made). A verify computes 2 HMACs (3 when both slots hold records): a few
    /// dozen bytes of short-lived garbage per tap.
    /// </summary>
    public sealed class NanoCredentialCrypto : ICredentialCrypto
    {
        /// <inheritdoc/>
        public void HmacSha256(byte[] key, byte[] data, int offset, int count, byte[] output)
        {
            byte[] message = data;
            if (offset != 0 || count != data.Length)
            {
                message = new byte[count];
                Array.Copy(data, offset, message, 0, count);
            }

            byte[] mac = HMACSHA256.HashData(key, message);
            Array.Copy(mac, 0, output, 0, 32);
        }
    }
}
