using Terminal.Core.Domain;
using Terminal.Core.Security;

namespace Terminal.Core.Tests.Fakes
{
    /// <summary>
    /// Test keys and card set-ups for the security tests: a keyring with made-up keys, an
    /// authenticator over <see cref="SoftwareCredentialCrypto"/>, and taps on <see cref="SimulatedNtag"/>s.
    /// </summary>
    public static class SecurityKit
    {
        /// <summary>Unix time used as "now" (2024-03-01 12:00 UTC).</summary>
        public const uint Now = 1709294400;

        /// <summary>A 7-byte NXP-style UID (first byte 04h) that differs per <paramref name="n"/>.</summary>
        public static byte[] Uid(int n)
        {
            return new byte[] { 0x04, (byte)(n >> 8), (byte)n, 0x5A, (byte)(n * 13), 0x81, (byte)(0x30 + n) };
        }

        /// <summary>The made-up 32-byte record key of a version.</summary>
        public static byte[] RecordKey(int version)
        {
            byte[] key = new byte[32];
            for (int i = 0; i < key.Length; i++)
            {
                key[i] = (byte)((version * 41) + (i * 7) + 1);
            }

            return key;
        }

        /// <summary>The made-up 32-byte card-password key.</summary>
        public static byte[] PasswordKey()
        {
            byte[] key = new byte[32];
            for (int i = 0; i < key.Length; i++)
            {
                key[i] = (byte)(0xC3 ^ (i * 11));
            }

            return key;
        }

        /// <summary>A keyring with the password key and <paramref name="current"/> (and <paramref name="previous"/> unless 0).</summary>
        public static Keyring Keys(byte current, byte previous)
        {
            Keyring keys = new Keyring();
            byte[] pwd = PasswordKey();
            keys.SetPasswordKey(pwd, 0, pwd.Length);
            if (previous != 0)
            {
                byte[] old = RecordKey(previous);
                keys.SetCurrent(previous, old, 0, old.Length);
                byte[] key = RecordKey(current);
                keys.Rotate(current, key, 0, key.Length);
            }
            else
            {
                byte[] key = RecordKey(current);
                keys.SetCurrent(current, key, 0, key.Length);
            }

            return keys;
        }

        /// <summary>Rotates <paramref name="keys"/> to <paramref name="version"/> with its made-up key.</summary>
        public static void Rotate(Keyring keys, byte version)
        {
            byte[] key = RecordKey(version);
            keys.Rotate(version, key, 0, key.Length);
        }

        /// <summary>An authenticator over the software HMAC.</summary>
        public static CardAuthenticator Authenticator(Keyring keys)
        {
            return new CardAuthenticator(keys, new SoftwareCredentialCrypto());
        }

        /// <summary>Presents the card (power-on) and verifies it.</summary>
        public static CardOutcome Tap(CardAuthenticator auth, SimulatedNtag card, bool uidKnown, CardCheck check)
        {
            card.PowerOn();
            return auth.Verify(card, card.Uid, uidKnown, check);
        }

        /// <summary>A delivered NTAG215, tapped and enrolled with <paramref name="serial"/>; throws if that fails.</summary>
        public static SimulatedNtag EnrolledCard(CardAuthenticator auth, int n, uint serial)
        {
            SimulatedNtag card = SimulatedNtag.Ntag215(Uid(n));
            Enrol(auth, card, serial);
            return card;
        }

        /// <summary>Taps and enrols a blank card; throws if the card does not end enrolled.</summary>
        public static void Enrol(CardAuthenticator auth, SimulatedNtag card, uint serial)
        {
            CardCheck check = new CardCheck();
            if (Tap(auth, card, false, check) != CardOutcome.Blank)
            {
                throw new System.InvalidOperationException("card is not blank");
            }

            if (auth.Enrol(card, card.Uid, serial, Now, check) != CardOutcome.Valid)
            {
                throw new System.InvalidOperationException("enrolment failed");
            }
        }

        /// <summary>Every page of the card, raw (PWD and PACK included), as hex.</summary>
        public static string Dump(SimulatedNtag card)
        {
            int pages = Ntag21x.PageCount(card.ConfigPage);
            byte[] all = new byte[pages * 4];
            for (int p = 0; p < pages; p++)
            {
                card.Peek((byte)p, all, p * 4);
            }

            return Terminal.Core.Encoding.Hex.Format(all, 0, all.Length);
        }

        /// <summary>The card's password and PACK as the scheme derives them, computed independently
        /// of the authenticator (from the layout in ADR 0008): 6 bytes, PWD then PACK.</summary>
        public static byte[] PasswordAndPack(CardUid uid)
        {
            byte[] input = new byte[11];
            input[0] = (byte)uid.Length;
            System.Array.Copy(uid.Bytes, 0, input, 1, uid.Length);
            byte[] hash = new byte[32];
            byte[] key = PasswordKey();
            new SoftwareCredentialCrypto().HmacSha256(key, input, 0, input.Length, hash);
            byte[] result = new byte[6];
            System.Array.Copy(hash, 0, result, 0, 6);
            return result;
        }
    }
}
