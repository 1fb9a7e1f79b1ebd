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
    public class EnrolmentTearTests
    {
        // The enrolment tap: 3 READs of the verify, then the 18 exchanges of the enrolment.
        private const int TapExchanges = 21;

        [TestMethod]
        public void CardLiftedAtEveryExchangeEndsBlankOrEnrolledAndARetapFinishes()
        {
            NtagTear[] tears = new NtagTear[] { NtagTear.BeforeCommand, NtagTear.AnswerLost };
            for (int t = 0; t < tears.Length; t++)
            {
                int blank = 0;
                int complete = 0;
                for (int cut = 0; cut <= TapExchanges; cut++)
                {
                    if (EndsEnrolled(cut, tears[t]))
                    {
                        complete++;
                    }
                    else
                    {
                        blank++;
                    }
                }

                // Cut before the commit write: blank. From the commit on (only when the commit WRITE
                // itself was programmed) the card is enrolled. A lift after all 21 exchanges is no lift.
                Assert.AreEqual(tears[t] == NtagTear.BeforeCommand ? 17 : 16, blank);
                Assert.AreEqual(TapExchanges + 1 - blank, complete);
            }
        }

        [TestMethod]
        public void PageTornWhileProgrammingIsRecoveredByAnExplicitEnrol()
        {
            // A WRITE cut inside EEPROM programming leaves part of the page. A torn commit page can
            // then look like a damaged record (Invalid): staff enrol the card again, which works
            // because the card already answers this terminal's password.
            int recovered = 0;
            for (int cut = 0; cut <= TapExchanges; cut++)
            {
                CardAuthenticator auth = SecurityKit.Authenticator(SecurityKit.Keys(1, 0));
                SimulatedNtag card = SimulatedNtag.Ntag215(SecurityKit.Uid(200 + cut));
                uint first = CredentialSerial.Make(1, 1);
                CardCheck check = new CardCheck();
                card.PowerOn();
                card.LiftAfter(cut, NtagTear.PartialWrite);
                if (auth.Verify(card, card.Uid, false, check) == CardOutcome.Blank)
                {
                    auth.Enrol(card, card.Uid, first, SecurityKit.Now, check);
                }

                CardOutcome after = SecurityKit.Tap(auth, card, false, check);
                Assert.IsTrue(after == CardOutcome.Blank || after == CardOutcome.Valid || after == CardOutcome.Invalid);
                if (after != CardOutcome.Valid)
                {
                    if (after == CardOutcome.Invalid)
                    {
                        recovered++;
                    }

                    Assert.AreEqual((int)CardOutcome.Valid, (int)auth.Enrol(card, card.Uid, CredentialSerial.Make(1, 2), SecurityKit.Now, check));
                }

                Assert.AreEqual((int)CardOutcome.Valid, (int)SecurityKit.Tap(auth, card, true, check));
            }

            // Exactly one cut point (the commit page) produces a half-written record.
            Assert.AreEqual(1, recovered);
        }

        [TestMethod]
        public void ReenrolmentOfADamagedRecordErasesTheOldSlotsFirst()
        {
            // A card with an invalid record in slot B and garbage in slot A: a lift right after the
            // erase writes leaves it blank, not carrying either old record.
            CardAuthenticator auth = SecurityKit.Authenticator(SecurityKit.Keys(1, 0));
            SimulatedNtag card = SecurityKit.EnrolledCard(auth, 30, CredentialSerial.Make(1, 1));
            byte[] page = new byte[4];
            card.Peek(4, page, 0);
            page[3] ^= 0xFF;
            card.Poke(4, page, 0);
            card.Peek(4, page, 0);
            card.Poke(10, page, 0);
            CardCheck check = new CardCheck();
            Assert.AreEqual((int)CardOutcome.Invalid, (int)SecurityKit.Tap(auth, card, false, check));

            // Verify (3 READs + READ_CNT), then GET_VERSION, READ_SIG, READ config, PWD_AUTH, erase B, erase A.
            card.PowerOn();
            card.LiftAfter(10, NtagTear.BeforeCommand);
            auth.Verify(card, card.Uid, false, check);
            Assert.AreEqual((int)CardOutcome.Torn, (int)auth.Enrol(card, card.Uid, CredentialSerial.Make(1, 2), SecurityKit.Now, check));
            Assert.AreEqual((int)CardOutcome.Blank, (int)SecurityKit.Tap(auth, card, false, check));
        }

        /// <summary>One enrolment tap cut after <paramref name="cut"/> exchanges, then a re-tap.
        /// Asserts the card is blank or enrolled, never anything else, and that the re-tap finishes.</summary>
        private static bool EndsEnrolled(int cut, NtagTear tear)
        {
            CardAuthenticator auth = SecurityKit.Authenticator(SecurityKit.Keys(1, 0));
            SimulatedNtag card = SimulatedNtag.Ntag215(SecurityKit.Uid(100 + cut));
            uint first = CredentialSerial.Make(1, 1);
            uint second = CredentialSerial.Make(1, 2);
            CardCheck check = new CardCheck();
            card.PowerOn();
            card.LiftAfter(cut, tear);
            CardOutcome outcome = auth.Verify(card, card.Uid, false, check);
            if (outcome == CardOutcome.Blank)
            {
                outcome = auth.Enrol(card, card.Uid, first, SecurityKit.Now, check);
            }

            Assert.AreEqual((int)(cut < TapExchanges ? CardOutcome.Torn : CardOutcome.Valid), (int)outcome);

            // Re-tap: the UID is not in the ledger (the torn tap recorded nothing).
            CardOutcome retap = SecurityKit.Tap(auth, card, false, check);
            Assert.IsTrue(retap == CardOutcome.Blank || retap == CardOutcome.Valid);
            bool enrolled = retap == CardOutcome.Valid;
            if (enrolled)
            {
                Assert.AreEqual(first, check.Serial);
            }
            else
            {
                Assert.AreEqual((int)CardOutcome.Valid, (int)auth.Enrol(card, card.Uid, second, SecurityKit.Now, check));
            }

            Assert.AreEqual((int)CardOutcome.Valid, (int)SecurityKit.Tap(auth, card, true, check));
            Assert.AreEqual(enrolled ? first : second, check.Serial);
            return enrolled;
        }
    }
}
