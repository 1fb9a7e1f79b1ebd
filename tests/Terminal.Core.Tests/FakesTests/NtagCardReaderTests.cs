#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Terminal.Core.Domain;
using Terminal.Core.Ports;
using Terminal.Core.Tests.Fakes;

namespace Terminal.Core.Tests.FakesTests
{
    [TestClass]
    public class NtagCardReaderTests
    {
        [TestMethod]
        public void HandsOutTheNtagOnlyWhileItIsInTheField()
        {
            NtagCardReader reader = new NtagCardReader();
            CardUid uid = new CardUid();
            Assert.AreEqual((int)CardReadStatus.NoCard, (int)reader.Poll(uid));
            Assert.IsNull(reader.Card);
            SimulatedNtag tag = SimulatedNtag.Ntag215(SecurityKit.Uid(1));
            reader.Place(tag);
            Assert.AreEqual((int)CardReadStatus.Present, (int)reader.Poll(uid));
            Assert.IsTrue(uid.SameAs(tag.Uid));
            Assert.IsTrue(object.ReferenceEquals(tag, reader.Card));
            reader.PlaceForeign(new byte[] { 1, 2, 3, 4 });
            Assert.AreEqual((int)CardReadStatus.Present, (int)reader.Poll(uid));
            Assert.AreEqual(4, uid.Length);
            Assert.IsNull(reader.Card);
            reader.Tear();
            Assert.AreEqual((int)CardReadStatus.Torn, (int)reader.Poll(uid));
            reader.Remove();
            Assert.AreEqual((int)CardReadStatus.NoCard, (int)reader.Poll(uid));
        }
    }
}
