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
    public class PasswordBruteForceTests
    {
        [TestMethod]
        public void GuessingThePasswordIsCutOffByAuthLimit()
        {
            CardAuthenticator auth = SecurityKit.Authenticator(SecurityKit.Keys(1, 0));
            SimulatedNtag card = SecurityKit.EnrolledCard(auth, 1, CredentialSerial.Make(1, 1));
            byte[] real = SecurityKit.PasswordAndPack(card.Uid);
            byte[] guess = new byte[4];
            byte[] pack = new byte[2];
            int refused = 0;

            // An attacker tries 1000 passwords (one per presentation: a NAK ends the session).
            // The real one is placed at attempt 20, after AUTHLIM has run out.
            for (int attempt = 0; attempt < 1000; attempt++)
            {
                if (attempt == 20)
                {
                    System.Array.Copy(real, 0, guess, 0, 4);
                }
                else
                {
                    guess[0] = (byte)attempt;
                    guess[1] = (byte)(attempt >> 8);
                    guess[2] = 0x5A;
                    guess[3] = 0xA5;
                }

                card.PowerOn();
                if (card.PasswordAuth(guess, 0, pack, 0) != NtagStatus.Ok)
                {
                    refused++;
                }
            }

            // AUTHLIM = 3: 2^3 = 8 failures, then even the right password is refused.
            Assert.AreEqual(1000, refused);
            Assert.AreEqual(8, Ntag21x.AttemptsAllowed(CredentialLayout.AuthLimit));
            Assert.AreEqual(8, card.FailedAuthentications);
            Assert.IsTrue(card.PasswordLocked);

            // The price: the card is refused from now on, so a brute-force attempt destroys the card
            // instead of revealing its password, and the record pages stay write-protected for good.
            CardCheck check = new CardCheck();
            Assert.AreEqual((int)CardOutcome.Invalid, (int)SecurityKit.Tap(auth, card, true, check));
            Assert.AreEqual((int)SecurityReason.PasswordRejected, (int)check.Reason);
            card.PowerOn();
            Assert.AreEqual((int)NtagStatus.Refused, (int)card.Write(4, guess, 0));
        }

        [TestMethod]
        public void GenuineTapsNeverSpendAnAttempt()
        {
            CardAuthenticator auth = SecurityKit.Authenticator(SecurityKit.Keys(1, 0));
            SimulatedNtag card = SecurityKit.EnrolledCard(auth, 2, CredentialSerial.Make(1, 2));
            CardCheck check = new CardCheck();
            byte[] wrong = new byte[] { 1, 2, 3, 4 };
            byte[] pack = new byte[2];
            for (int i = 0; i < 7; i++)
            {
                card.PowerOn();
                card.PasswordAuth(wrong, 0, pack, 0);
            }

            // Seven failures, one short of the limit: a genuine tap succeeds and resets the count.
            Assert.AreEqual(7, card.FailedAuthentications);
            Assert.AreEqual((int)CardOutcome.Valid, (int)SecurityKit.Tap(auth, card, true, check));
            Assert.AreEqual(0, card.FailedAuthentications);
        }
    }
}
