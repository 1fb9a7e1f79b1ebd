#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Terminal.Core.Domain;
using Terminal.Core.Security;
using Terminal.Core.Tests.Fakes;

namespace Terminal.Core.Tests.Security
{
    [TestClass]
    public class SecurityEventTests
    {
        [TestMethod]
        public void RefusedTapBecomesASecurityEventWithReasonAndCounter()
        {
            CardAuthenticator auth = SecurityKit.Authenticator(SecurityKit.Keys(1, 0));
            SimulatedNtag issued = SecurityKit.EnrolledCard(auth, 1, CredentialSerial.Make(1, 1));
            SimulatedNtag clone = SimulatedNtag.DumpCloneOf(issued);
            clone.NfcCounter = 41;
            CardCheck check = new CardCheck();
            Assert.AreEqual((int)CardOutcome.Invalid, (int)SecurityKit.Tap(auth, clone, true, check));

            Transaction t = new Transaction();
            t.Points = 99;
            SecurityEvent.Fill(t, clone.Uid, check, SecurityKit.Now);
            Assert.AreEqual((int)TransactionKind.SecurityEvent, (int)t.Kind);
            Assert.AreEqual((uint)SecurityReason.PasswordRejected, t.Reference);
            Assert.AreEqual(42u, t.CardCounter);
            Assert.AreEqual(0, t.Points);
            Assert.AreEqual(SecurityKit.Now, t.Timestamp);
            Assert.IsTrue(t.Uid.SameAs(clone.Uid));

            // It survives the journal's frame format unchanged.
            byte[] frame = new byte[TransactionCodec.FrameLength];
            TransactionCodec.Encode(t, frame, 0);
            Transaction back = new Transaction();
            Assert.IsTrue(TransactionCodec.TryDecode(frame, 0, frame.Length, back));
            Assert.AreEqual((uint)SecurityReason.PasswordRejected, back.Reference);
            Assert.AreEqual(42u, back.CardCounter);
        }

        [TestMethod]
        public void EveryReasonHasAShortTextThatFitsTheDisplay()
        {
            for (int r = 1; r <= 13; r++)
            {
                string text = SecurityEvent.ShortText((SecurityReason)r);
                Assert.IsTrue(text.Length > 0 && text.Length <= 16);
                Assert.IsFalse(text.StartsWith("code"));
            }

            Assert.AreEqual("code 99", SecurityEvent.ShortText((SecurityReason)99));
        }
    }
}
