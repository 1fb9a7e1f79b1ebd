using System;
using System.Security.Cryptography;
using Terminal.Core.Security;

namespace Terminal.Host.Security;

/// <summary>
/// <see cref="ICredentialCrypto"/> on .NET: the one-shot span overload of
/// <see cref="HMACSHA256.HashData(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte})"/>, which
/// writes into the caller's buffer, so a verify allocates nothing here either.
/// </summary>
public sealed class HostCredentialCrypto : ICredentialCrypto
{
    /// <inheritdoc/>
    public void HmacSha256(byte[] key, byte[] data, int offset, int count, byte[] output)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(output);
        HMACSHA256.HashData(key, data.AsSpan(offset, count), output.AsSpan(0, HMACSHA256.HashSizeInBytes));
    }
}
