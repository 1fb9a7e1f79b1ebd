using System;
using System.Runtime.InteropServices;

namespace Terminal.Host.Serial
{
    /// <summary>
    /// An advisory exclusive lock (flock) on a serial device, held through a separate
    /// descriptor. .NET's SerialPort asks the kernel for exclusive use (TIOCEXCL), but root
    /// ignores that, so two tools run as root could otherwise share a port and steal each
    /// other's bytes. Linux only; elsewhere the OS's own exclusivity applies.
    /// </summary>
    internal sealed class PortLock : IDisposable
    {
        private const int ONoCtty = 0x100;
        private const int ONonBlock = 0x800;
        private const int LockExclusive = 2;
        private const int LockNonBlocking = 4;
        private const int WouldBlock = 11;

        private int _fd;

        private PortLock(int fd)
        {
            _fd = fd;
        }

        /// <summary>Takes the lock; returns null off Linux or when the path cannot be opened (the serial open reports that).</summary>
        public static PortLock? TryAcquire(string path)
        {
            if (!OperatingSystem.IsLinux())
            {
                return null;
            }

            int fd = open(path, ONoCtty | ONonBlock);
            if (fd < 0)
            {
                return null;
            }

            if (flock(fd, LockExclusive | LockNonBlocking) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                close(fd);
                if (errno == WouldBlock)
                {
                    throw new ServicePortBusyException(path + " is in use by another program (close the other terminal or provisioning tool and retry)");
                }

                return null;
            }

            return new PortLock(fd);
        }

        public void Dispose()
        {
            if (_fd >= 0)
            {
                close(_fd);
                _fd = -1;
            }
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int open([MarshalAs(UnmanagedType.LPStr)] string path, int flags);

        [DllImport("libc", SetLastError = true)]
        private static extern int flock(int fd, int operation);

        [DllImport("libc", SetLastError = true)]
        private static extern int close(int fd);
    }
}
