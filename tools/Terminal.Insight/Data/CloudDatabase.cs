using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Terminal.Insight.Data;

/// <summary>Which engine a <c>--db</c> value points at.</summary>
public enum CloudEngine
{
    /// <summary>A SQLite file (the default, what the simulator's embedded cloud writes).</summary>
    Sqlite,

    /// <summary>A PostgreSQL server, given as an Npgsql connection string or a postgres:// URI.</summary>
    PostgreSql,
}

/// <summary>Opens the cloud database named by a <c>--db</c> value: a file path or a PostgreSQL connection string.</summary>
public static class CloudDatabase
{
    /// <summary>True when the value is a PostgreSQL connection string rather than a file path.</summary>
    public static CloudEngine Detect(string db)
    {
        string v = db.Trim();
        if (v.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || v.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return CloudEngine.PostgreSql;
        }

        // Npgsql keywords; a file path never contains "Host=".
        return v.Contains("Host=", StringComparison.OrdinalIgnoreCase) ? CloudEngine.PostgreSql : CloudEngine.Sqlite;
    }

    /// <summary>Opens the database for reading. A missing SQLite file is an error, never silently created.</summary>
    public static DbConnection OpenRead(string db)
    {
        return Open(db, readOnly: true);
    }

    /// <summary>Opens (creating a SQLite file if needed) for the generator and tests.</summary>
    public static DbConnection OpenWrite(string db)
    {
        return Open(db, readOnly: false);
    }

    /// <summary>Creates the contract tables if they do not exist.</summary>
    public static void EnsureSchema(DbConnection connection)
    {
        foreach (string sql in CloudSchema.Statements)
        {
            using DbCommand cmd = connection.CreateCommand();
            cmd.CommandText = sql;
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>Engine of an open connection.</summary>
    public static CloudEngine EngineOf(DbConnection connection)
    {
        return connection is NpgsqlConnection ? CloudEngine.PostgreSql : CloudEngine.Sqlite;
    }

    private static DbConnection Open(string db, bool readOnly)
    {
        if (string.IsNullOrWhiteSpace(db))
        {
            throw new InsightException("--db is empty: give a SQLite file path or a PostgreSQL connection string");
        }

        try
        {
            if (Detect(db) == CloudEngine.PostgreSql)
            {
                string cs = db.Trim();
                if (cs.StartsWith("postgres", StringComparison.OrdinalIgnoreCase) && cs.Contains("://", StringComparison.Ordinal))
                {
                    cs = UriToConnectionString(new Uri(cs));
                }

                var pg = new NpgsqlConnection(cs);
                pg.Open();
                return pg;
            }

            string path = Path.GetFullPath(db);
            if (readOnly && !File.Exists(path))
            {
                throw new InsightException("database file not found: " + path);
            }

            var builder = new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
                Pooling = false,
            };
            var sqlite = new SqliteConnection(builder.ToString());
            sqlite.Open();
            return sqlite;
        }
        catch (InsightException)
        {
            throw;
        }
        catch (Exception e) when (e is DbException || e is ArgumentException || e is UriFormatException || e is IOException)
        {
            throw new InsightException("cannot open database " + Redact(db) + ": " + e.Message, e);
        }
    }

    private static string UriToConnectionString(Uri uri)
    {
        var b = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = uri.AbsolutePath.TrimStart('/'),
        };
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            string[] parts = uri.UserInfo.Split(':', 2);
            b.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                b.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        return b.ToString();
    }

    /// <summary>Hides a password before a connection string goes into an error message.</summary>
    internal static string Redact(string db)
    {
        if (Detect(db) != CloudEngine.PostgreSql)
        {
            return db;
        }

        try
        {
            var b = new NpgsqlConnectionStringBuilder(db);
            if (!string.IsNullOrEmpty(b.Password))
            {
                b.Password = "***";
            }

            return b.ToString();
        }
        catch (ArgumentException)
        {
            return "(PostgreSQL connection string)";
        }
    }
}
