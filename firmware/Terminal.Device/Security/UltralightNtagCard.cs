using System;
using Iot.Device.Card;
using Iot.Device.Card.Ultralight;
using Terminal.Core.Security;

namespace Terminal.Device.Security
{
    /// <summary>
    /// <see cref="INtagCard"/> over the Iot.Device.Card <c>UltralightCard</c> binding (package
    /// nanoFramework.Iot.Device.Card 1.2.937), talking through the MFRC522 (any <c>CardTransceiver</c>).
    /// Every command goes through <c>RunUltralightCommand</c> with <c>Command</c>,
    /// <c>BlockNumber</c>, <c>AuthenticationKey</c> and <c>Counter</c> set, and the answer taken
    /// from <c>Data</c>; writes go through <c>WriteDataBlock</c>, which handles the 4-bit ACK.
    /// The binding neither checks the PACK nor the signature: the core checks the PACK
    /// (<see cref="CardAuthenticator"/>), the cloud the signature.
    /// <para>
    /// A failed exchange is told apart as the core needs it: if the card can be reselected
    /// (<c>ReselectCard</c>: WUPA + anticollision + select) it is still in the field, so the
    /// failure was a NAK (<see cref="NtagStatus.Refused"/>); otherwise it left
    /// (<see cref="NtagStatus.Gone"/>). The core sends nothing after a refusal, so the reselect
    /// never changes what a tap proves.
    /// </para>
    /// <para>To confirm on the first hardware build (the binding cannot be built or run here):
    /// RunUltralightCommand returns the number of bytes received (negative on error) and leaves the
    /// answer in <c>Data</c>; WriteDataBlock returns false on a NAK; ReselectCard wakes a card the
    /// reader halted (WUPA, ISO/IEC 14443-3 §6.3) and does not power-cycle it (a power-cycle would let
    /// the next READ count twice on the NFC counter).</para>
    /// </summary>
    public sealed class UltralightNtagCard : INtagCard
    {
        private readonly UltralightCard _card;
        private readonly byte[] _password = new byte[4];
        private readonly byte[] _write = new byte[4];
        private readonly byte[] _counter = new byte[3];

        /// <summary>
        /// Wraps the card the reader just activated. <paramref name="target"/> is the target number
        /// the reader reported with the UID (<c>Data106kbpsTypeA.TargetNumber</c>).
        /// </summary>
        public UltralightNtagCard(CardTransceiver reader, byte target)
        {
            _card = new UltralightCard(reader, target);
        }

        /// <summary>
        /// Wakes and selects the card again. The terminal's card reader halts a card once its UID is
        /// read (so a card left on the reader is one tap); call this once before the authenticator runs.
        /// </summary>
        public bool Activate()
        {
            try
            {
                return _card.ReselectCard();
            }
            catch (Exception)
            {
                return false;
            }
        }

        /// <inheritdoc/>
        public NtagStatus GetVersion(byte[] buffer, int offset)
        {
            _card.Command = UltralightCommand.GetVersion;
            return Run(buffer, offset, Ntag21x.VersionSize);
        }

        /// <inheritdoc/>
        public NtagStatus Read(byte page, byte[] buffer, int offset)
        {
            _card.BlockNumber = page;
            _card.Command = UltralightCommand.Read16Bytes;
            return Run(buffer, offset, Ntag21x.ReadSize);
        }

        /// <inheritdoc/>
        public NtagStatus Write(byte page, byte[] data, int offset)
        {
            Array.Copy(data, offset, _write, 0, 4);
            _card.Data = _write;
            bool acked;
            try
            {
                acked = _card.WriteDataBlock(page);
            }
            catch (Exception)
            {
                acked = false;
            }

            return acked ? NtagStatus.Ok : Failure();
        }

        /// <inheritdoc/>
        public NtagStatus PasswordAuth(byte[] password, int offset, byte[] pack, int packOffset)
        {
            Array.Copy(password, offset, _password, 0, 4);
            _card.AuthenticationKey = _password;
            _card.Command = UltralightCommand.PasswordAuthentication;
            return Run(pack, packOffset, 2);
        }

        /// <inheritdoc/>
        public NtagStatus ReadCounter(out uint counter)
        {
            counter = 0;

            // §10.6: on NTAG21x only counter 02h, the NFC counter, exists.
            _card.Counter = 2;
            _card.Command = UltralightCommand.ReadCounter;
            NtagStatus status = Run(_counter, 0, 3);
            if (status == NtagStatus.Ok)
            {
                counter = (uint)(_counter[0] | (_counter[1] << 8) | (_counter[2] << 16));
            }

            return status;
        }

        /// <inheritdoc/>
        public NtagStatus ReadSignature(byte[] buffer, int offset)
        {
            _card.Command = UltralightCommand.ReadSignature;
            return Run(buffer, offset, Ntag21x.SignatureSize);
        }

        private NtagStatus Run(byte[] buffer, int offset, int expected)
        {
            int received;
            try
            {
                received = _card.RunUltralightCommand();
            }
            catch (Exception)
            {
                return Failure();
            }

            byte[] answer = _card.Data;
            if (received < expected || answer == null || answer.Length < expected)
            {
                return Failure();
            }

            Array.Copy(answer, 0, buffer, offset, expected);
            return NtagStatus.Ok;
        }

        /// <summary>A card that can be selected again is still here: its silence was a NAK.</summary>
        private NtagStatus Failure()
        {
            return Activate() ? NtagStatus.Refused : NtagStatus.Gone;
        }
    }
}
