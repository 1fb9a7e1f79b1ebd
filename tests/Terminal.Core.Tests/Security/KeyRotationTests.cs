#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Terminal.Core.Security;
using Terminal.Core.Tests.Fakes;

namespace Terminal.Core.Tests.Security
{
    [TestClass]
    public class KeyRotationTests
    {
        private static readonly uint Serial = CredentialSerial.Make(3, 77);

        [TestMethod]
        public void OldVersionCardIsResignedAtItsNextTapThenVerifiesWithTheNewVersion()
        {
            Keyring keys = SecurityKit.Keys(1, 0);
            CardAuthenticator auth = SecurityKit.Authenticator(keys);
            SimulatedNtag card = SecurityKit.EnrolledCard(auth, 1, Serial);
            SecurityKit.Rotate(keys, 2);

            CardCheck check = new CardCheck();
            card.ResetStats();
            Assert.AreEqual((int)CardOutcome.NeedsResign, (int)SecurityKit.Tap(auth, card, true, check));
            Assert.AreEqual(0, card.Writes);
            Assert.AreEqual((int)1, (int)check.KeyVersion);

            // The only tap that writes: 6 WRITEs into slot B and 2 READs to check them.
            card.ResetStats();
            Assert.AreEqual((int)CardOutcome.Valid, (int)auth.Resign(card, card.Uid, check));
            Assert.AreEqual(6, card.Writes);
            Assert.AreEqual(2, card.Reads);
            Assert.AreEqual(8, card.Exchanges);
            Assert.AreEqual((int)CardOutcome.Valid, (int)check.Outcome);

            card.ResetStats();
            Assert.AreEqual((int)CardOutcome.Valid, (int)SecurityKit.Tap(auth, card, true, check));
            Assert.AreEqual((int)2, (int)check.KeyVersion);
            Assert.AreEqual(1, check.Slot);
            Assert.AreEqual(Serial, check.Serial);
            Assert.AreEqual(CredentialLayout.DayOf(SecurityKit.Now), check.IssueDay);
            Assert.AreEqual(0, card.Writes);

            // The next rotation re-signs into slot A, over the record of the now retired version 1.
            SecurityKit.Rotate(keys, 3);
            Assert.AreEqual((int)CardOutcome.NeedsResign, (int)SecurityKit.Tap(auth, card, true, check));
            Assert.AreEqual((int)CardOutcome.Valid, (int)auth.Resign(card, card.Uid, check));
            Assert.AreEqual((int)CardOutcome.Valid, (int)SecurityKit.Tap(auth, card, true, check));
            Assert.AreEqual((int)3, (int)check.KeyVersion);
            Assert.AreEqual(0, check.Slot);
        }

        [TestMethod]
        public void CardSignedWithARetiredVersionIsRefused()
        {
            Keyring keys = SecurityKit.Keys(1, 0);
            CardAuthenticator auth = SecurityKit.Authenticator(keys);
            SimulatedNtag card = SecurityKit.EnrolledCard(auth, 2, Serial);
            SecurityKit.Rotate(keys, 2);
            SecurityKit.Rotate(keys, 3);
            CardCheck check = new CardCheck();
            card.ResetStats();
            Assert.AreEqual((int)CardOutcome.Invalid, (int)SecurityKit.Tap(auth, card, true, check));
            Assert.AreEqual((int)SecurityReason.UnknownKeyVersion, (int)check.Reason);
            Assert.AreEqual(0, card.PasswordAuths);
        }

        [TestMethod]
        public void RetiringThePreviousVersionRefusesItsCardsAtOnce()
        {
            Keyring keys = SecurityKit.Keys(1, 0);
            CardAuthenticator auth = SecurityKit.Authenticator(keys);
            SimulatedNtag card = SecurityKit.EnrolledCard(auth, 3, Serial);
            SecurityKit.Rotate(keys, 2);
            keys.RetirePrevious();
            CardCheck check = new CardCheck();
            Assert.AreEqual((int)CardOutcome.Invalid, (int)SecurityKit.Tap(auth, card, true, check));
            Assert.AreEqual((int)SecurityReason.UnknownKeyVersion, (int)check.Reason);
        }

        [TestMethod]
        public void ResignSurvivesTheCardLiftedAtEveryExchange()
        {
            NtagTear[] tears = new NtagTear[] { NtagTear.BeforeCommand, NtagTear.AnswerLost, NtagTear.PartialWrite };
            for (int t = 0; t < tears.Length; t++)
            {
                int resigned = 0;
                for (int cut = 0; cut <= 8; cut++)
                {
                    Keyring keys = SecurityKit.Keys(1, 0);
                    CardAuthenticator auth = SecurityKit.Authenticator(keys);
                    SimulatedNtag card = SecurityKit.EnrolledCard(auth, 10 + cut, Serial);
                    SecurityKit.Rotate(keys, 2);
                    CardCheck check = new CardCheck();
                    Assert.AreEqual((int)CardOutcome.NeedsResign, (int)SecurityKit.Tap(auth, card, true, check));
                    card.LiftAfter(cut, tears[t]);
                    CardOutcome outcome = auth.Resign(card, card.Uid, check);
                    Assert.AreEqual((int)(cut < 8 ? CardOutcome.Torn : CardOutcome.Valid), (int)outcome);

                    // Whatever was torn, the card still proves itself: old record, or the new one.
                    CardOutcome retap = SecurityKit.Tap(auth, card, true, check);
                    Assert.IsTrue(retap == CardOutcome.NeedsResign || retap == CardOutcome.Valid);
                    if (retap == CardOutcome.Valid)
                    {
                        resigned++;
                    }
                    else
                    {
                        Assert.AreEqual((int)CardOutcome.Valid, (int)auth.Resign(card, card.Uid, check));
                    }

                    Assert.AreEqual((int)CardOutcome.Valid, (int)SecurityKit.Tap(auth, card, true, check));
                    Assert.AreEqual((int)2, (int)check.KeyVersion);
                    Assert.AreEqual(Serial, check.Serial);
                }

                // Exchanges: 5 WRITEs (MAC side), the commit WRITE (index 5), 2 READs. A cut at the
                // commit leaves the new record only when the page was programmed whole (answer lost).
                Assert.AreEqual(tears[t] == NtagTear.AnswerLost ? 4 : 3, resigned);
            }
        }
    }
}
