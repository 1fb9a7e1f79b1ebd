using System;
using System.Device.Gpio;
using System.Device.Spi;
using Iot.Device.Mfrc522;
using Iot.Device.Rfid;
using Terminal.Core.Domain;
using Terminal.Core.Ports;
using Terminal.Core.Security;
using Terminal.Device.Security;

namespace Terminal.Device.CardReader
{
    /// <summary>
    /// <see cref="ICardReader"/> over an NXP MFRC522 on SPI, using the Iot.Device.Mfrc522 binding.
    /// One <see cref="Poll"/> sends one REQA and, only when a card answers, makes an activation
    /// attempt (plus one retry); it never loops waiting for a card: the binding's
    /// <c>ListenToCardIso14443TypeA</c> ignores its timeout, so the main loop is the poll loop.
    /// Card states and commands: ISO/IEC 14443-3 §6.3 (type A PICC states).
    /// </summary>
    public sealed class Mfrc522CardReader : ISecureCardReader
    {
        /// <summary>
        /// SPI clock. MFRC522 datasheet §8.1.2: the SPI runs up to 10 Mbit/s. A poll moves well under
        /// 100 bytes, so 1 MHz costs nothing and tolerates the 10-20 cm of jumper wire of a hand-built unit.
        /// </summary>
        public const int SpiClockHz = 1000000;

        // Passed for form only: the binding does not honour it (see the class summary).
        private static readonly TimeSpan ListenTimeout = new TimeSpan(20 * TimeSpan.TicksPerMillisecond);

        private readonly MfRc522 _rc522;
        private readonly byte[] _atqa = new byte[2];
        private byte _ntagTarget = 0xFF;

        /// <summary>
        /// Opens the reader. The binding drives <paramref name="resetPin"/> itself: MFRC522 datasheet
        /// §8.8.1 asks for NRSTPD LOW for at least 100 ns, §8.8.2 for the oscillator start-up time
        /// (crystal start-up + 37.74 µs) before the first register access.
        /// </summary>
        /// <param name="spi">SPI device made with <see cref="CreateSpiSettings"/>.</param>
        /// <param name="resetPin">GPIO wired to RST (NRSTPD).</param>
        /// <param name="gpio">Shared controller; not disposed with the reader.</param>
        public Mfrc522CardReader(SpiDevice spi, int resetPin, GpioController gpio)
        {
            _rc522 = new MfRc522(spi, resetPin, gpio, false);
        }

        /// <summary>Read attempts that threw inside the binding (SPI or protocol errors), for diagnostics.</summary>
        public int Faults { get; private set; }

        /// <summary>
        /// SPI settings for the MFRC522. Datasheet §8.1.2: MSB first; data on MOSI and MISO is stable on
        /// the rising SCK edge and changes on the falling edge, clock idle low: SPI mode 0.
        /// </summary>
        public static SpiConnectionSettings CreateSpiSettings(int busId, int chipSelectPin)
        {
            SpiConnectionSettings settings = new SpiConnectionSettings(busId, chipSelectPin);
            settings.Mode = SpiMode.Mode0;
            settings.DataFlow = DataFlow.MsbFirst;
            settings.ClockFrequency = SpiClockHz;
            return settings;
        }

        /// <summary>
        /// The NTAG read by the last <see cref="Poll"/>, woken again from HALT for the credential check;
        /// null when that card is not a Type 2 tag or does not wake.
        /// </summary>
        public INtagCard Card
        {
            get
            {
                if (_ntagTarget == 0xFF)
                {
                    return null;
                }

                // One wrapper per tap: UltralightCard keeps the target number it was made for.
                UltralightNtagCard card = new UltralightNtagCard(_rc522, _ntagTarget);
                _ntagTarget = 0xFF;
                return card.Activate() ? card : null;
            }
        }

        /// <inheritdoc/>
        public CardReadStatus Poll(CardUid uid)
        {
            _ntagTarget = 0xFF;
            // An empty field costs one REQA and its receive timeout. A card this reader has read and
            // halted does not answer REQA either, so a card left on the reader counts as one tap.
            if (!AnswersRequest())
            {
                return CardReadStatus.NoCard;
            }

            // The REQA left the card READY. HLTA is an unexpected frame there, which returns it to
            // IDLE, the state the binding's own REQA/WUPA (it reports the ATQA, so it sends one) expects.
            Quiet();
            if (TryRead(uid))
            {
                return CardReadStatus.Present;
            }

            // A card answered but the read failed: it is at the edge of the field, arriving or leaving.
            // One more attempt before calling it torn, because TapFlow abandons a sale on "Hold card still".
            Quiet();
            if (TryRead(uid))
            {
                return CardReadStatus.Present;
            }

            return CardReadStatus.Torn;
        }

        private bool TryRead(CardUid uid)
        {
            Data106kbpsTypeA card;
            try
            {
                if (!_rc522.ListenToCardIso14443TypeA(out card, ListenTimeout))
                {
                    return false;
                }
            }
            catch (Exception)
            {
                Faults++;
                return false;
            }

            byte[] id = card == null ? null : card.NfcId;
            if (id == null || !CardUid.IsValidLength(id.Length))
            {
                // Anticollision or select stopped before the last cascade level.
                return false;
            }

            uid.Set(id, 0, id.Length);

            // ISO/IEC 14443-3: SAK 00h with a 7-byte UID is a Type 2 tag (NTAG21x, Ultralight);
            // only those can carry the retailer's signed credential.
            _ntagTarget = card.Sak == 0x00 && id.Length == 7 ? card.TargetNumber : (byte)0xFF;

            // HLTA: ACTIVE -> HALT. The card stays silent to REQA until it leaves the field and powers up
            // again, so it is read once per tap however long it lies on the reader.
            Quiet();
            return true;
        }

        private bool AnswersRequest()
        {
            try
            {
                return _rc522.IsCardPresent(_atqa);
            }
            catch (Exception)
            {
                Faults++;
                return false;
            }
        }

        private void Quiet()
        {
            try
            {
                // HLTA has no answer by design; its result says nothing useful.
                _rc522.Halt();
            }
            catch (Exception)
            {
                Faults++;
            }
        }
    }
}
