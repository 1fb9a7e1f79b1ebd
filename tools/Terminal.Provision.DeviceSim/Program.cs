using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using Terminal.Core.Ports;

namespace Terminal.Provision.DeviceSim
{
    /// <summary>
    /// terminal-provision-devicesim --serial /dev/pts/N [--data DIR] [--unreachable-ssid NAME]
    /// Plays the terminal on a serial port until killed (SIGTERM / Ctrl+C).
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            string? serial = null;
            string data = Path.Combine(Path.GetTempPath(), "terminal-devicesim");
            var unreachable = new System.Collections.Generic.List<string>();
            for (int i = 0; i < args.Length; i++)
            {
                string? next = i + 1 < args.Length ? args[i + 1] : null;
                switch (args[i])
                {
                    case "--serial" when next != null:
                        serial = next;
                        i++;
                        break;
                    case "--data" when next != null:
                        data = next;
                        i++;
                        break;
                    case "--unreachable-ssid" when next != null:
                        unreachable.Add(next);
                        i++;
                        break;
                    default:
                        Console.Error.WriteLine("usage: terminal-provision-devicesim --serial PORT [--data DIR] [--unreachable-ssid NAME]");
                        return 2;
                }
            }

            if (serial == null)
            {
                Console.Error.WriteLine("usage: terminal-provision-devicesim --serial PORT [--data DIR] [--unreachable-ssid NAME]");
                return 2;
            }

            ILedgerStore store = new DirectoryStore(data);
            using var stopped = new ManualResetEventSlim();
            // POSIX signal handlers rather than Console.CancelKeyPress: the latter sets up the
            // terminal on stdin, which stops a background process that shares a tty (SIGTTOU).
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c =>
            {
                c.Cancel = true;
                stopped.Set();
            });
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
            {
                c.Cancel = true;
                stopped.Set();
            });

            using var runner = new DeviceRunner(serial, store, unreachable.ToArray());
            runner.ConfigChanged += c => Console.WriteLine("config: terminal=" + c.TerminalId + " broker=" + c.Broker);
            runner.Start();
            Console.WriteLine("ready: provisioning service on " + serial + ", data in " + data);
            stopped.Wait();
            return 0;
        }
    }
}
