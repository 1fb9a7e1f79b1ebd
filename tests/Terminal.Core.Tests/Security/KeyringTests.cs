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
    public class KeyringTests
    {
        [TestMethod]
        public void RotationKeepsOneVersionBackAndCopiesTheKeys()
        {
            Keyring keys = new Keyring();
            Assert.IsFalse(keys.Ready);
            byte[] pwd = SecurityKit.PasswordKey();
            keys.SetPasswordKey(pwd, 0, pwd.Length);
            byte[] k1 = SecurityKit.RecordKey(1);
            keys.SetCurrent(1, k1, 0, k1.Length);
            Assert.IsTrue(keys.Ready);
            SecurityKit.Rotate(keys, 2);
            Assert.AreEqual((int)2, (int)keys.CurrentVersion);
            Assert.AreEqual((int)1, (int)keys.PreviousVersion);
            SecurityKit.Rotate(keys, 3);
            Assert.AreEqual((int)3, (int)keys.CurrentVersion);
            Assert.AreEqual((int)2, (int)keys.PreviousVersion);

            // The keyring holds copies: changing the caller's array changes nothing.
            CardAuthenticator auth = SecurityKit.Authenticator(keys);
            SimulatedNtag card = SecurityKit.EnrolledCard(auth, 1, CredentialSerial.Make(1, 1));
            pwd[0] ^= 0xFF;
            CardCheck check = new CardCheck();
            Assert.AreEqual((int)CardOutcome.Valid, (int)SecurityKit.Tap(auth, card, true, check));

            keys.Clear();
            Assert.IsFalse(keys.Ready);
            Assert.AreEqual((int)0, (int)keys.CurrentVersion);
        }

        [TestMethod]
        public void RejectsBadVersionsAndKeys()
        {
            Keyring keys = new Keyring();
            byte[] key = SecurityKit.RecordKey(1);
            Assert.IsTrue(Throws(keys, 0, key, 32));
            Assert.IsTrue(Throws(keys, 16, key, 32));
            Assert.IsTrue(Throws(keys, 1, key, 15));
            Assert.IsTrue(Throws(keys, 1, null, 32));
            Assert.IsFalse(Throws(keys, 1, key, 16));
            Assert.IsTrue(Throws(keys, 1, key, 32));
        }

        [TestMethod]
        public void SerialPacksTerminalAndSequence()
        {
            uint serial = CredentialSerial.Make(4095, 1048575);
            Assert.AreEqual(0xFFFFFFFFu, serial);
            serial = CredentialSerial.Make(7, 123);
            Assert.AreEqual(7, CredentialSerial.TerminalOf(serial));
            Assert.AreEqual(123, CredentialSerial.SequenceOf(serial));
            Assert.AreEqual("0007-0000123", CredentialSerial.Format(serial));
            bool threw = false;
            try
            {
                CredentialSerial.Make(4096, 1);
            }
            catch (System.ArgumentOutOfRangeException)
            {
                threw = true;
            }

            Assert.IsTrue(threw);
        }

        /// <summary>Rotating to <paramref name="version"/> with <paramref name="length"/> bytes of key throws.</summary>
        private static bool Throws(Keyring keys, byte version, byte[] key, int length)
        {
            try
            {
                keys.Rotate(version, key, 0, length);
                return false;
            }
            catch (System.ArgumentException)
            {
                return true;
            }
        }
    }
}
