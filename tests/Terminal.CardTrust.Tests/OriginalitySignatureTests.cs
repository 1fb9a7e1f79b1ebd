using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities;
using Terminal.Core.Security;
using Terminal.Core.Tests.Fakes;

namespace Terminal.CardTrust.Tests;

[TestClass]
public class OriginalitySignatureTests
{
    [TestMethod]
    public void TestKeyPairSignatureOverTheUidVerifiesAndNothingElseDoes()
    {
        (byte[] publicKey, ECPrivateKeyParameters privateKey) = TestKeyPair();
        var checker = new OriginalitySignature(publicKey);
        byte[] uid = SecurityKit.Uid(1);
        byte[] signature = Sign(privateKey, uid);
        Assert.IsTrue(checker.Verify(uid, signature));

        byte[] otherUid = SecurityKit.Uid(2);
        Assert.IsFalse(checker.Verify(otherUid, signature));
        byte[] bent = (byte[])signature.Clone();
        bent[31] ^= 1;
        Assert.IsFalse(checker.Verify(uid, bent));
        Assert.IsFalse(checker.Verify(uid, signature.AsSpan(0, 31)));
        (byte[] otherKey, _) = TestKeyPair();
        Assert.IsFalse(new OriginalitySignature(otherKey).Verify(uid, signature));
    }

    [TestMethod]
    public void NxpKeyIsAPointOnSecp128r1AndAPointOffTheCurveIsRejected()
    {
        OriginalitySignature nxp = OriginalitySignature.Nxp();
        Assert.IsFalse(nxp.Verify(SecurityKit.Uid(1), new byte[32]));
        byte[] off = Convert.FromHexString(OriginalitySignature.NxpNtag21xPublicKeyHex);
        off[32] ^= 1;
        Assert.ThrowsExactly<ArgumentException>(() => new OriginalitySignature(off));
    }

    [TestMethod]
    public void SignatureReadAtEnrolmentVerifiesInTheCloudAndAFakeChipFails()
    {
        (byte[] publicKey, ECPrivateKeyParameters privateKey) = TestKeyPair();
        var checker = new OriginalitySignature(publicKey);
        CardAuthenticator auth = SecurityKit.Authenticator(SecurityKit.Keys(1, 0));
        byte[] uid = SecurityKit.Uid(3);

        // A chip "made by NXP" (signed with the test key) and a UID-changeable chip with a made-up signature.
        var genuine = new SimulatedNtag(Ntag21x.StorageNtag215, uid, Sign(privateKey, uid));
        var fake = SimulatedNtag.Ntag215(SecurityKit.Uid(4));
        var check = new CardCheck();
        foreach (SimulatedNtag card in new[] { genuine, fake })
        {
            SecurityKit.Tap(auth, card, false, check);
            Assert.AreEqual(CardOutcome.Valid, auth.Enrol(card, card.Uid, CredentialSerial.Make(1, 1), SecurityKit.Now, check));
            Assert.IsTrue(check.SignatureRead);
            bool original = checker.Verify(card.Uid.Bytes.AsSpan(0, card.Uid.Length), check.Signature);
            Assert.AreEqual(card == genuine, original);
        }

        // A magic clone copies the signature with the UID: the signature alone does not catch it.
        SimulatedNtag clone = SimulatedNtag.MagicCloneOf(genuine, 0);
        var sig = new byte[32];
        clone.PowerOn();
        clone.ReadSignature(sig, 0);
        Assert.IsTrue(checker.Verify(uid, sig));
    }

    private static (byte[] PublicKey, ECPrivateKeyParameters PrivateKey) TestKeyPair()
    {
        var curve = OriginalitySignature.Curve();
        var domain = new ECDomainParameters(curve.Curve, curve.G, curve.N, curve.H);
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(domain, new SecureRandom()));
        AsymmetricCipherKeyPair pair = generator.GenerateKeyPair();
        var pub = (ECPublicKeyParameters)pair.Public;
        return (pub.Q.GetEncoded(false), (ECPrivateKeyParameters)pair.Private);
    }

    /// <summary>What NXP does at the factory: ECDSA over the raw UID, r || s as 16 bytes each.</summary>
    private static byte[] Sign(ECPrivateKeyParameters key, byte[] uid)
    {
        var signer = new ECDsaSigner();
        signer.Init(true, new ParametersWithRandom(key, new SecureRandom()));
        BigInteger[] rs = signer.GenerateSignature(uid);
        return Arrays.Concatenate(BigIntegers.AsUnsignedByteArray(16, rs[0]), BigIntegers.AsUnsignedByteArray(16, rs[1]));
    }
}
