using System.Diagnostics;

namespace InsightBench;

/// <summary>
/// A PostgreSQL server in a temp folder for the benchmark (unix socket only, no TCP). As root it runs as the
/// "postgres" OS user because PostgreSQL refuses to run as root.
/// </summary>
internal sealed class LocalPostgres : IDisposable
{
    private readonly string _bin;
    private readonly bool _asPostgres;

    private LocalPostgres(string bin, string dir, bool asPostgres, int port)
    {
        _bin = bin;
        Dir = dir;
        _asPostgres = asPostgres;
        Port = port;
    }

    public string Dir { get; }

    public int Port { get; }

    public string ConnectionString => "Host=" + Path.Combine(Dir, "sock") + ";Port=" + Port + ";Username=postgres;Database=postgres;Pooling=false;Timeout=30;Command Timeout=600";

    public static LocalPostgres Start()
    {
        string bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "pg_ctl"))).OrderByDescending(b => b, StringComparer.Ordinal).FirstOrDefault()
              ?? throw new InvalidOperationException("PostgreSQL binaries not found in /usr/lib/postgresql/*/bin")
            : throw new InvalidOperationException("PostgreSQL binaries not found in /usr/lib/postgresql/*/bin");
        string dir = Path.Combine(Path.GetTempPath(), "insight-bench-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(dir, "sock"));
        bool root = Environment.UserName == "root";
        var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        int port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        var pg = new LocalPostgres(bin, dir, root, port);
        if (root)
        {
            Run("chown", "-R", "postgres:postgres", dir);
        }

        pg.Tool("initdb", "-D", Path.Combine(dir, "data"), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync", "--no-instructions");
        pg.Tool("pg_ctl", "-D", Path.Combine(dir, "data"), "-l", Path.Combine(dir, "server.log"), "-w", "-t", "60",
            "-o", "-p " + port + " -k " + Path.Combine(dir, "sock") + " -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c shared_buffers=256MB", "start");
        return pg;
    }

    public void Dispose()
    {
        try
        {
            Tool("pg_ctl", "-D", Path.Combine(Dir, "data"), "-m", "fast", "-w", "stop");
        }
        catch (InvalidOperationException)
        {
        }

        Directory.Delete(Dir, recursive: true);
    }

    private void Tool(string tool, params string[] args)
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
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using Process p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException(file + " failed: " + output);
        }
    }
}
