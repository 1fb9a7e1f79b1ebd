using Terminal.Core.Ports;

namespace Terminal.Core.Tests.Fakes
{
    /// <summary>
    /// One end of an in-memory cable: what one end writes, its twin reads. Single-threaded
    /// (the nanoFramework subset has no usable lock statement); tests alternate sides.
    /// </summary>
    public sealed class MemoryServicePort : IServicePort
    {
        private byte[] _inbox = new byte[256];
        private int _head;
        private int _count;

        /// <summary>The other end.</summary>
        public MemoryServicePort Twin { get; private set; }

        /// <summary>Bytes this end has written in total.</summary>
        public long BytesWritten { get; private set; }

        /// <summary>Creates two connected ends; returns one, the other is its <see cref="Twin"/>.</summary>
        public static MemoryServicePort CreatePair()
        {
            MemoryServicePort a = new MemoryServicePort();
            MemoryServicePort b = new MemoryServicePort();
            a.Twin = b;
            b.Twin = a;
            return a;
        }

        /// <summary>Bytes waiting to be read at this end.</summary>
        public int Available
        {
            get { return _count; }
        }

        /// <inheritdoc />
        public int Read(byte[] buffer, int offset, int count)
        {
            int n = count < _count ? count : _count;
            for (int i = 0; i < n; i++)
            {
                buffer[offset + i] = _inbox[(_head + i) % _inbox.Length];
            }

            _head = (_head + n) % _inbox.Length;
            _count -= n;
            if (_count == 0)
            {
                _head = 0;
            }

            return n;
        }

        /// <summary>Reads everything waiting at this end.</summary>
        public byte[] ReadAll()
        {
            byte[] all = new byte[_count];
            Read(all, 0, all.Length);
            return all;
        }

        /// <inheritdoc />
        public void Write(byte[] buffer, int offset, int count)
        {
            Twin.Receive(buffer, offset, count);
            BytesWritten += count;
        }

        private void Receive(byte[] buffer, int offset, int count)
        {
            if (_count + count > _inbox.Length)
            {
                int size = _inbox.Length * 2;
                while (size < _count + count)
                {
                    size *= 2;
                }

                byte[] bigger = new byte[size];
                for (int i = 0; i < _count; i++)
                {
                    bigger[i] = _inbox[(_head + i) % _inbox.Length];
                }

                _inbox = bigger;
                _head = 0;
            }

            for (int i = 0; i < count; i++)
            {
                _inbox[(_head + _count + i) % _inbox.Length] = buffer[offset + i];
            }

            _count += count;
        }
    }
}
