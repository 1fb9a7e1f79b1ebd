// Signatures of the nanoFramework members the device project uses, copied from the doc IDs in
// ../shared/nanoframework-api (System.Device.Gpio.txt). Doc IDs carry no parameter names or
// default values: names and defaults here are the bindings' as best known, and the device code
// passes every argument it can explicitly. Bodies are empty: this assembly is only
// compiled against. A stub that does not match a listed ID is reported by DeviceCheck like any
// other missing member, so a wrong stub cannot hide a wrong call.
namespace System.Device.Gpio
{
    public enum PinMode
    {
        Input,
        InputPullDown,
        InputPullUp,
        Output,
        OutputOpenDrain,
        OutputOpenDrainPullUp,
        OutputOpenSource,
        OutputOpenSourcePullDown,
    }

    public struct PinValue : IEquatable<PinValue>
    {
        public static PinValue High => default;

        public static PinValue Low => default;

        public static bool operator ==(PinValue a, PinValue b) => true;

        public static bool operator !=(PinValue a, PinValue b) => false;

        public bool Equals(PinValue other) => true;

        public override bool Equals(object? obj) => true;

        public override int GetHashCode() => 0;
    }

    public sealed class GpioPin : IDisposable
    {
        public PinValue Read() => default;

        public void Write(PinValue value)
        {
        }

        public void SetPinMode(PinMode mode)
        {
        }

        public void Dispose()
        {
        }
    }

    public sealed class GpioController : IDisposable
    {
        public GpioPin OpenPin(int pinNumber, PinMode mode) => new GpioPin();

        public void Dispose()
        {
        }
    }
}
