using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using Terminal.Insight.Data;

namespace Terminal.Insight.Generator;

/// <summary>Writes generated histories into a cloud database (SQLite: one transaction of prepared inserts; PostgreSQL: binary COPY).</summary>
public static class CloudWriter
{
    /// <summary>Creates the schema if needed and inserts terminals, transactions and cards.</summary>
    public static void Write(DbConnection connection, GeneratedData data, Action<string>? progress = null)
    {
        CloudDatabase.EnsureSchema(connection);
        if (connection is NpgsqlConnection pg)
        {
            WritePostgres(pg, data, progress);
        }
        else
        {
            WriteSqlite((SqliteConnection)connection, data, progress);
        }
    }

    /// <summary>Removes the tables so a database can be generated again.</summary>
    public static void DropTables(DbConnection connection)
    {
        foreach (string table in new[] { "transactions", "terminals", "cards" })
        {
            using DbCommand cmd = connection.CreateCommand();
            cmd.CommandText = "DROP TABLE IF EXISTS " + table;
            cmd.ExecuteNonQuery();
        }
    }

    private static (long[] Seen, long[] Seq) LastSeen(GeneratedData data)
    {
        var seen = new long[data.Terminals.Count];
        var seq = new long[data.Terminals.Count];
        foreach (GeneratedRow r in data.Rows)
        {
            seen[r.Terminal] = Math.Max(seen[r.Terminal], r.Ts + r.ReceivedDelay);
            seq[r.Terminal] = Math.Max(seq[r.Terminal], r.Seq);
        }

        return (seen, seq);
    }

    private static void WriteSqlite(SqliteConnection c, GeneratedData data, Action<string>? progress)
    {
        using SqliteTransaction tx = c.BeginTransaction();
        using (SqliteCommand cmd = c.CreateCommand())
        {
            cmd.CommandText = "INSERT INTO terminals (terminal_id, tenant_id, shop_id, currency, decimals, last_seen, last_seq) VALUES ($id, $tenant, $shop, $cur, $dec, $seen, $seq)";
            var (seenAll, seqAll) = LastSeen(data);
            for (int t = 0; t < data.Terminals.Count; t++)
            {
                cmd.Parameters.Clear();
                long seen = seenAll[t];
                long seq = seqAll[t];
                cmd.Parameters.AddWithValue("$id", data.Terminals[t].TerminalId);
                cmd.Parameters.AddWithValue("$tenant", data.Options.Tenant);
                cmd.Parameters.AddWithValue("$shop", data.Terminals[t].ShopId);
                cmd.Parameters.AddWithValue("$cur", data.Options.Currency);
                cmd.Parameters.AddWithValue("$dec", data.Options.Decimals);
                cmd.Parameters.AddWithValue("$seen", seen);
                cmd.Parameters.AddWithValue("$seq", seq);
                cmd.ExecuteNonQuery();
            }
        }

        using (SqliteCommand cmd = c.CreateCommand())
        {
            cmd.CommandText = "INSERT INTO transactions VALUES ($t, $seq, $tenant, $shop, $kind, $ts, $uid, $amount, $cat, $pts, $voucher, $disc, $ref, 0, 0, $recv)";
            string[] names = ["$t", "$seq", "$tenant", "$shop", "$kind", "$ts", "$uid", "$amount", "$cat", "$pts", "$voucher", "$disc", "$ref", "$recv"];
            var p = names.Select(n => cmd.Parameters.Add(n, SqliteType.Integer)).ToArray();
            p[0].SqliteType = SqliteType.Text;
            p[2].SqliteType = SqliteType.Text;
            p[3].SqliteType = SqliteType.Text;
            p[6].SqliteType = SqliteType.Text;
            cmd.Prepare();
            for (int i = 0; i < data.Rows.Length; i++)
            {
                GeneratedRow r = data.Rows[i];
                GeneratedTerminal term = data.Terminals[r.Terminal];
                p[0].Value = term.TerminalId;
                p[1].Value = r.Seq;
                p[2].Value = data.Options.Tenant;
                p[3].Value = term.ShopId;
                p[4].Value = (long)r.Kind;
                p[5].Value = r.Ts;
                p[6].Value = r.Member < 0 ? DBNull.Value : data.Uids[r.Member];
                p[7].Value = r.Amount;
                p[8].Value = (long)r.Category;
                p[9].Value = (long)r.Points;
                p[10].Value = (long)r.Voucher;
                p[11].Value = r.Discount;
                p[12].Value = r.Reason;
                p[13].Value = r.Ts + r.ReceivedDelay;
                cmd.ExecuteNonQuery();
                if ((i + 1) % 250_000 == 0)
                {
                    progress?.Invoke("  " + (i + 1).ToString("N0") + " rows written");
                }
            }
        }

        using (SqliteCommand cmd = c.CreateCommand())
        {
            cmd.CommandText = "INSERT INTO cards (tenant_id, uid, enrolled_at, balance, blocked) VALUES ($tenant, $uid, $at, $bal, 0)";
            var tenant = cmd.Parameters.Add("$tenant", SqliteType.Text);
            var uid = cmd.Parameters.Add("$uid", SqliteType.Text);
            var at = cmd.Parameters.Add("$at", SqliteType.Integer);
            var bal = cmd.Parameters.Add("$bal", SqliteType.Integer);
            cmd.Prepare();
            for (int m = 0; m < data.Uids.Length; m++)
            {
                tenant.Value = data.Options.Tenant;
                uid.Value = data.Uids[m];
                at.Value = data.EnrolTs[m];
                bal.Value = data.Balance[m];
                cmd.ExecuteNonQuery();
            }
        }

        tx.Commit();
    }

    private static void WritePostgres(NpgsqlConnection c, GeneratedData data, Action<string>? progress)
    {
        using (var w = c.BeginBinaryImport("COPY terminals (terminal_id, tenant_id, shop_id, currency, decimals, last_seen, last_seq) FROM STDIN (FORMAT BINARY)"))
        {
            var (seenAll, seqAll) = LastSeen(data);
            for (int t = 0; t < data.Terminals.Count; t++)
            {
                long seen = seenAll[t];
                long seq = seqAll[t];
                w.StartRow();
                w.Write(data.Terminals[t].TerminalId, NpgsqlDbType.Text);
                w.Write(data.Options.Tenant, NpgsqlDbType.Text);
                w.Write(data.Terminals[t].ShopId, NpgsqlDbType.Text);
                w.Write(data.Options.Currency, NpgsqlDbType.Text);
                w.Write(data.Options.Decimals, NpgsqlDbType.Integer);
                w.Write((int)seen, NpgsqlDbType.Integer);
                w.Write((int)seq, NpgsqlDbType.Integer);
            }

            w.Complete();
        }

        using (var w = c.BeginBinaryImport("COPY transactions (terminal_id, seq, tenant_id, shop_id, kind, ts, uid, amount_minor, category, points, voucher_id, discount_minor, reference, card_counter, flags, received_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (int i = 0; i < data.Rows.Length; i++)
            {
                GeneratedRow r = data.Rows[i];
                GeneratedTerminal term = data.Terminals[r.Terminal];
                w.StartRow();
                w.Write(term.TerminalId, NpgsqlDbType.Text);
                w.Write((int)r.Seq, NpgsqlDbType.Integer);
                w.Write(data.Options.Tenant, NpgsqlDbType.Text);
                w.Write(term.ShopId, NpgsqlDbType.Text);
                w.Write((int)r.Kind, NpgsqlDbType.Integer);
                w.Write((int)r.Ts, NpgsqlDbType.Integer);
                if (r.Member < 0)
                {
                    w.WriteNull();
                }
                else
                {
                    w.Write(data.Uids[r.Member], NpgsqlDbType.Text);
                }

                w.Write((int)r.Amount, NpgsqlDbType.Integer);
                w.Write((int)r.Category, NpgsqlDbType.Integer);
                w.Write(r.Points, NpgsqlDbType.Integer);
                w.Write(r.Voucher, NpgsqlDbType.Integer);
                w.Write((int)r.Discount, NpgsqlDbType.Integer);
                w.Write((int)r.Reason, NpgsqlDbType.Integer);
                w.Write(0, NpgsqlDbType.Integer);
                w.Write(0, NpgsqlDbType.Integer);
                w.Write((int)(r.Ts + r.ReceivedDelay), NpgsqlDbType.Integer);
                if ((i + 1) % 250_000 == 0)
                {
                    progress?.Invoke("  " + (i + 1).ToString("N0") + " rows written");
                }
            }

            w.Complete();
        }

        using (var w = c.BeginBinaryImport("COPY cards (tenant_id, uid, enrolled_at, balance, blocked) FROM STDIN (FORMAT BINARY)"))
        {
            for (int m = 0; m < data.Uids.Length; m++)
            {
                w.StartRow();
                w.Write(data.Options.Tenant, NpgsqlDbType.Text);
                w.Write(data.Uids[m], NpgsqlDbType.Text);
                w.Write((int)data.EnrolTs[m], NpgsqlDbType.Integer);
                w.Write((int)data.Balance[m], NpgsqlDbType.Integer);
                w.Write(0, NpgsqlDbType.Integer);
            }

            w.Complete();
        }

        using var analyze = c.CreateCommand();
        analyze.CommandText = "ANALYZE transactions";
        analyze.ExecuteNonQuery();
    }
}
