using System;
using System.Diagnostics;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading;

namespace Terminal.Provision.Tests
{
    /// <summary>
    /// A connected pair of ptys made by `socat -d -d pty,raw,echo=0 pty,raw,echo=0`, the paths
    /// parsed from socat's stderr ("N PTY is /dev/pts/N"). Fails loudly when socat is missing.
    /// </summary>
    public sealed class SocatPair : IDisposable
    {
        public const string SocatPath = "/usr/bin/socat";

        private readonly Process _process;

        private SocatPair(Process process, string a, string b)
        {
            _process = process;
            DeviceEnd = a;
            HostEnd = b;
        }

        /// <summary>The end the terminal (device side) opens.</summary>
        public string DeviceEnd { get; }

        /// <summary>The end the CLI opens.</summary>
        public string HostEnd { get; }

        public static SocatPair Start()
        {
            if (!File.Exists(SocatPath))
            {
                throw new InvalidOperationException(SocatPath + " not found: install the Debian package 'socat' (apt-get install socat); the serial tests need real ptys");
            }

            var info = new ProcessStartInfo(SocatPath)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (string a in new[] { "-d", "-d", "pty,raw,echo=0", "pty,raw,echo=0" })
            {
                info.ArgumentList.Add(a);
            }

            var process = Process.Start(info) ?? throw new InvalidOperationException("socat did not start");
            try
            {
                return Connect(process);
            }
            catch
            {
                // Never leave a socat behind, whatever went wrong.
                try
                {
                    process.Kill();
                }
                catch (InvalidOperationException)
                {
                }

                throw;
            }
        }

        private static SocatPair Connect(Process process)
        {
            var paths = new string[2];
            int found = 0;
            var regex = new Regex(@"PTY is (/dev/pts/\d+)");
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (found < 2 && DateTime.UtcNow < deadline)
            {
                string? line = process.StandardError.ReadLine();
                if (line == null)
                {
                    break;
                }

                Match m = regex.Match(line);
                if (m.Success)
                {
                    paths[found++] = m.Groups[1].Value;
                }
                else if (line.Contains("starting data transfer loop", StringComparison.Ordinal))
                {
                    break;
                }
            }

            if (found < 2)
            {
                throw new InvalidOperationException("socat did not report two ptys");
            }

            // Keep draining stderr so socat never blocks on a full pipe.
            var drain = new Thread(() =>
            {
                while (process.StandardError.ReadLine() != null)
                {
                }
            })
            { IsBackground = true };
            drain.Start();
            var pair = new SocatPair(process, paths[0], paths[1]);
            pair.WaitForPaths();
            return pair;
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill();
                    _process.WaitForExit(2000);
                }
            }
            catch (InvalidOperationException)
            {
            }

            _process.Dispose();
        }

        private void WaitForPaths()
        {
            for (int i = 0; i < 100 && !(File.Exists(DeviceEnd) && File.Exists(HostEnd)); i++)
            {
                Thread.Sleep(10);
            }
        }
    }
}
