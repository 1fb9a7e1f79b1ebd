namespace Terminal.Core.Ports
{
    /// <summary>
    /// The technician's service port: a byte link (a UART on the device, a serial port or pty on
    /// the host) that carries provisioning frames one way and frames plus log lines the other.
    /// </summary>
    public interface IServicePort
    {
        /// <summary>
        /// Copies up to <paramref name="count"/> bytes that have already arrived into
        /// <paramref name="buffer"/>. Never blocks: returns 0 when nothing is waiting.
        /// </summary>
        int Read(byte[] buffer, int offset, int count);

        /// <summary>Sends all <paramref name="count"/> bytes, in order, as one uninterrupted run.</summary>
        void Write(byte[] buffer, int offset, int count);
    }
}
