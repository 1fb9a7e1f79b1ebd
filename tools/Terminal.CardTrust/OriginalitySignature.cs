using System;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;

namespace Terminal.CardTrust;

/// <summary>
/// Checks the NXP originality signature an NTAG21x returns to READ_SIG (data sheet §8.8): an ECDSA
/// signature on secp128r1 over the UID itself (no hash), 32 bytes = r (16) || s (16), big-endian.
/// The terminal reads it at enrolment; it cannot check it (no ECC on nanoFramework), the cloud does.
/// A valid signature proves the chip was made by NXP with that UID; a magic clone copies it along
/// with the UID, so it stops UID-changeable Chinese clones only when they lack a copied signature.
/// </summary>
public sealed class OriginalitySignature
{
    /// <summary>
    /// NXP's NTAG21x originality public key (uncompressed point), as published in NXP application note
    /// AN11350 "NTAG21x Originality Signature Validation". Confirm against the current note before production.
    /// </summary>
    public const string NxpNtag21xPublicKeyHex = "04494E1A386D3D3CFE3DC10E5DE68A499B1C202DB5B132393E89ED19FE5BE8BC61";

    /// <summary>Bytes of a signature.</summary>
    public const int SignatureLength = 32;

    private readonly ECPublicKeyParameters _key;

    /// <summary>A checker for signatures made with <paramref name="publicKey"/> (uncompressed or compressed point on secp128r1).</summary>
    public OriginalitySignature(byte[] publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        X9ECParameters curve = Curve();
        var domain = new ECDomainParameters(curve.Curve, curve.G, curve.N, curve.H);

        // DecodePoint rejects a point that is not on the curve.
        _key = new ECPublicKeyParameters(curve.Curve.DecodePoint(publicKey), domain);
    }

    /// <summary>A checker with NXP's NTAG21x key.</summary>
    public static OriginalitySignature Nxp() => new(Convert.FromHexString(NxpNtag21xPublicKeyHex));

    /// <summary>The curve NXP uses for NTAG21x originality signatures.</summary>
    public static X9ECParameters Curve() => SecNamedCurves.GetByName("secp128r1");

    /// <summary>True when <paramref name="signature"/> is this key's signature over <paramref name="uid"/>.</summary>
    public bool Verify(ReadOnlySpan<byte> uid, ReadOnlySpan<byte> signature)
    {
        if (uid.Length == 0 || signature.Length != SignatureLength)
        {
            return false;
        }

        var r = new BigInteger(1, signature[..16].ToArray());
        var s = new BigInteger(1, signature[16..].ToArray());
        var signer = new ECDsaSigner();
        signer.Init(false, _key);
        return signer.VerifySignature(uid.ToArray(), r, s);
    }
}
