using Microsoft.Data.Sqlite;
using Terminal.Insight.Analysis;
using Terminal.Insight.Data;

namespace Terminal.Insight.Tests;

/// <summary>A small hand-made cloud database in a temp SQLite file, for hand-computed cases.</summary>
internal sealed class TestDb : IDisposable
{
    /// <summary>2024-01-01 00:00 UTC.</summary>
    public static readonly long Jan1 = TimeAxis.FromDate(new DateOnly(2024, 1, 1));

    private readonly Dictionary<string, long> _seq = [];
    private readonly Dictionary<string, string> _shop = [];

    public TestDb()
    {
        Dir = Path.Combine(Path.GetTempPath(), "insight-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Dir);
        Path_ = System.IO.Path.Combine(Dir, "cloud.db");
        Connection = new SqliteConnection("Data Source=" + Path_ + ";Pooling=False");
        Connection.Open();
        CloudDatabase.EnsureSchema(Connection);
    }

    public string Dir { get; }

    public string Path_ { get; }

    public SqliteConnection Connection { get; }

    /// <summary>Unix time of day <paramref name="day"/> after 2024-01-01, at noon plus <paramref name="seconds"/>.</summary>
    public static long Day(double day, int seconds = 0) => Jan1 + (long)(day * TimeAxis.Day) + (12 * 3600) + seconds;

    public void Terminal(string id, string shop, string currency = "EUR", int decimals = 2, string tenant = "TEN1")
    {
        Exec("INSERT INTO terminals (terminal_id, tenant_id, shop_id, currency, decimals) VALUES ($1, $2, $3, $4, $5)", id, tenant, shop, currency, decimals);
        _seq[id] = 0;
        _shop[id] = shop;
    }

    /// <summary>Inserts a row with the next sequence of the terminal; returns the sequence.</summary>
    public long Tx(string terminal, byte kind, long ts, string? uid, long amount = 0, int category = 0, int points = 0, int voucher = 0, long discount = 0, long reference = 0, string tenant = "TEN1")
    {
        long seq = ++_seq[terminal];
        Exec("INSERT INTO transactions VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 0, 0, $6)",
            terminal, seq, tenant, _shop[terminal], (long)kind, ts, (object?)uid ?? DBNull.Value, amount, category, points, voucher, discount, reference);
        return seq;
    }

    public void Enrol(string terminal, long ts, string uid) => Tx(terminal, TxKind.Enrol, ts, uid);

    public long Earn(string terminal, long ts, string uid, long amount, int category = 0, int? points = null) =>
        Tx(terminal, TxKind.Earn, ts, uid, amount, category, points ?? (int)(amount / 100));

    public long Anonymous(string terminal, long ts, long amount, int category = 0) => Tx(terminal, TxKind.AnonymousSale, ts, null, amount, category);

    public long Redeem(string terminal, long ts, string uid, int points = 50, int voucher = 1, long discount = 200) =>
        Tx(terminal, TxKind.Redeem, ts, uid, 0, 0, -points, voucher, discount);

    public void Exec(string sql, params object?[] args)
    {
        using SqliteCommand cmd = Connection.CreateCommand();
        cmd.CommandText = sql;
        for (int i = 0; i < args.Length; i++)
        {
            cmd.Parameters.AddWithValue("$" + (i + 1), args[i] ?? DBNull.Value);
        }

        cmd.ExecuteNonQuery();
    }

    public void Dispose()
    {
        Connection.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }
}
