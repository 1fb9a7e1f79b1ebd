using System;
using Terminal.Core.Provisioning;
using Terminal.Core.Security;

namespace Terminal.Device.Security
{
    /// <summary>
    /// Fills the <see cref="Keyring"/> from the provisioned card keys, at boot and after every
    /// provisioning commit: <c>cardkey</c> (+ version), <c>cardkey.old</c> (+ version) and
    /// <c>cardkey.password</c>. Without the password key the authenticator answers
    /// Invalid(NotProvisioned) on every card and the display says the terminal needs provisioning.
    /// </summary>
    public static class KeyringLoader
    {
        /// <summary>Replaces the keyring's keys with the provisioned ones. Returns null when the keyring
        /// is ready, else why it is not (for the service log; never contains key material).</summary>
        public static string Load(Keyring keys, ProvisionedConfig config)
        {
            keys.Clear();
            byte[] current = config.CardKey;
            if (current == null)
            {
                return "card keys: not provisioned";
            }

            string problem = null;
            if (Fits(current, config.CardKeyVersion))
            {
                keys.SetCurrent((byte)config.CardKeyVersion, current, 0, current.Length);
            }
            else
            {
                problem = "card keys: cardkey needs 16-64 bytes and version 1-15";
            }

            Array.Clear(current, 0, current.Length);
            byte[] old = config.CardKeyOld;
            if (old != null)
            {
                if (keys.CurrentVersion != 0 && Fits(old, config.CardKeyOldVersion) && config.CardKeyOldVersion != config.CardKeyVersion)
                {
                    keys.SetPrevious((byte)config.CardKeyOldVersion, old, 0, old.Length);
                }
                else if (problem == null)
                {
                    problem = "card keys: cardkey.old left out (16-64 bytes, version 1-15, not the current one)";
                }

                Array.Clear(old, 0, old.Length);
            }

            byte[] password = config.CardPasswordKey;
            if (password != null)
            {
                if (password.Length >= Keyring.MinKeyLength && password.Length <= Keyring.MaxKeyLength)
                {
                    keys.SetPasswordKey(password, 0, password.Length);
                }

                Array.Clear(password, 0, password.Length);
            }

            if (problem == null && !keys.Ready)
            {
                problem = "card keys: cardkey.password not provisioned, card verification off";
            }

            return problem;
        }

        private static bool Fits(byte[] key, int version)
        {
            return key.Length >= Keyring.MinKeyLength && key.Length <= Keyring.MaxKeyLength
                && version >= 1 && version <= Keyring.MaxVersion;
        }
    }
}
