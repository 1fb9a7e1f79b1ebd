#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Terminal.Core.Encoding;
using Terminal.Core.Security;
using Terminal.Core.Tests.Fakes;

namespace Terminal.Core.Tests.Security
{
    [TestClass]
    public class CardAuthenticatorTests
    {
        private static readonly uint Serial = CredentialSerial.Make(7, 123);

        [TestMethod]
        public void BlankCardIsBlankAfterThreeReadsAndNothingElse()
        {
            CardAuthenticator auth = SecurityKit.Authenticator(SecurityKit.Keys(1, 0));
            SimulatedNtag card = SimulatedNtag.Ntag215(SecurityKit.Uid(1));
            CardCheck check = new CardCheck();
            Assert.AreEqual((int)CardOutcome.Blank, (int)SecurityKit.Tap(auth, card, false, check));
            Assert.AreEqual(3, card.Exchanges);
            Assert.AreEqual(3, card.Reads);
            Assert.AreEqual(0, card.PasswordAuths);
        }

        [TestMethod]
        public void EnrolledCardVerifiesInFiveExchangesWithoutWriting()
        {
            CardAuthenticator auth = SecurityKit.Authenticator(SecurityKit.Keys(1, 0));
            SimulatedNtag card = SecurityKit.EnrolledCard(auth, 2, Serial);
            string before = SecurityKit.Dump(card);
            CardCheck check = new CardCheck();
            for (uint tap = 1; tap <= 3; tap++)
            {
                card.ResetStats();
                Assert.AreEqual((int)CardOutcome.Valid, (int)SecurityKit.Tap(auth, card, true, check));
                Assert.AreEqual(5, card.Exchanges);
                Assert.AreEqual(3, card.Reads);
                Assert.AreEqual(1, card.CounterReads);
                Assert.AreEqual(1, card.PasswordAuths);
                Assert.AreEqual(0, card.Writes);

                // The counter counts this tap's first READ: enrolment left it at 0.
                Assert.IsTrue(check.CounterRead);
                Assert.AreEqual(tap, check.Counter);
            }

            Assert.AreEqual(before, SecurityKit.Dump(card));
            Assert.AreEqual(Serial, check.Serial);
            Assert.AreEqual((int)1, (int)check.KeyVersion);
            Assert.AreEqual(0, check.Slot);
            Assert.AreEqual(CredentialLayout.DayOf(SecurityKit.Now), check.IssueDay);
            Assert.AreEqual((int)SecurityReason.None, (int)check.Reason);
        }

        [TestMethod]
        public void EnrolmentWritesTheDocumentedLayoutAndConfiguration()
        {
            CardAuthenticator auth = SecurityKit.Authenticator(SecurityKit.Keys(3, 0));
            SimulatedNtag card = SimulatedNtag.Ntag215(SecurityKit.Uid(3));
            CardCheck check = new CardCheck();
            SecurityKit.Tap(auth, card, false, check);
            card.ResetStats();
            Assert.AreEqual((int)CardOutcome.Valid, (int)auth.Enrol(card, card.Uid, Serial, SecurityKit.Now, check));

            // GET_VERSION, READ_SIG, READ config, WRITE PWD, PACK, CFG1, CFG0, PWD_AUTH, 6 record WRITEs,
            // 2 READs of the slot, READ config, READ_CNT.
            Assert.AreEqual(18, card.Exchanges);
            Assert.AreEqual(10, card.Writes);
            Assert.IsTrue(check.SignatureRead);
            byte[] signature = new byte[32];
            card.ReadSignature(signature, 0);
            Assert.AreEqual(Hex.Format(signature, 0, 32), Hex.Format(check.Signature, 0, 32));

            // The slot, rebuilt here from the layout alone.
            byte[] expected = new byte[CredentialLayout.SlotSize];
            expected[0] = 0x13;
            expected[1] = (byte)Crc32.Compute(card.Uid.Bytes, 0, 7);
            LittleEndian.WriteUInt32(expected, 2, Serial);
            LittleEndian.WriteUInt16(expected, 6, (ushort)((SecurityKit.Now - 1577836800u) / 86400u));
            byte[] input = new byte[19];
            input[0] = 7;
            System.Array.Copy(card.Uid.Bytes, 0, input, 1, 7);
            System.Array.Copy(expected, 0, input, 11, 8);
            byte[] mac = new byte[32];
            new SoftwareCredentialCrypto().HmacSha256(SecurityKit.RecordKey(3), input, 0, 19, mac);
            System.Array.Copy(mac, 0, expected, 8, 16);
            byte[] slot = new byte[CredentialLayout.SlotSize];
            for (int p = 0; p < 6; p++)
            {
                card.Peek((byte)(4 + p), slot, p * 4);
            }

            Assert.AreEqual(Hex.Format(expected, 0, expected.Length), Hex.Format(slot, 0, slot.Length));

            // CFG0: strong modulation kept, no mirror, AUTH0 = 4. CFG1: NFC_CNT_EN | AUTHLIM 3, RFUI kept.
            byte[] config = new byte[16];
            for (int p = 0; p < 4; p++)
            {
                card.Peek((byte)(0x83 + p), config, p * 4);
            }

            byte[] pwdPack = SecurityKit.PasswordAndPack(card.Uid);
            Assert.AreEqual("04000004" + "13050000" + Hex.Format(pwdPack, 0, 4) + Hex.Format(pwdPack, 4, 2) + "0000", Hex.Format(config, 0, 16));
        }

        [TestMethod]
        public void EnrolsNtag213And216AtTheirOwnConfigPages()
        {
            CardAuthenticator auth = SecurityKit.Authenticator(SecurityKit.Keys(1, 0));
            byte[] sizes = new byte[] { Ntag21x.StorageNtag213, Ntag21x.StorageNtag216 };
            for (int i = 0; i < sizes.Length; i++)
            {
                SimulatedNtag card = new SimulatedNtag(sizes[i], SecurityKit.Uid(40 + i), new byte[32]);
                SecurityKit.Enrol(auth, card, Serial);
                byte[] cfg0 = new byte[4];
                card.Peek(card.ConfigPage, cfg0, 0);
                Assert.AreEqual((byte)4, cfg0[3]);
                CardCheck check = new CardCheck();
                Assert.AreEqual((int)CardOutcome.Valid, (int)SecurityKit.Tap(auth, card, true, check));
            }
        }

        [TestMethod]
        public void ForgedRecordIsRefusedWithoutSendingThePassword()
        {
            // A blank card on which someone wrote a well-formed record with a key they made up.
            CardAuthenticator auth = SecurityKit.Authenticator(SecurityKit.Keys(1, 0));
            SimulatedNtag card = SimulatedNtag.Ntag215(SecurityKit.Uid(4));
            byte[] forged = new byte[CredentialLayout.SlotSize];
            forged[0] = 0x11;
            forged[1] = (byte)Crc32.Compute(card.Uid.Bytes, 0, 7);
            LittleEndian.WriteUInt32(forged, 2, Serial);
            byte[] input = new byte[19];
            input[0] = 7;
            System.Array.Copy(card.Uid.Bytes, 0, input, 1, 7);
            System.Array.Copy(forged, 0, input, 11, 8);
            byte[] mac = new byte[32];
            new SoftwareCredentialCrypto().HmacSha256(SecurityKit.RecordKey(99), input, 0, 19, mac);
            System.Array.Copy(mac, 0, forged, 8, 16);
            for (int p = 0; p < 6; p++)
            {
                card.Poke((byte)(4 + p), forged, p * 4);
            }

            CardCheck check = new CardCheck();
            Assert.AreEqual((int)CardOutcome.Invalid, (int)SecurityKit.Tap(auth, card, false, check));
            Assert.AreEqual((int)SecurityReason.BadMac, (int)check.Reason);
            Assert.AreEqual(0, card.PasswordAuths);
            Assert.AreEqual(0, card.Writes);
            Assert.IsTrue(check.CounterRead);
        }

        [TestMethod]
        public void EditedRecordIsRefusedEvenWithTheSniffedPassword()
        {
            CardAuthenticator auth = SecurityKit.Authenticator(SecurityKit.Keys(1, 0));
            SimulatedNtag card = SecurityKit.EnrolledCard(auth, 5, Serial);

            // The attacker sniffed the password and uses it to rewrite the serial through the card's own rules.
            byte[] pwdPack = SecurityKit.PasswordAndPack(card.Uid);
            byte[] pack = new byte[2];
            card.PowerOn();
            Assert.AreEqual((int)NtagStatus.Ok, (int)card.PasswordAuth(pwdPack, 0, pack, 0));
            byte[] page = new byte[4];
            card.Peek(4, page, 0);
            page[2] ^= 0x01;
            Assert.AreEqual((int)NtagStatus.Ok, (int)card.Write(4, page, 0));

            CardCheck check = new CardCheck();
            card.ResetStats();
            Assert.AreEqual((int)CardOutcome.Invalid, (int)SecurityKit.Tap(auth, card, true, check));
            Assert.AreEqual((int)SecurityReason.BadMac, (int)check.Reason);
            Assert.AreEqual(0, card.PasswordAuths);
            Assert.AreEqual(0, card.Writes);
        }

        [TestMethod]
        public void RecordMovedToAnotherCardIsRefused()
        {
            CardAuthenticator auth = SecurityKit.Authenticator(SecurityKit.Keys(1, 0));
            SimulatedNtag issued = SecurityKit.EnrolledCard(auth, 6, Serial);
            SimulatedNtag other = SimulatedNtag.Ntag215(SecurityKit.Uid(66));

            // Every record page as any reader sees it, copied onto a genuine NTAG with its own UID.
            byte[] pages = new byte[48];
            issued.PowerOn();
            for (int i = 0; i < 3; i++)
            {
                Assert.AreEqual((int)NtagStatus.Ok, (int)issued.Read((byte)(4 + (4 * i)), pages, 16 * i));
            }

            other.PowerOn();
            for (int p = 0; p < 12; p++)
            {
                Assert.AreEqual((int)NtagStatus.Ok, (int)other.Write((byte)(4 + p), pages, p * 4));
            }

            CardCheck check = new CardCheck();
            Assert.AreEqual((int)CardOutcome.Invalid, (int)SecurityKit.Tap(auth, other, false, check));
            Assert.AreEqual((int)SecurityReason.MovedRecord, (int)check.Reason);
            Assert.AreEqual(0, other.PasswordAuths);
        }

        [TestMethod]
        public void UidOnlyCloneOfAKnownCardIsRefused()
        {
            CardAuthenticator auth = SecurityKit.Authenticator(SecurityKit.Keys(1, 0));
            SimulatedNtag issued = SecurityKit.EnrolledCard(auth, 7, Serial);
            byte[] uid = new byte[7];
            System.Array.Copy(issued.Uid.Bytes, 0, uid, 0, 7);
            SimulatedNtag clone = SimulatedNtag.Ntag215(uid);
            CardCheck check = new CardCheck();
            Assert.AreEqual((int)CardOutcome.Invalid, (int)SecurityKit.Tap(auth, clone, true, check));
            Assert.AreEqual((int)SecurityReason.BlankKnownUid, (int)check.Reason);
            Assert.AreEqual(0, clone.Writes);
            Assert.AreEqual(0, clone.PasswordAuths);
        }

        [TestMethod]
        public void CloneWithCopiedPagesButNoPasswordIsRefused()
        {
            CardAuthenticator auth = SecurityKit.Authenticator(SecurityKit.Keys(1, 0));
            SimulatedNtag issued = SecurityKit.EnrolledCard(auth, 8, Serial);
            SimulatedNtag clone = SimulatedNtag.DumpCloneOf(issued);
            CardCheck check = new CardCheck();
            Assert.AreEqual((int)CardOutcome.Invalid, (int)SecurityKit.Tap(auth, clone, true, check));
            Assert.AreEqual((int)SecurityReason.PasswordRejected, (int)check.Reason);
        }

        [TestMethod]
        public void EmulatorWithTheWrongPackIsRefused()
        {
            // The password was sniffed but the answer was not: the emulator answers a made-up PACK.
            CardAuthenticator auth = SecurityKit.Authenticator(SecurityKit.Keys(1, 0));
            SimulatedNtag issued = SecurityKit.EnrolledCard(auth, 9, Serial);
            SimulatedNtag clone = SimulatedNtag.MagicCloneOf(issued, 0);
            clone.Poke(0x86, new byte[] { 0x80, 0x80, 0, 0 }, 0);
            CardCheck check = new CardCheck();
            Assert.AreEqual((int)CardOutcome.Invalid, (int)SecurityKit.Tap(auth, clone, true, check));
            Assert.AreEqual((int)SecurityReason.PackMismatch, (int)check.Reason);
        }

        [TestMethod]
        public void MagicCloneWithTheSniffedPasswordIsAcceptedOfflineAndBetrayedByItsCounter()
        {
            CardAuthenticator auth = SecurityKit.Authenticator(SecurityKit.Keys(1, 0));
            SimulatedNtag genuine = SecurityKit.EnrolledCard(auth, 10, Serial);
            CardCheck check = new CardCheck();
            for (int i = 0; i < 5; i++)
            {
                SecurityKit.Tap(auth, genuine, true, check);
            }

            Assert.AreEqual(5u, check.Counter);
            SimulatedNtag clone = SimulatedNtag.MagicCloneOf(genuine, 0);

            // Offline the terminal cannot tell: same UID, record, signature, password and PACK.
            Assert.AreEqual((int)CardOutcome.Valid, (int)SecurityKit.Tap(auth, clone, true, check));
            Assert.AreEqual(Serial, check.Serial);
            uint cloneCounter = check.Counter;
            Assert.AreEqual((int)CardOutcome.Valid, (int)SecurityKit.Tap(auth, genuine, true, check));
            uint genuineCounter = check.Counter;

            // What the transactions carry for the cloud (phase 2): 5, then 1, then 6 for one serial.
            // Two independent counters interleaved cannot stay monotonic.
            Assert.AreEqual(1u, cloneCounter);
            Assert.AreEqual(6u, genuineCounter);
            Assert.IsTrue(cloneCounter < 5u);
        }

        [TestMethod]
        public void CardLiftedAtAnyVerifyExchangeIsTornAndUnchanged()
        {
            CardAuthenticator auth = SecurityKit.Authenticator(SecurityKit.Keys(1, 0));
            SimulatedNtag card = SecurityKit.EnrolledCard(auth, 11, Serial);
            string before = SecurityKit.Dump(card);
            CardCheck check = new CardCheck();
            for (int cut = 0; cut < 5; cut++)
            {
                card.PowerOn();
                card.LiftAfter(cut, NtagTear.AnswerLost);
                Assert.AreEqual((int)CardOutcome.Torn, (int)auth.Verify(card, card.Uid, true, check));
                Assert.IsFalse(check.SessionOpen);
            }

            Assert.AreEqual(before, SecurityKit.Dump(card));
            Assert.AreEqual((int)CardOutcome.Valid, (int)SecurityKit.Tap(auth, card, true, check));
        }

        [TestMethod]
        public void ReadProtectedForeignCardIsUnreadableAndForeignPasswordCannotBeEnrolled()
        {
            CardAuthenticator auth = SecurityKit.Authenticator(SecurityKit.Keys(1, 0));
            byte[] secret = new byte[] { 0xDE, 0xAD, 0xBE, 0xEF };

            SimulatedNtag readProtected = SimulatedNtag.Ntag215(SecurityKit.Uid(12));
            readProtected.Poke(0x85, secret, 0);
            readProtected.Poke(0x84, new byte[] { Ntag21x.AccessProt, 0, 0, 0 }, 0);
            readProtected.Poke(0x83, new byte[] { 0x04, 0, 0, 0x04 }, 0);
            CardCheck check = new CardCheck();
            Assert.AreEqual((int)CardOutcome.Invalid, (int)SecurityKit.Tap(auth, readProtected, false, check));
            Assert.AreEqual((int)SecurityReason.Unreadable, (int)check.Reason);

            SimulatedNtag writeProtected = SimulatedNtag.Ntag215(SecurityKit.Uid(13));
            writeProtected.Poke(0x85, secret, 0);
            writeProtected.Poke(0x83, new byte[] { 0x04, 0, 0, 0x10 }, 0);
            Assert.AreEqual((int)CardOutcome.Blank, (int)SecurityKit.Tap(auth, writeProtected, false, check));
            writeProtected.ResetStats();
            Assert.AreEqual((int)CardOutcome.Invalid, (int)auth.Enrol(writeProtected, writeProtected.Uid, Serial, SecurityKit.Now, check));
            Assert.AreEqual((int)SecurityReason.ForeignPassword, (int)check.Reason);
            Assert.AreEqual(0, writeProtected.Writes);
        }

        [TestMethod]
        public void ConfigLockedCardAndNonNtagCardAreNotEnrolled()
        {
            CardAuthenticator auth = SecurityKit.Authenticator(SecurityKit.Keys(1, 0));
            SimulatedNtag locked = SimulatedNtag.Ntag215(SecurityKit.Uid(14));
            locked.Poke(0x84, new byte[] { Ntag21x.AccessCfgLock, 0, 0, 0 }, 0);
            CardCheck check = new CardCheck();
            SecurityKit.Tap(auth, locked, false, check);
            Assert.AreEqual((int)CardOutcome.Invalid, (int)auth.Enrol(locked, locked.Uid, Serial, SecurityKit.Now, check));
            Assert.AreEqual((int)SecurityReason.ConfigLocked, (int)check.Reason);
            Assert.AreEqual(0, locked.Writes);
        }

        [TestMethod]
        public void UnprovisionedKeyringRefusesToDecide()
        {
            Keyring keys = new Keyring();
            byte[] pwd = SecurityKit.PasswordKey();
            keys.SetPasswordKey(pwd, 0, pwd.Length);
            CardAuthenticator auth = SecurityKit.Authenticator(keys);
            SimulatedNtag card = SimulatedNtag.Ntag215(SecurityKit.Uid(15));
            CardCheck check = new CardCheck();
            Assert.AreEqual((int)CardOutcome.Invalid, (int)SecurityKit.Tap(auth, card, false, check));
            Assert.AreEqual((int)SecurityReason.NotProvisioned, (int)check.Reason);
            Assert.AreEqual(0, card.Exchanges);
        }

        [TestMethod]
        public void EnrolAndResignRefuseAWrongPrecondition()
        {
            CardAuthenticator auth = SecurityKit.Authenticator(SecurityKit.Keys(1, 0));
            SimulatedNtag card = SecurityKit.EnrolledCard(auth, 16, Serial);
            CardCheck check = new CardCheck();
            SecurityKit.Tap(auth, card, true, check);
            bool enrolThrew = false;
            bool resignThrew = false;
            try
            {
                auth.Enrol(card, card.Uid, Serial, SecurityKit.Now, check);
            }
            catch (System.InvalidOperationException)
            {
                enrolThrew = true;
            }

            try
            {
                auth.Resign(card, card.Uid, check);
            }
            catch (System.InvalidOperationException)
            {
                resignThrew = true;
            }

            Assert.IsTrue(enrolThrew);
            Assert.IsTrue(resignThrew);
        }
    }
}
