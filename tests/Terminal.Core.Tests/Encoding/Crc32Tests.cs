#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Terminal.Core.Encoding;

namespace Terminal.Core.Tests.Encoding
{
    [TestClass]
    public class Crc32Tests
    {
        [TestMethod]
        public void MatchesTheStandardCheckValue()
        {
            // CRC-32/ISO-HDLC check value for the ASCII digits "123456789".
            byte[] data = System.Text.Encoding.UTF8.GetBytes("123456789");
            Assert.AreEqual(0xCBF43926u, Crc32.Compute(data, 0, data.Length));
        }

        [TestMethod]
        public void IncrementalEqualsOneShotAndRespectsOffset()
        {
            byte[] data = System.Text.Encoding.UTF8.GetBytes("xx123456789yy");
            uint state = Crc32.Start();
            state = Crc32.Update(state, data, 2, 4);
            state = Crc32.Update(state, data, 6, 5);
            Assert.AreEqual(0xCBF43926u, Crc32.Finish(state));
        }

        [TestMethod]
        public void LittleEndianRoundTrips()
        {
            byte[] b = new byte[8];
            LittleEndian.WriteUInt32(b, 0, 0x11223344u);
            Assert.AreEqual((byte)0x44, b[0]);
            Assert.AreEqual(0x11223344u, LittleEndian.ReadUInt32(b, 0));
            LittleEndian.WriteInt32(b, 0, -5);
            Assert.AreEqual(-5, LittleEndian.ReadInt32(b, 0));
            LittleEndian.WriteUInt64(b, 0, 0x0102030405060708UL);
            Assert.AreEqual(0x0102030405060708UL, LittleEndian.ReadUInt64(b, 0));
            LittleEndian.WriteUInt16(b, 1, 0xBEEF);
            Assert.AreEqual((ushort)0xBEEF, LittleEndian.ReadUInt16(b, 1));
        }

        [TestMethod]
        public void HexFormatsAndParses()
        {
            byte[] b = new byte[] { 0x04, 0xA1, 0xFF };
            Assert.AreEqual("04A1FF", Hex.Format(b, 0, 3));
            byte[] parsed = Hex.Parse("04a1ff");
            Assert.AreEqual(3, parsed.Length);
            Assert.AreEqual((byte)0xA1, parsed[1]);
            Assert.IsNull(Hex.Parse("0G"));
            Assert.IsNull(Hex.Parse("123"));
        }
    }
}
