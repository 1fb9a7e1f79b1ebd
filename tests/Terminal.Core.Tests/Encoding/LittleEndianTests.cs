#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Terminal.Core.Encoding;

namespace Terminal.Core.Tests.Encoding
{
    [TestClass]
    public class LittleEndianTests
    {
        [TestMethod]
        public void Int24KeepsSignAndRangeEnds()
        {
            byte[] b = new byte[5];
            int[] values = new int[] { 0, 1, -1, 350, -20, LittleEndian.Int24Max, LittleEndian.Int24Min };
            for (int i = 0; i < values.Length; i++)
            {
                b[0] = 0xEE;
                b[4] = 0xEE;
                LittleEndian.WriteInt24(b, 1, values[i]);
                Assert.AreEqual(values[i], LittleEndian.ReadInt24(b, 1));
                Assert.AreEqual((byte)0xEE, b[0], "byte before untouched");
                Assert.AreEqual((byte)0xEE, b[4], "byte after untouched");
            }

            LittleEndian.WriteInt24(b, 0, -2);
            Assert.AreEqual((byte)0xFE, b[0]);
            Assert.AreEqual((byte)0xFF, b[2]);
        }

        [TestMethod]
        public void UInt48DropsTheTopSixteenBits()
        {
            byte[] b = new byte[8];
            LittleEndian.WriteUInt48(b, 1, 0xABCD123456789A0FUL);
            Assert.AreEqual(0x123456789A0FUL, LittleEndian.ReadUInt48(b, 1));
            Assert.AreEqual((byte)0x0F, b[1]);
            Assert.AreEqual((byte)0x12, b[6]);
            Assert.AreEqual((byte)0, b[7]);
            LittleEndian.WriteUInt48(b, 0, 0xFFFFFFFFFFFFUL);
            Assert.AreEqual(0xFFFFFFFFFFFFUL, LittleEndian.ReadUInt48(b, 0));
        }
    }
}
