// See Gpio.cs. Sources: Iot.Device.Mfrc522.txt, Iot.Device.Card.txt. Doc IDs write ref and out
// alike ('@'); the binding (like its dotnet/iot original) returns the card through out.
namespace Iot.Device.Rfid
{
    public class Data106kbpsTypeA
    {
        public byte[]? NfcId { get; set; }

        public byte TargetNumber { get; set; }

        public ushort Atqa { get; set; }

        public byte Sak { get; set; }
    }
}

namespace Iot.Device.Mfrc522
{
    using System;
    using System.Device.Gpio;
    using System.Device.Spi;
    using Iot.Device.Rfid;

    public class MfRc522 : Iot.Device.Card.CardTransceiver, IDisposable
    {
        public MfRc522(SpiDevice spiDevice, int pinReset = -1, GpioController? gpioController = null, bool shouldDispose = true)
        {
        }

        public bool ListenToCardIso14443TypeA(out Data106kbpsTypeA card, TimeSpan timeout)
        {
            card = new Data106kbpsTypeA();
            return false;
        }

        public bool IsCardPresent(byte[] atqa) => false;

        public bool Halt() => true;

        public override bool ReselectTarget(byte target) => true;

        public void Dispose()
        {
        }
    }
}
