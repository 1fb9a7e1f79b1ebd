using System;
using System.IO;

namespace Terminal.Host.Serial
{
    /// <summary>The serial port is held by another program.</summary>
    public sealed class ServicePortBusyException : IOException
    {
        public ServicePortBusyException(string message, Exception? inner = null)
            : base(message, inner)
        {
        }
    }
}
