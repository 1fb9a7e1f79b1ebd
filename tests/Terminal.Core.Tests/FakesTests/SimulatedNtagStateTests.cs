#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Terminal.Core.Security;
using Terminal.Core.Tests.Fakes;

namespace Terminal.Core.Tests.FakesTests
{
    [TestClass]
    public class SimulatedNtagStateTests
    {
        [TestMethod]
        public void SavedStateRestoresAnEnrolledCardWithItsCounter()
        {
            CardAuthenticator auth = SecurityKit.Authenticator(SecurityKit.Keys(1, 0));
            SimulatedNtag card = SecurityKit.EnrolledCard(auth, 9, 77);
            card.NfcCounter = 41;
            byte[] state = new byte[card.StateLength];
            card.SaveState(state, 0);

            SimulatedNtag again = SimulatedNtag.Ntag215(SecurityKit.Uid(9));
            again.LoadState(state, 0);
            Assert.AreEqual(41u, again.NfcCounter);
            Assert.AreEqual(SecurityKit.Dump(card), SecurityKit.Dump(again));
            CardCheck check = new CardCheck();
            Assert.AreEqual((int)CardOutcome.Valid, (int)SecurityKit.Tap(auth, again, true, check));
            Assert.AreEqual(77u, check.Serial);
        }
    }
}
