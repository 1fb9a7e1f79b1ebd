using System;
using System.IO;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities;
using Terminal.CardTrust;

namespace Terminal.Simulator;

/// <summary>
/// Stands in for NXP's factory: simulated NTAGs get an originality signature (ECDSA secp128r1 over
/// the UID) from a key kept in the data folder, and the embedded cloud checks them against its
/// public half. A real cloud checks against NXP's published key, so simulated cards fail there.
/// </summary>
public sealed class ChipFactory
{
    private readonly ECPrivateKeyParameters _key;

    /// <summary>Loads the factory key from <paramref name="file"/>, creating it on first use.</summary>
    public ChipFactory(string file)
    {
        var curve = OriginalitySignature.Curve();
        var domain = new ECDomainParameters(curve.Curve, curve.G, curve.N, curve.H);
        BigInteger d;
        if (File.Exists(file))
        {
            d = new BigInteger(File.ReadAllText(file).Trim(), 16);
        }
        else
        {
            var random = new SecureRandom();
            do
            {
                d = new BigInteger(curve.N.BitLength, random);
            }
            while (d.SignValue <= 0 || d.CompareTo(curve.N) >= 0);

            File.WriteAllText(file, d.ToString(16));
        }

        _key = new ECPrivateKeyParameters(d, domain);
        PublicKey = domain.G.Multiply(d).Normalize().GetEncoded(false);
    }

    /// <summary>The uncompressed public key the embedded cloud verifies signatures with.</summary>
    public byte[] PublicKey { get; }

    /// <summary>The 32-byte originality signature (r || s) for a UID.</summary>
    public byte[] Sign(byte[] uid)
    {
        var signer = new ECDsaSigner();
        signer.Init(true, new ParametersWithRandom(_key, new SecureRandom()));
        BigInteger[] rs = signer.GenerateSignature(uid);
        return Arrays.Concatenate(BigIntegers.AsUnsignedByteArray(16, rs[0]), BigIntegers.AsUnsignedByteArray(16, rs[1]));
    }
}
