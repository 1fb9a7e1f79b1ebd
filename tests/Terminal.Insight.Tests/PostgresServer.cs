using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Terminal.Insight.Tests;

/// <summary>
/// A throw-away PostgreSQL server for one test class: initdb into a temp folder, pg_ctl start with the socket in
/// that folder and no TCP listener. PostgreSQL refuses to run as root, so as root the commands run as the
/// "postgres" OS user (runuser). Missing binaries fail the test with a clear message; nothing is skipped.
/// </summary>
internal sealed class PostgresServer : IDisposable
{
    private readonly string _bin;
    private readonly bool _asPostgres;

    private PostgresServer(string bin, string dir, bool asPostgres, int port)
    {
        _bin = bin;
        _asPostgres = asPostgres;
        Dir = dir;
        Port = port;
    }

    public string Dir { get; }

    public int Port { get; }

    public string DataDir => Path.Combine(Dir, "data");

    public string SocketDir => Path.Combine(Dir, "sock");

    public string ConnectionString => "Host=" + SocketDir + ";Port=" + Port + ";Username=postgres;Database=postgres;Pooling=false;Timeout=30";

    public static PostgresServer Start()
    {
        string? bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
                .OrderByDescending(b => b, StringComparer.Ordinal).FirstOrDefault()
            : null;
        if (bin == null)
        {
            Assert.Fail("PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin: install them (apt-get install -y postgresql) to run the SQLite/PostgreSQL parity test");
        }

        bool root = Environment.UserName == "root";
        if (root && !File.Exists("/usr/sbin/runuser") && !File.Exists("/sbin/runuser"))
        {
            Assert.Fail("running as root but runuser is missing: PostgreSQL refuses to run as root");
        }

        string dir = Path.Combine(Path.GetTempPath(), "insight-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(dir, "sock"));
        var server = new PostgresServer(bin!, dir, root, FreePort());
        try
        {
            if (root)
            {
                Run("chown", "-R", "postgres:postgres", dir);
            }

            server.Pg("initdb", "-D", server.DataDir, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync", "--no-instructions");
            server.Pg("pg_ctl", "-D", server.DataDir, "-l", Path.Combine(dir, "server.log"), "-w", "-t", "60",
                "-o", "-p " + server.Port + " -k " + server.SocketDir + " -c listen_addresses='' -c fsync=off -c synchronous_commit=off", "start");
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (File.Exists(Path.Combine(DataDir, "postmaster.pid")))
        {
            try
            {
                Pg("pg_ctl", "-D", DataDir, "-m", "immediate", "-w", "stop");
            }
            catch (AssertFailedException)
            {
                // Already gone: nothing to stop.
            }
        }

        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Pg(string tool, params string[] args)
    {
        string exe = Path.Combine(_bin, tool);
        if (_asPostgres)
        {
            Run("runuser", ["-u", "postgres", "--", exe, .. args]);
        }
        else
        {
            Run(exe, args);
        }
    }

    private static void Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using Process p = Process.Start(psi)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail(file + " " + string.Join(" ", args) + " did not finish in 120 s");
        }

        if (p.ExitCode != 0)
        {
            Assert.Fail(file + " " + string.Join(" ", args) + " failed (" + p.ExitCode + "): " + stdout.Result + stderr.Result);
        }
    }

    private static int FreePort()
    {
        // The server listens on a unix socket only; the port just names the socket file, but keep it unused anyway.
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
