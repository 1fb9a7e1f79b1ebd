#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Terminal.Core.Encoding;
using Terminal.Core.Tests.Fakes;

namespace Terminal.Core.Tests.FakesTests
{
    [TestClass]
    public class SoftwareCryptoTests
    {
        [TestMethod]
        public void Sha256MatchesFips180Examples()
        {
            // FIPS 180-2 appendix B / NIST examples: "abc", the empty message, the 448-bit two-block message.
            Assert.AreEqual("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", Digest(Ascii("abc")));
            Assert.AreEqual("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", Digest(new byte[0]));
            Assert.AreEqual(
                "248D6A61D20638B8E5C026930C3E6039A33CE45964FF2167F6ECEDD419DB06C1",
                Digest(Ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")));
        }

        [TestMethod]
        public void Sha256HandlesEveryPaddingBoundaryIncrementally()
        {
            // 55, 56, 63, 64 and 65 bytes cross the one/two-block padding boundary; fed in odd pieces,
            // the digest must equal the one-shot digest.
            int[] lengths = new int[] { 55, 56, 63, 64, 65, 119, 120 };
            Sha256 sha = new Sha256();
            byte[] a = new byte[32];
            byte[] b = new byte[32];
            for (int n = 0; n < lengths.Length; n++)
            {
                byte[] data = new byte[lengths[n]];
                for (int i = 0; i < data.Length; i++)
                {
                    data[i] = (byte)(i * 7);
                }

                sha.Update(data, 0, data.Length);
                sha.Finish(a, 0);
                int at = 0;
                int piece = 1;
                while (at < data.Length)
                {
                    int take = piece < data.Length - at ? piece : data.Length - at;
                    sha.Update(data, at, take);
                    at += take;
                    piece += 3;
                }

                sha.Finish(b, 0);
                Assert.AreEqual(Hex.Format(a, 0, 32), Hex.Format(b, 0, 32));
            }
        }

        [TestMethod]
        public void HmacMatchesRfc4231TestCases()
        {
            // RFC 4231 §4.2-§4.8, HMAC-SHA-256 results (case 5 is published truncated to 128 bits).
            Check(Repeat(0x0b, 20), Ascii("Hi There"), "B0344C61D8DB38535CA8AFCEAF0BF12B881DC200C9833DA726E9376C2E32CFF7");
            Check(Ascii("Jefe"), Ascii("what do ya want for nothing?"), "5BDCC146BF60754E6A042426089575C75A003F089D2739839DEC58B964EC3843");
            Check(Repeat(0xaa, 20), Repeat(0xdd, 50), "773EA91E36800E46854DB8EBD09181A72959098B3EF8C122D9635514CED565FE");
            byte[] key4 = new byte[25];
            for (int i = 0; i < key4.Length; i++)
            {
                key4[i] = (byte)(i + 1);
            }

            Check(key4, Repeat(0xcd, 50), "82558A389A443C0EA4CC819899F2083A85F0FAA3E578F8077A2E3FF46729665B");
            Check(Repeat(0x0c, 20), Ascii("Test With Truncation"), "A3B6167473100EE06E0C796C2955552B");
            Check(Repeat(0xaa, 131), Ascii("Test Using Larger Than Block-Size Key - Hash Key First"), "60E431591EE0B67F0D8A26AACBF5B77F8E0BC6213728C5140546040F0EE37F54");
            Check(
                Repeat(0xaa, 131),
                Ascii("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."),
                "9B09FFA71B942FCB27635FBCD5B0E944BFDC63644F0713938A7F51535C3A35E2");
        }

        [TestMethod]
        public void HmacHonoursOffsetAndCountAndCountsCalls()
        {
            SoftwareCredentialCrypto crypto = new SoftwareCredentialCrypto();
            byte[] framed = Ascii("xxHi Thereyy");
            byte[] output = new byte[32];
            crypto.HmacSha256(Repeat(0x0b, 20), framed, 2, 8, output);
            Assert.AreEqual("B0344C61D8DB38535CA8AFCEAF0BF12B881DC200C9833DA726E9376C2E32CFF7", Hex.Format(output, 0, 32));
            Assert.AreEqual(1, crypto.Calls);
        }

        private static void Check(byte[] key, byte[] data, string expected)
        {
            SoftwareCredentialCrypto crypto = new SoftwareCredentialCrypto();
            byte[] output = new byte[32];
            crypto.HmacSha256(key, data, 0, data.Length, output);
            Assert.AreEqual(expected, Hex.Format(output, 0, expected.Length / 2));
        }

        private static string Digest(byte[] data)
        {
            Sha256 sha = new Sha256();
            byte[] output = new byte[32];
            sha.Update(data, 0, data.Length);
            sha.Finish(output, 0);
            return Hex.Format(output, 0, 32);
        }

        private static byte[] Ascii(string text)
        {
            return System.Text.Encoding.UTF8.GetBytes(text);
        }

        private static byte[] Repeat(byte value, int count)
        {
            byte[] data = new byte[count];
            for (int i = 0; i < count; i++)
            {
                data[i] = value;
            }

            return data;
        }
    }
}
