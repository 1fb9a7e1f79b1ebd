#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Terminal.Core.Encoding;
using Terminal.Core.Security;
using Terminal.Core.Tests.Fakes;

namespace Terminal.Core.Tests.FakesTests
{
    [TestClass]
    public class SimulatedNtagTests
    {
        private static readonly byte[] Pwd = new byte[] { 0x11, 0x22, 0x33, 0x44 };

        [TestMethod]
        public void DeliveredNtag215AnswersLikeTheDatasheet()
        {
            SimulatedNtag card = SimulatedNtag.Ntag215(new byte[] { 0x04, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06 });
            byte[] buffer = new byte[32];
            card.PowerOn();
            Assert.AreEqual((int)NtagStatus.Ok, (int)card.GetVersion(buffer, 0));
            Assert.AreEqual("0004040201001103", Hex.Format(buffer, 0, 8));
            Assert.AreEqual((int)NtagStatus.Ok, (int)card.Read(0, buffer, 0));

            // BCC0 = 88h ^ 04h ^ 01h ^ 02h = 8Fh, BCC1 = 03h ^ 04h ^ 05h ^ 06h = 04h; CC E1 10 3E 00.
            Assert.AreEqual("0401028F0304050604480000E1103E00", Hex.Format(buffer, 0, 16));
            Assert.AreEqual((int)NtagStatus.Ok, (int)card.Read(0x83, buffer, 0));

            // CFG0 04 00 00 FF, CFG1 00 05 00 00, PWD and PACK read as zeros although PWD is FFFFFFFF.
            Assert.AreEqual("040000FF000500000000000000000000", Hex.Format(buffer, 0, 16));
            card.Peek(0x85, buffer, 0);
            Assert.AreEqual("FFFFFFFF", Hex.Format(buffer, 0, 4));
            Assert.AreEqual((int)NtagStatus.Ok, (int)card.ReadSignature(buffer, 0));
            Assert.AreEqual(1, card.SignatureReads);
        }

        [TestMethod]
        public void ReadRollsOverAndANakMakesTheCardDeafUntilPowerOn()
        {
            SimulatedNtag card = SimulatedNtag.Ntag215(SecurityKit.Uid(1));
            byte[] buffer = new byte[16];
            card.PowerOn();
            Assert.AreEqual((int)NtagStatus.Ok, (int)card.Read(0x85, buffer, 0));

            // Pages 85h, 86h, then 0 and 1: the UID comes back after the hidden PWD and PACK.
            Assert.AreEqual("0000000000000000", Hex.Format(buffer, 0, 8));
            Assert.AreEqual((byte)0x04, buffer[8]);
            Assert.AreEqual((int)NtagStatus.Refused, (int)card.Read(0x87, buffer, 0));
            Assert.AreEqual((int)NtagStatus.Gone, (int)card.Read(4, buffer, 0));
            Assert.AreEqual(1, card.Naks);
            Assert.AreEqual(1, card.Unanswered);
            card.PowerOn();
            Assert.AreEqual((int)NtagStatus.Ok, (int)card.Read(4, buffer, 0));
            Assert.AreEqual("0300FE00", Hex.Format(buffer, 0, 4));
        }

        [TestMethod]
        public void CounterCountsTheFirstReadAfterPowerOnOnlyWhenEnabled()
        {
            SimulatedNtag card = SimulatedNtag.Ntag215(SecurityKit.Uid(2));
            byte[] buffer = new byte[16];
            uint counter;
            card.PowerOn();
            card.Read(4, buffer, 0);
            Assert.AreEqual(0u, card.NfcCounter);
            Assert.AreEqual((int)NtagStatus.Ok, (int)card.Write(0x84, new byte[] { Ntag21x.AccessNfcCounterEnable, 0, 0, 0 }, 0));

            // Enabled after this power-on's first READ: nothing counts until the next power-on.
            card.Read(4, buffer, 0);
            Assert.AreEqual(0u, card.NfcCounter);
            card.PowerOn();
            Assert.AreEqual((int)NtagStatus.Ok, (int)card.ReadCounter(out counter));
            Assert.AreEqual(0u, counter);
            card.Read(8, buffer, 0);
            card.Read(12, buffer, 0);
            card.ReadCounter(out counter);
            Assert.AreEqual(1u, counter);
            card.PowerOn();
            card.Read(4, buffer, 0);
            card.ReadCounter(out counter);
            Assert.AreEqual(2u, counter);
            card.NfcCounter = Ntag21x.CounterMax;
            card.PowerOn();
            card.Read(4, buffer, 0);
            Assert.AreEqual(Ntag21x.CounterMax, card.NfcCounter);
        }

        [TestMethod]
        public void PasswordProtectsWritesFromAuth0AndReturnsThePack()
        {
            SimulatedNtag card = Protect(SimulatedNtag.Ntag215(SecurityKit.Uid(3)), 0);
            byte[] page = new byte[] { 9, 9, 9, 9 };
            byte[] pack = new byte[2];
            card.PowerOn();
            Assert.AreEqual((int)NtagStatus.Ok, (int)card.Write(3, new byte[] { 0, 0, 0, 0x01 }, 0));
            Assert.AreEqual((int)NtagStatus.Refused, (int)card.Write(4, page, 0));
            card.PowerOn();
            Assert.AreEqual((int)NtagStatus.Refused, (int)card.PasswordAuth(new byte[] { 1, 2, 3, 4 }, 0, pack, 0));
            card.PowerOn();
            Assert.AreEqual((int)NtagStatus.Ok, (int)card.PasswordAuth(Pwd, 0, pack, 0));
            Assert.AreEqual("ABCD", Hex.Format(pack, 0, 2));
            Assert.AreEqual((int)NtagStatus.Ok, (int)card.Write(4, page, 0));

            // The CC page is OTP: bits are OR-ed in.
            byte[] cc = new byte[4];
            card.Peek(3, cc, 0);
            Assert.AreEqual("E1103E01", Hex.Format(cc, 0, 4));
        }

        [TestMethod]
        public void AuthLimitLocksPasswordAuthenticationForGood()
        {
            // AUTHLIM = 1: two failed attempts allowed (2^1), then PWD_AUTH is refused for ever.
            SimulatedNtag card = Protect(SimulatedNtag.Ntag215(SecurityKit.Uid(4)), 1);
            byte[] wrong = new byte[] { 0, 0, 0, 1 };
            byte[] pack = new byte[2];
            card.PowerOn();
            Assert.AreEqual((int)NtagStatus.Refused, (int)card.PasswordAuth(wrong, 0, pack, 0));
            Assert.AreEqual(1, card.FailedAuthentications);

            // A success before the limit resets the count.
            card.PowerOn();
            Assert.AreEqual((int)NtagStatus.Ok, (int)card.PasswordAuth(Pwd, 0, pack, 0));
            Assert.AreEqual(0, card.FailedAuthentications);
            for (int i = 0; i < 2; i++)
            {
                card.PowerOn();
                Assert.AreEqual((int)NtagStatus.Refused, (int)card.PasswordAuth(wrong, 0, pack, 0));
            }

            Assert.IsTrue(card.PasswordLocked);
            card.PowerOn();
            Assert.AreEqual((int)NtagStatus.Refused, (int)card.PasswordAuth(Pwd, 0, pack, 0));
            card.PowerOn();
            Assert.AreEqual((int)NtagStatus.Refused, (int)card.Write(4, pack, 0));
        }

        [TestMethod]
        public void ProtAndCounterProtectionNeedThePasswordAndCfgLockFreezesConfig()
        {
            SimulatedNtag card = Protect(SimulatedNtag.Ntag215(SecurityKit.Uid(5)), 0);
            byte[] buffer = new byte[16];
            byte[] pack = new byte[2];
            uint counter;
            card.PowerOn();
            Assert.AreEqual((int)NtagStatus.Ok, (int)card.PasswordAuth(Pwd, 0, pack, 0));
            byte access = Ntag21x.AccessProt | Ntag21x.AccessNfcCounterPasswordProtected | Ntag21x.AccessCfgLock;
            Assert.AreEqual((int)NtagStatus.Ok, (int)card.Write(0x84, new byte[] { access, 0, 0, 0 }, 0));
            Assert.AreEqual((int)NtagStatus.Refused, (int)card.Write(0x83, new byte[] { 0, 0, 0, 0xFF }, 0));
            card.PowerOn();
            Assert.AreEqual((int)NtagStatus.Ok, (int)card.Read(0, buffer, 0));
            Assert.AreEqual((int)NtagStatus.Refused, (int)card.Read(4, buffer, 0));
            card.PowerOn();
            Assert.AreEqual((int)NtagStatus.Refused, (int)card.ReadCounter(out counter));
            card.PowerOn();
            card.PasswordAuth(Pwd, 0, pack, 0);
            Assert.AreEqual((int)NtagStatus.Ok, (int)card.Read(4, buffer, 0));
            Assert.AreEqual((int)NtagStatus.Ok, (int)card.ReadCounter(out counter));
        }

        [TestMethod]
        public void LiftingCutsTheNextExchangeAsAsked()
        {
            byte[] data = new byte[] { 1, 2, 3, 4 };
            byte[] page = new byte[4];

            SimulatedNtag before = SimulatedNtag.Ntag215(SecurityKit.Uid(6));
            before.PowerOn();
            before.LiftAfter(1, NtagTear.BeforeCommand);
            Assert.AreEqual((int)NtagStatus.Ok, (int)before.Write(20, data, 0));
            Assert.AreEqual((int)NtagStatus.Gone, (int)before.Write(21, data, 0));
            Assert.AreEqual((int)NtagStatus.Gone, (int)before.Write(22, data, 0));
            before.Peek(21, page, 0);
            Assert.AreEqual("00000000", Hex.Format(page, 0, 4));
            Assert.AreEqual(3, before.Exchanges);
            Assert.AreEqual(2, before.Unanswered);

            SimulatedNtag lost = SimulatedNtag.Ntag215(SecurityKit.Uid(7));
            lost.PowerOn();
            lost.LiftAfter(0, NtagTear.AnswerLost);
            Assert.AreEqual((int)NtagStatus.Gone, (int)lost.Write(21, data, 0));
            lost.Peek(21, page, 0);
            Assert.AreEqual("01020304", Hex.Format(page, 0, 4));

            SimulatedNtag partial = SimulatedNtag.Ntag215(SecurityKit.Uid(8));
            partial.PowerOn();
            partial.LiftAfter(0, NtagTear.PartialWrite);
            Assert.AreEqual((int)NtagStatus.Gone, (int)partial.Write(21, data, 0));
            partial.Peek(21, page, 0);
            Assert.AreEqual("01020000", Hex.Format(page, 0, 4));

            // Presented again, the card answers normally.
            partial.PowerOn();
            Assert.AreEqual((int)NtagStatus.Ok, (int)partial.Write(21, data, 0));
        }

        [TestMethod]
        public void CountsFrameBytesPerCommand()
        {
            SimulatedNtag card = SimulatedNtag.Ntag215(SecurityKit.Uid(9));
            byte[] buffer = new byte[32];
            uint counter;
            card.PowerOn();
            card.Read(4, buffer, 0);
            Assert.AreEqual(4, card.BytesToCard);
            Assert.AreEqual(18, card.BytesFromCard);
            card.ResetStats();
            card.Write(20, buffer, 0);
            card.ReadCounter(out counter);
            card.ReadSignature(buffer, 0);
            card.GetVersion(buffer, 0);
            Assert.AreEqual(8 + 4 + 4 + 3, card.BytesToCard);
            Assert.AreEqual(1 + 5 + 34 + 10, card.BytesFromCard);
            Assert.AreEqual(4, card.Exchanges);
            Assert.AreEqual(1, card.Writes);
            Assert.AreEqual(1, card.CounterReads);
            Assert.AreEqual(1, card.VersionReads);
        }

        [TestMethod]
        public void MagicCloneCopiesEverythingButTheCounterAndADumpCloneLacksThePassword()
        {
            SimulatedNtag genuine = Protect(SimulatedNtag.Ntag215(SecurityKit.Uid(10)), 3);
            genuine.NfcCounter = 41;
            SimulatedNtag magic = SimulatedNtag.MagicCloneOf(genuine, 7);
            Assert.AreEqual(SecurityKit.Dump(genuine), SecurityKit.Dump(magic));
            Assert.IsTrue(genuine.Uid.SameAs(magic.Uid));
            Assert.AreEqual(7u, magic.NfcCounter);
            byte[] sigA = new byte[32];
            byte[] sigB = new byte[32];
            genuine.PowerOn();
            magic.PowerOn();
            genuine.ReadSignature(sigA, 0);
            magic.ReadSignature(sigB, 0);
            Assert.AreEqual(Hex.Format(sigA, 0, 32), Hex.Format(sigB, 0, 32));
            byte[] pack = new byte[2];
            Assert.AreEqual((int)NtagStatus.Ok, (int)magic.PasswordAuth(Pwd, 0, pack, 0));

            SimulatedNtag dump = SimulatedNtag.DumpCloneOf(genuine);
            dump.PowerOn();
            Assert.AreEqual((int)NtagStatus.Refused, (int)dump.PasswordAuth(Pwd, 0, pack, 0));
        }

        /// <summary>PWD 11223344h, PACK ABCDh, AUTH0 = 4, AUTHLIM as given; written through the card's own rules.</summary>
        private static SimulatedNtag Protect(SimulatedNtag card, int authLimit)
        {
            card.PowerOn();
            Assert.AreEqual((int)NtagStatus.Ok, (int)card.Write(0x85, Pwd, 0));
            Assert.AreEqual((int)NtagStatus.Ok, (int)card.Write(0x86, new byte[] { 0xAB, 0xCD, 0, 0 }, 0));
            Assert.AreEqual((int)NtagStatus.Ok, (int)card.Write(0x84, new byte[] { (byte)authLimit, 0, 0, 0 }, 0));
            Assert.AreEqual((int)NtagStatus.Ok, (int)card.Write(0x83, new byte[] { 0x04, 0, 0, 0x04 }, 0));
            card.ResetStats();
            return card;
        }
    }
}
