// See Gpio.cs. Source: System.IO.Ports.txt (nanoFramework.System.IO.Ports 1.1.132), for the service
// port adapter (firmware/Terminal.Device/Serial). .NET's own System.IO.Ports is not referenced here
// (it is not part of the shared framework), so these types bind without ambiguity.
namespace System.IO.Ports
{
    public enum Handshake
    {
        None,
        XOnXOff,
        RequestToSend,
        RequestToSendXOnXOff,
    }

    public enum Parity
    {
        None,
        Odd,
        Even,
    }

    public enum StopBits
    {
        One = 1,
        Two,
        OnePointFive,
    }

    public sealed class SerialPort : IDisposable
    {
        // The list flags this constructor "optional": the defaults are believed to be the binding's
        // 9600, None, 8, One. The adapter passes every argument.
        public SerialPort(string portName, int baudRate = 9600, Parity parity = Parity.None, int dataBits = 8, StopBits stopBits = StopBits.One)
        {
        }

        public Handshake Handshake { get; set; }

        public int ReadTimeout { get; set; }

        public int WriteTimeout { get; set; }

        public int ReadBufferSize { get; set; }

        public int BytesToRead => 0;

        public bool IsOpen => false;

        public void Open()
        {
        }

        public void Close()
        {
        }

        public int Read(byte[] buffer, int offset, int count) => 0;

        public void Write(byte[] buffer, int offset, int count)
        {
        }

        public void Dispose()
        {
        }
    }
}
