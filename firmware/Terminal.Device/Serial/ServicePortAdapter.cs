using System;
using System.IO.Ports;
using nanoFramework.Hardware.Esp32;
using Terminal.Core.Ports;

namespace Terminal.Device.Serial
{
    /// <summary>
    /// The technician's service port on the ESP32: a UART (COM2; COM1 belongs to
    /// nanoFramework's own wire protocol) routed to two pins and wired to a USB-UART bridge.
    /// 115200 8N1, no handshake. Not built on the CI machines; every member used is listed in
    /// ../shared/nanoframework-api (System.IO.Ports, nanoFramework.Hardware.Esp32).
    /// </summary>
    public sealed class ServicePortAdapter : IServicePort, IDisposable
    {
        private readonly SerialPort _port;

        /// <summary>Routes COM2 to the pins and opens it.</summary>
        public ServicePortAdapter(int rxPin, int txPin, int baudRate)
        {
            Configuration.SetPinFunction(rxPin, DeviceFunction.COM2_RX);
            Configuration.SetPinFunction(txPin, DeviceFunction.COM2_TX);
            _port = new SerialPort("COM2", baudRate, Parity.None, 8, StopBits.One);
            _port.Handshake = Handshake.None;

            // Room for a whole certificate chunk frame plus log noise while the main loop is busy.
            _port.ReadBufferSize = 2048;
            _port.WriteTimeout = 1000;
            _port.ReadTimeout = 0;
            _port.Open();
        }

        /// <inheritdoc />
        public int Read(byte[] buffer, int offset, int count)
        {
            int available = _port.BytesToRead;
            if (available <= 0)
            {
                return 0;
            }

            return _port.Read(buffer, offset, available < count ? available : count);
        }

        /// <inheritdoc />
        public void Write(byte[] buffer, int offset, int count)
        {
            _port.Write(buffer, offset, count);
        }

        /// <summary>Closes the port.</summary>
        public void Dispose()
        {
            _port.Close();
            _port.Dispose();
        }
    }
}
