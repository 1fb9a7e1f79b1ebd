using System;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace Terminal.Sync.Tests.Infrastructure
{
    /// <summary>
    /// A throw-away PostgreSQL cluster in a temp directory on a free loopback port (initdb + pg_ctl,
    /// run as the 'postgres' user when the tests run as root). Missing binaries fail the test.
    /// </summary>
    public sealed class Postgres : IDisposable
    {
        private readonly string _bin;

        private Postgres(string bin, string dir, int port)
        {
            _bin = bin;
            Directory = dir;
            Port = port;
        }

        public string Directory { get; }

        public int Port { get; }

        public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false";

        public static Postgres Start()
        {
            string? bin = System.IO.Directory.Exists("/usr/lib/postgresql")
                ? System.IO.Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
                : null;
            if (bin == null)
            {
                throw new InvalidOperationException("PostgreSQL server binaries are missing under /usr/lib/postgresql/*/bin: install the Debian package 'postgresql'. The test is not skipped.");
            }

            string dir = System.IO.Directory.CreateTempSubdirectory("pg-").FullName;
            int port = Mosquitto.FreePort();
            Postgres pg = new(bin, dir, port);
            Mosquitto.Run("/bin/chown", "postgres:postgres", dir);
            pg.AsPostgres("initdb", "-D", Path.Combine(dir, "data"), "-A", "trust", "-U", "postgres", "--no-sync");
            pg.AsPostgres("pg_ctl", "-D", Path.Combine(dir, "data"), "-l", Path.Combine(dir, "log"), "-w", "-t", "60",
                "-o", $"-p {port} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off", "start");
            return pg;
        }

        public void Dispose()
        {
            try
            {
                AsPostgres("pg_ctl", "-D", Path.Combine(Directory, "data"), "-m", "immediate", "-w", "stop");
            }
            catch (InvalidOperationException)
            {
            }

            try
            {
                System.IO.Directory.Delete(Directory, true);
            }
            catch (IOException)
            {
            }
        }

        private void AsPostgres(string tool, params string[] args)
        {
            string exe = Path.Combine(_bin, tool);
            if (Environment.UserName == "root")
            {
                Mosquitto.Run("/usr/sbin/runuser", new[] { "-u", "postgres", "--", exe }.Concat(args).ToArray());
            }
            else
            {
                Mosquitto.Run(exe, args);
            }
        }
    }
}
