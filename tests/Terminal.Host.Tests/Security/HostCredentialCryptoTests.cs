using System;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Terminal.Core.Security;
using Terminal.Core.Tests.Fakes;
using Terminal.Host.Security;

namespace Terminal.Host.Tests.Security;

[TestClass]
public class HostCredentialCryptoTests
{
    [TestMethod]
    public void MatchesRfc4231AndHonoursOffsetAndCount()
    {
        var crypto = new HostCredentialCrypto();
        var output = new byte[32];
        byte[] framed = "xxHi Thereyy"u8.ToArray();
        crypto.HmacSha256(Repeat(0x0b, 20), framed, 2, 8, output);
        Assert.AreEqual("B0344C61D8DB38535CA8AFCEAF0BF12B881DC200C9833DA726E9376C2E32CFF7", Convert.ToHexString(output));
        byte[] data = "Test Using Larger Than Block-Size Key - Hash Key First"u8.ToArray();
        crypto.HmacSha256(Repeat(0xaa, 131), data, 0, data.Length, output);
        Assert.AreEqual("60E431591EE0B67F0D8A26AACBF5B77F8E0BC6213728C5140546040F0EE37F54", Convert.ToHexString(output));
    }

    [TestMethod]
    public void AgreesWithTheSharedSoftwareHmacOnRandomInputs()
    {
        var random = new Random(8);
        var host = new HostCredentialCrypto();
        var soft = new SoftwareCredentialCrypto();
        var a = new byte[32];
        var b = new byte[32];
        for (int i = 0; i < 200; i++)
        {
            byte[] key = new byte[random.Next(1, 100)];
            byte[] data = new byte[random.Next(0, 200)];
            random.NextBytes(key);
            random.NextBytes(data);
            int offset = data.Length == 0 ? 0 : random.Next(0, data.Length);
            int count = random.Next(0, data.Length - offset + 1);
            host.HmacSha256(key, data, offset, count, a);
            soft.HmacSha256(key, data, offset, count, b);
            CollectionAssert.AreEqual(a, b);
        }
    }

    [TestMethod]
    public void VerifyAllocatesNothingWithTheHostAdapter()
    {
        var keys = SecurityKit.Keys(1, 0);
        var auth = new CardAuthenticator(keys, new HostCredentialCrypto());
        var card = SecurityKit.EnrolledCard(auth, 1, CredentialSerial.Make(1, 1));
        var check = new CardCheck();
        for (int i = 0; i < 50; i++)
        {
            SecurityKit.Tap(auth, card, true, check);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            card.PowerOn();
            auth.Verify(card, card.Uid, true, check);
        }

        long perVerify = (GC.GetAllocatedBytesForCurrentThread() - before) / 1000;
        Assert.AreEqual(CardOutcome.Valid, check.Outcome);
        Assert.AreEqual(0L, perVerify, "bytes allocated per verify");
    }

    private static byte[] Repeat(byte value, int count)
    {
        var data = new byte[count];
        Array.Fill(data, value);
        return data;
    }
}
