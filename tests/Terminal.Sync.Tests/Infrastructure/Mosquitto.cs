using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace Terminal.Sync.Tests.Infrastructure
{
    /// <summary>
    /// A real mosquitto broker in a temporary directory on a free loopback port, started by the
    /// test itself. It can be killed (SIGKILL, no clean shutdown) and restarted on the same port
    /// with the same persistence file. A missing binary fails the test with a clear message.
    /// </summary>
    public sealed class Mosquitto : IDisposable
    {
        public const string Binary = "/usr/sbin/mosquitto";
        public const string PasswdBinary = "/usr/bin/mosquitto_passwd";

        private readonly string _config;
        private Process? _process;

        private Mosquitto(string dir, int port, string config)
        {
            Directory = dir;
            Port = port;
            _config = config;
        }

        /// <summary>Temporary directory holding config, persistence, certificates and the log.</summary>
        public string Directory { get; }

        /// <summary>Loopback port of the listener.</summary>
        public int Port { get; }

        /// <summary>The broker's log file.</summary>
        public string LogFile => Path.Combine(Directory, "mosquitto.log");

        /// <summary>Times the broker was started.</summary>
        public int Starts { get; private set; }

        /// <summary>
        /// Starts a broker. <paramref name="users"/> (user → password) enables authentication and
        /// the ACL (terminals write only loyalty/{user}/up/#, read only loyalty/{user}/down/#;
        /// <paramref name="superUsers"/> read and write loyalty/#). <paramref name="pki"/> enables TLS.
        /// </summary>
        public static Mosquitto Start(IDictionary<string, string>? users = null, IEnumerable<string>? superUsers = null, TestPki? pki = null)
        {
            Require(Binary, "mosquitto");
            string dir = System.IO.Directory.CreateTempSubdirectory("mosq-").FullName;
            int port = FreePort();
            List<string> lines = new()
            {
                "user root",
                $"listener {port} 127.0.0.1",
                "persistence true",
                $"persistence_location {dir}/",
                "autosave_interval 1",
                "max_queued_messages 100000",
                "max_inflight_messages 100",
                "set_tcp_nodelay true",
                $"log_dest file {Path.Combine(dir, "mosquitto.log")}",
                "log_type error",
                "log_type warning",
                "log_type notice",
                "log_type information",
                "connection_messages true",
            };
            if (pki != null)
            {
                lines.Add($"cafile {pki.CaCertificate}");
                lines.Add($"certfile {pki.ServerCertificate}");
                lines.Add($"keyfile {pki.ServerKey}");
                lines.Add("tls_version tlsv1.2");
            }

            if (users != null)
            {
                Require(PasswdBinary, "mosquitto (mosquitto_passwd)");
                string passwd = Path.Combine(dir, "passwd");
                File.WriteAllText(passwd, string.Empty);
                foreach ((string user, string password) in users)
                {
                    Run(PasswdBinary, "-b", passwd, user, password);
                }

                string acl = Path.Combine(dir, "acl");
                List<string> rules = new();
                foreach (string super in superUsers ?? Array.Empty<string>())
                {
                    rules.Add("user " + super);
                    rules.Add("topic readwrite loyalty/#");
                    rules.Add(string.Empty);
                }

                rules.Add("pattern write loyalty/%u/up/#");
                rules.Add("pattern read loyalty/%u/down/#");
                File.WriteAllLines(acl, rules);
                lines.Add("allow_anonymous false");
                lines.Add($"password_file {passwd}");
                lines.Add($"acl_file {acl}");
            }
            else
            {
                lines.Add("allow_anonymous true");
            }

            string config = Path.Combine(dir, "mosquitto.conf");
            File.WriteAllLines(config, lines);
            Mosquitto m = new(dir, port, config);
            m.Restart();
            return m;
        }

        /// <summary>Kills the broker with SIGKILL: no clean shutdown, no final persistence save.</summary>
        public void Kill()
        {
            if (_process != null && !_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit();
            }

            _process?.Dispose();
            _process = null;
        }

        /// <summary>(Re)starts the broker on the same port and waits until it accepts connections.</summary>
        public void Restart()
        {
            Kill();
            ProcessStartInfo psi = new(Binary, new[] { "-c", _config })
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            DateTime deadline = DateTime.UtcNow.AddSeconds(15);
            while (true)
            {
                _process = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + Binary);
                _process.BeginErrorReadLine();
                _process.BeginOutputReadLine();
                if (WaitForPort(_process, deadline))
                {
                    Starts++;
                    return;
                }

                // The old listener's port can linger briefly after a kill: try again.
                if (DateTime.UtcNow > deadline)
                {
                    string log = File.Exists(LogFile) ? File.ReadAllText(LogFile) : "(no log)";
                    throw new InvalidOperationException("mosquitto did not start on port " + Port + ":\n" + log);
                }

                Thread.Sleep(200);
            }
        }

        /// <inheritdoc/>
        public void Dispose()
        {
            Kill();
            try
            {
                System.IO.Directory.Delete(Directory, true);
            }
            catch (IOException)
            {
            }
        }

        /// <summary>Runs a helper program and fails with its output when it fails.</summary>
        public static string Run(string file, params string[] args)
        {
            ProcessStartInfo psi = new(file, args) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            using Process p = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + file);
            string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0)
            {
                throw new InvalidOperationException(file + " " + string.Join(' ', args) + " failed (" + p.ExitCode + "): " + output);
            }

            return output;
        }

        /// <summary>Fails with an installation hint when a required binary is missing.</summary>
        public static void Require(string path, string package)
        {
            if (!File.Exists(path))
            {
                throw new InvalidOperationException(path + " is missing: install the Debian package '" + package + "' (apt-get install " + package.Split(' ')[0] + "). The sync tests need a real broker and are not skipped.");
            }
        }

        /// <summary>A free loopback TCP port.</summary>
        public static int FreePort()
        {
            using TcpListener l = new(IPAddress.Loopback, 0);
            l.Start();
            return ((IPEndPoint)l.LocalEndpoint).Port;
        }

        private bool WaitForPort(Process process, DateTime deadline)
        {
            while (DateTime.UtcNow < deadline)
            {
                if (process.HasExited)
                {
                    return false;
                }

                try
                {
                    using TcpClient c = new();
                    c.Connect(IPAddress.Loopback, Port);
                    return true;
                }
                catch (SocketException)
                {
                    Thread.Sleep(50);
                }
            }

            return false;
        }
    }
}
