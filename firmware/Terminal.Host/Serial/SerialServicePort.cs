using System;
using System.IO;
using System.IO.Ports;
using Terminal.Core.Ports;

namespace Terminal.Host.Serial
{
    /// <summary>
    /// <see cref="IServicePort"/> over System.IO.Ports: a USB serial adapter, or one end of a
    /// socat pty pair for the simulator and tests. 8N1, no handshake.
    /// </summary>
    public sealed class SerialServicePort : IServicePort, IDisposable
    {
        /// <summary>The service port's speed on the device.</summary>
        public const int DefaultBaudRate = 115200;

        private readonly SerialPort _port;
        private readonly PortLock? _lock;

        private SerialServicePort(SerialPort port, PortLock? portLock)
        {
            _port = port;
            _lock = portLock;
        }

        /// <summary>The port's name or path.</summary>
        public string Name => _port.PortName;

        /// <summary>
        /// Opens a port exclusively. Throws <see cref="ServicePortBusyException"/> when another
        /// program holds it, <see cref="FileNotFoundException"/> when it does not exist, and
        /// <see cref="UnauthorizedAccessException"/> when the user may not open it.
        /// </summary>
        public static SerialServicePort Open(string name, int baudRate = DefaultBaudRate)
        {
            if (name.StartsWith('/') && !File.Exists(name))
            {
                throw new FileNotFoundException(name + " does not exist (is the cable plugged in? see list-ports)", name);
            }

            PortLock? portLock = PortLock.TryAcquire(name);
            var port = new SerialPort(name, baudRate, Parity.None, 8, StopBits.One)
            {
                Handshake = Handshake.None,
                ReadTimeout = 500,
                WriteTimeout = 2000,
            };
            try
            {
                port.Open();
            }
            catch (UnauthorizedAccessException ex) when (ex.InnerException is IOException || ex.Message.Contains("busy", StringComparison.OrdinalIgnoreCase))
            {
                portLock?.Dispose();
                port.Dispose();
                throw new ServicePortBusyException(name + " is in use by another program (close it and retry)", ex);
            }
            catch
            {
                portLock?.Dispose();
                port.Dispose();
                throw;
            }

            port.DiscardInBuffer();
            return new SerialServicePort(port, portLock);
        }

        /// <summary>Serial ports the OS reports.</summary>
        public static string[] ListPorts()
        {
            string[] names = SerialPort.GetPortNames();
            Array.Sort(names, StringComparer.Ordinal);
            return names;
        }

        /// <inheritdoc />
        public int Read(byte[] buffer, int offset, int count)
        {
            int available = _port.BytesToRead;
            if (available <= 0)
            {
                return 0;
            }

            return _port.Read(buffer, offset, Math.Min(count, available));
        }

        /// <inheritdoc />
        public void Write(byte[] buffer, int offset, int count)
        {
            _port.Write(buffer, offset, count);
        }

        public void Dispose()
        {
            _port.Dispose();
            _lock?.Dispose();
        }
    }
}
