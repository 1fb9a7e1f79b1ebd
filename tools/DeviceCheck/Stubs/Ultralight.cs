// Signatures from Iot.Device.Card.txt and Iot.Device.Ultralight.txt (see Gpio.cs), for the security adapters
// (firmware/Terminal.Device/Security). CardTransceiver lists only the members the adapters need.
namespace Iot.Device.Card
{
    public abstract class CardTransceiver
    {
        protected CardTransceiver()
        {
        }

        public abstract bool ReselectTarget(byte target);
    }
}

namespace Iot.Device.Card.Ultralight
{
    using Iot.Device.Card;

    public enum UltralightCommand
    {
        GetVersion = 0x60,
        Read16Bytes = 0x30,
        ReadFast = 0x3A,
        WriteCompatible = 0xA0,
        Write4Bytes = 0xA2,
        ReadCounter = 0x39,
        IncreaseCounter = 0xA5,
        PasswordAuthentication = 0x1B,
        ThreeDsAuthenticationPart1 = 0x1A,
        ThreeDsAuthenticationPart2 = 0xAF,
        ReadSignature = 0x3C,
    }

    public class UltralightCard
    {
        public UltralightCard(CardTransceiver rfid, byte target)
        {
        }

        public byte BlockNumber { get; set; }

        public byte[]? Data { get; set; }

        public UltralightCommand Command { get; set; }

        public byte Counter { get; set; }

        public byte[]? AuthenticationKey { get; set; }

        public int RunUltralightCommand() => 0;

        public bool WriteDataBlock(byte block) => false;

        public bool ReselectCard() => false;
    }
}
