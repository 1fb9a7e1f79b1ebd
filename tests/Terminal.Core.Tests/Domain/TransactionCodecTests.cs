#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Terminal.Core.Domain;

namespace Terminal.Core.Tests.Domain
{
    [TestClass]
    public class TransactionCodecTests
    {
        private static Transaction Sample()
        {
            Transaction t = new Transaction();
            t.Kind = TransactionKind.Redeem;
            t.Sequence = 42;
            t.Timestamp = 1772359200;
            t.Uid.Set(new byte[] { 4, 1, 2, 3, 4, 5, 6 }, 0, 7);
            t.AmountMinor = 12345;
            t.Category = 3;
            t.Points = -250;
            t.VoucherId = 20;
            t.DiscountMinor = 500;
            t.Reference = 7;
            t.CardCounter = 0x00ABCDEF;
            t.Flags = 1;
            return t;
        }

        [TestMethod]
        public void RoundTripsEveryField()
        {
            byte[] buffer = new byte[TransactionCodec.FrameLength + 3];
            Assert.AreEqual(TransactionCodec.FrameLength, TransactionCodec.Encode(Sample(), buffer, 3));
            Transaction back = new Transaction();
            Assert.IsTrue(TransactionCodec.TryDecode(buffer, 3, TransactionCodec.FrameLength, back));
            Assert.AreEqual((int)TransactionKind.Redeem, (int)back.Kind);
            Assert.AreEqual(42u, back.Sequence);
            Assert.AreEqual(1772359200u, back.Timestamp);
            Assert.AreEqual("04010203040506", back.Uid.ToString());
            Assert.AreEqual(12345, back.AmountMinor);
            Assert.AreEqual((byte)3, back.Category);
            Assert.AreEqual(-250, back.Points);
            Assert.AreEqual((ushort)20, back.VoucherId);
            Assert.AreEqual(500, back.DiscountMinor);
            Assert.AreEqual(7u, back.Reference);
            Assert.AreEqual(0x00ABCDEFu, back.CardCounter);
            Assert.AreEqual((byte)1, back.Flags);
        }

        [TestMethod]
        public void AnyFlippedBitOrShortFrameIsRejected()
        {
            byte[] buffer = new byte[TransactionCodec.FrameLength];
            TransactionCodec.Encode(Sample(), buffer, 0);
            Transaction back = new Transaction();
            for (int i = 0; i < buffer.Length; i++)
            {
                buffer[i] ^= 0x10;
                Assert.IsFalse(TransactionCodec.TryDecode(buffer, 0, buffer.Length, back), "flip at " + i.ToString());
                buffer[i] ^= 0x10;
            }

            Assert.IsFalse(TransactionCodec.TryDecode(buffer, 0, buffer.Length - 1, back));
            Assert.IsTrue(TransactionCodec.TryDecode(buffer, 0, buffer.Length, back));
        }

        [TestMethod]
        public void AnonymousSaleHasNoCard()
        {
            Transaction t = new Transaction();
            t.Kind = TransactionKind.AnonymousSale;
            t.AmountMinor = 999;
            byte[] buffer = new byte[TransactionCodec.FrameLength];
            TransactionCodec.Encode(t, buffer, 0);
            Transaction back = Sample();
            Assert.IsTrue(TransactionCodec.TryDecode(buffer, 0, buffer.Length, back));
            Assert.AreEqual(0, back.Uid.Length);
            Assert.AreEqual(999, back.AmountMinor);
        }
    }
}
