using System;
using System.Collections.Generic;
using System.Data;
using System.Data.Common;
using System.Linq;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Terminal.Cloud
{
    /// <summary>
    /// The cloud database (contract: CLOUD-SCHEMA.md; additions prefixed <c>sync_</c>).
    /// SQLite by default, PostgreSQL when the connection string names a host. One connection,
    /// used by one caller at a time; the service applies each batch in one database transaction.
    /// </summary>
    public sealed partial class CloudDatabase : IDisposable
    {
        private readonly DbConnection _db;

        private CloudDatabase(DbConnection db, bool postgres, string description)
        {
            _db = db;
            IsPostgres = postgres;
            Description = description;
        }

        /// <summary>True for PostgreSQL.</summary>
        public bool IsPostgres { get; }

        /// <summary>Where the data lives, password redacted.</summary>
        public string Description { get; }

        /// <summary>
        /// Opens SQLite (a file path or <c>Data Source=...</c>) or PostgreSQL (<c>Host=...</c> or a
        /// <c>postgres://</c> URI) and creates the schema when missing.
        /// </summary>
        public static CloudDatabase Open(string connection)
        {
            bool postgres = connection.Contains("Host=", StringComparison.OrdinalIgnoreCase)
                || connection.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
                || connection.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);
            DbConnection db;
            if (postgres)
            {
                string cs = connection.Contains("://", StringComparison.Ordinal) ? FromUri(connection) : connection;
                db = new NpgsqlConnection(cs);
            }
            else
            {
                string cs = connection.Contains('=') ? connection : new SqliteConnectionStringBuilder { DataSource = connection }.ToString();
                db = new SqliteConnection(cs);
            }

            db.Open();
            CloudDatabase result = new(db, postgres, (postgres ? "postgresql " : "sqlite ") + Secrets.RedactConnection(connection));
            if (!postgres)
            {
                // WAL lets the CLI and tests read while the service writes; FULL makes a commit
                // survive power loss, which an ack promises.
                result.Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000;");
            }

            result.EnsureSchema();
            return result;
        }

        /// <inheritdoc/>
        public void Dispose()
        {
            _db.Dispose();
        }

        /// <summary>Creates the tables and indexes when missing (idempotent).</summary>
        public void EnsureSchema()
        {
            string big = IsPostgres ? "BIGINT" : "INTEGER";

            // Terminal ids sort byte by byte on both databases (SQLite's default), whatever the
            // PostgreSQL server's locale: the card-trust checks order rows by terminal id.
            string id = IsPostgres ? "TEXT COLLATE \"C\"" : "TEXT";
            Exec($@"
CREATE TABLE IF NOT EXISTS terminals (
  terminal_id  {id} PRIMARY KEY,
  tenant_id    TEXT NOT NULL,
  shop_id      TEXT NOT NULL,
  currency     TEXT NOT NULL DEFAULT 'EUR',
  decimals     INTEGER NOT NULL DEFAULT 2,
  last_seen    {big},
  last_seq     {big} NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS transactions (
  terminal_id    {id} NOT NULL,
  seq            {big} NOT NULL,
  tenant_id      TEXT NOT NULL,
  shop_id        TEXT NOT NULL,
  kind           INTEGER NOT NULL,
  ts             {big} NOT NULL,
  uid            TEXT,
  amount_minor   INTEGER NOT NULL,
  category       INTEGER NOT NULL,
  points         INTEGER NOT NULL,
  voucher_id     INTEGER NOT NULL,
  discount_minor INTEGER NOT NULL,
  reference      {big} NOT NULL,
  card_counter   {big} NOT NULL,
  flags          INTEGER NOT NULL,
  received_at    {big} NOT NULL,
  PRIMARY KEY (terminal_id, seq)
);
CREATE INDEX IF NOT EXISTS ix_tx_uid ON transactions(uid, ts);
CREATE INDEX IF NOT EXISTS ix_tx_shop_ts ON transactions(shop_id, ts);
CREATE TABLE IF NOT EXISTS cards (
  tenant_id   TEXT NOT NULL,
  uid         TEXT NOT NULL,
  enrolled_at {big} NOT NULL,
  balance     INTEGER NOT NULL,
  blocked     INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, uid)
);
CREATE TABLE IF NOT EXISTS sync_tenants (
  tenant_id       TEXT PRIMARY KEY,
  change_id       {big} NOT NULL DEFAULT 0,
  config_version  {big} NOT NULL DEFAULT 0,
  config_json     TEXT,
  blocked_version {big} NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS sync_cards (
  tenant_id TEXT NOT NULL,
  uid       TEXT NOT NULL,
  change_id {big} NOT NULL,
  PRIMARY KEY (tenant_id, uid)
);
CREATE INDEX IF NOT EXISTS ix_sync_cards_change ON sync_cards(tenant_id, change_id);
CREATE TABLE IF NOT EXISTS sync_terminal_status (
  terminal_id   {id} PRIMARY KEY,
  online        INTEGER NOT NULL,
  reported_last {big},
  status_at     {big} NOT NULL,
  firmware      TEXT
);");
            EnsureSecuritySchema(big, id);
        }

        /// <summary>
        /// Applies a batch in one database transaction keyed on (terminal, sequence): stored
        /// sequences are no-ops, the contiguous run after the terminal's last sequence is stored and
        /// folded into card balances, and the first sequence that does not follow on stops the batch.
        /// </summary>
        public BatchResult ApplyBatch(string terminalId, string tenantId, string shopId, IReadOnlyList<TxRow> rows, long now, bool autoRegister)
        {
            BatchResult result = new();
            using DbTransaction tx = _db.BeginTransaction(IsPostgres ? IsolationLevel.ReadCommitted : IsolationLevel.Serializable);
            // FOR UPDATE serialises batches of one terminal across service instances (shared subscriptions).
            long? last = null;
            string? tenant = null;
            using (DbDataReader r = Query(tx, "SELECT tenant_id, last_seq FROM terminals WHERE terminal_id=@t" + (IsPostgres ? " FOR UPDATE" : string.Empty), ("t", terminalId)))
            {
                if (r.Read())
                {
                    tenant = r.GetString(0);
                    last = Convert.ToInt64(r.GetValue(1));
                }
            }

            if (last == null)
            {
                if (!autoRegister)
                {
                    result.Refused = "unknown terminal " + terminalId;
                    return result;
                }

                Exec(tx, "INSERT INTO terminals (terminal_id, tenant_id, shop_id, last_seen, last_seq) VALUES (@t, @ten, @shop, @now, 0) ON CONFLICT (terminal_id) DO NOTHING",
                    ("t", terminalId), ("ten", tenantId), ("shop", shopId), ("now", now));
                Exec(tx, "INSERT INTO sync_tenants (tenant_id) VALUES (@ten) ON CONFLICT (tenant_id) DO NOTHING", ("ten", tenantId));
                tenant = tenantId;
                last = 0;
            }
            else if (tenant != tenantId)
            {
                result.Refused = "terminal " + terminalId + " belongs to another tenant";
                return result;
            }

            result.Tenant = tenant!;
            long lastSeq = last.Value;
            HashSet<string> touched = new(StringComparer.Ordinal);
            foreach (TxRow row in rows)
            {
                if (row.Seq <= lastSeq)
                {
                    if (row.HasCredentialData)
                    {
                        // Redelivered rows are checked again: a crash between commit and checks loses nothing.
                        result.CheckCards.Add(row.Uid!);
                    }

                    // One content check per batch catches a reused terminal id without a query per resent row.
                    if (result.Duplicates == 0 && !SameAsStored(tx, terminalId, row))
                    {
                        result.Conflicts++;
                    }

                    result.Duplicates++;
                    continue;
                }

                if (row.Seq != lastSeq + 1)
                {
                    result.GapAt = row.Seq;
                    break;
                }

                if (row.HasCredentialData)
                {
                    result.CheckCards.Add(row.Uid!);
                }

                if (row.Kind == TxRow.CardEvidenceKind)
                {
                    // Evidence is not a visit: it lives beside the transactions (CLOUD-SCHEMA's readers
                    // know kinds 1-6 only), keyed on the same (terminal, sequence).
                    InsertEvidence(tx, terminalId, tenant!, row, now);
                    lastSeq = row.Seq;
                    result.Applied++;
                    continue;
                }

                Exec(tx, @"INSERT INTO transactions (terminal_id, seq, tenant_id, shop_id, kind, ts, uid, amount_minor, category, points, voucher_id, discount_minor, reference, card_counter, flags, received_at)
VALUES (@t, @seq, @ten, @shop, @kind, @ts, @uid, @amt, @cat, @pts, @vch, @disc, @ref, @ctr, @fl, @now) ON CONFLICT (terminal_id, seq) DO NOTHING",
                    ("t", terminalId), ("seq", row.Seq), ("ten", tenant), ("shop", shopId), ("kind", row.Kind), ("ts", row.Ts), ("uid", row.Uid),
                    ("amt", row.Amount), ("cat", row.Category), ("pts", row.Points), ("vch", row.Voucher), ("disc", row.Discount),
                    ("ref", row.Reference), ("ctr", row.Counter), ("fl", row.Flags), ("now", now));
                if (row.Uid != null && row.Kind >= 1 && row.Kind <= 4)
                {
                    Exec(tx, @"INSERT INTO cards (tenant_id, uid, enrolled_at, balance, blocked) VALUES (@ten, @uid, @ts, @pts, 0)
ON CONFLICT (tenant_id, uid) DO UPDATE SET balance = cards.balance + excluded.balance,
  enrolled_at = CASE WHEN excluded.enrolled_at < cards.enrolled_at THEN excluded.enrolled_at ELSE cards.enrolled_at END",
                        ("ten", tenant), ("uid", row.Uid), ("ts", row.Ts), ("pts", row.Points));
                    touched.Add(row.Uid);
                }

                lastSeq = row.Seq;
                result.Applied++;
            }

            if (touched.Count > 0)
            {
                long end = Convert.ToInt64(Scalar(tx, "UPDATE sync_tenants SET change_id = change_id + @n WHERE tenant_id=@ten RETURNING change_id",
                    ("n", (long)touched.Count), ("ten", tenant)));
                long id = end - touched.Count;
                result.ChangeFrom = id;
                result.ChangeEnd = end;
                foreach (string uid in touched.OrderBy(u => u, StringComparer.Ordinal))
                {
                    id++;
                    Exec(tx, "INSERT INTO sync_cards (tenant_id, uid, change_id) VALUES (@ten, @uid, @c) ON CONFLICT (tenant_id, uid) DO UPDATE SET change_id = excluded.change_id",
                        ("ten", tenant), ("uid", uid), ("c", id));
                    result.TouchedCards.Add(uid);
                }

                // Read before the commit, while this transaction holds the tenant's counter row: a batch
                // another service instance commits right after ours cannot move one of these cards past
                // ChangeEnd under our feet, so the balance message for (ChangeFrom, ChangeEnd] holds
                // exactly the cards changed in it, each at the state its change number stands for.
                List<string> others = TerminalsOf(tx, tenant!).Where(t => t != terminalId).ToList();
                if (others.Count > 0)
                {
                    foreach ((string recipient, List<CardView> cards) in ReadViews(tx, tenant!, result.TouchedCards, others))
                    {
                        result.Views[recipient] = cards;
                    }
                }
            }

            result.LastSeq = lastSeq;
            if (result.Applied == 0)
            {
                // Nothing new (a resend or a duplicate delivery): no write, no fsync.
                tx.Rollback();
                return result;
            }

            Exec(tx, "UPDATE terminals SET last_seq=@last, last_seen=@now WHERE terminal_id=@t", ("last", lastSeq), ("now", now), ("t", terminalId));
            tx.Commit();
            result.LastSeq = lastSeq;
            return result;
        }

        /// <summary>The terminal's tenant and last contiguous sequence, or null when unknown.</summary>
        public (string Tenant, long LastSeq)? Terminal(string terminalId)
        {
            using DbDataReader r = Query(null, "SELECT tenant_id, last_seq FROM terminals WHERE terminal_id=@t", ("t", terminalId));
            return r.Read() ? (r.GetString(0), Convert.ToInt64(r.GetValue(1))) : null;
        }

        /// <summary>Registers a terminal in advance (or moves it to another shop of the same tenant).</summary>
        public void RegisterTerminal(string terminalId, string tenantId, string shopId)
        {
            Exec(null, "INSERT INTO terminals (terminal_id, tenant_id, shop_id, last_seq) VALUES (@t, @ten, @shop, 0) ON CONFLICT (terminal_id) DO UPDATE SET shop_id = excluded.shop_id",
                ("t", terminalId), ("ten", tenantId), ("shop", shopId));
            Exec(null, "INSERT INTO sync_tenants (tenant_id) VALUES (@ten) ON CONFLICT (tenant_id) DO NOTHING", ("ten", tenantId));
        }

        /// <summary>Terminals of a tenant.</summary>
        public List<string> TerminalsOf(string tenantId) => TerminalsOf(null, tenantId);

        private List<string> TerminalsOf(DbTransaction? tx, string tenantId)
        {
            List<string> list = new();
            using DbDataReader r = Query(tx, "SELECT terminal_id FROM terminals WHERE tenant_id=@ten ORDER BY terminal_id", ("ten", tenantId));
            while (r.Read())
            {
                list.Add(r.GetString(0));
            }

            return list;
        }

        /// <summary>
        /// What a terminal at balance cursor <paramref name="cursor"/> is missing: the tenant's current
        /// change number and, in change order, its view of every card whose latest change lies in
        /// (<paramref name="cursor"/>, End]. One snapshot, so no card can have moved past End.
        /// </summary>
        public (List<CardView> Cards, long End) ViewsChangedSince(string tenantId, long cursor, string terminalId)
        {
            using DbTransaction tx = _db.BeginTransaction(IsPostgres ? IsolationLevel.RepeatableRead : IsolationLevel.Serializable);
            (List<string> uids, long end) = ChangedSince(tx, tenantId, cursor);
            List<CardView> cards = ReadViews(tx, tenantId, uids, new[] { terminalId })[terminalId];
            tx.Commit();
            return (cards, end);
        }

        /// <summary>
        /// How each recipient should see each card: the card's balance minus the recipient's own
        /// contribution, the once-per-card vouchers used elsewhere, and the card's change number,
        /// read inside <paramref name="tx"/> so the number and the state agree.
        /// </summary>
        private Dictionary<string, List<CardView>> ReadViews(DbTransaction tx, string tenantId, IEnumerable<string> uids, IReadOnlyCollection<string> recipients)
        {
            Dictionary<string, List<CardView>> views = recipients.ToDictionary(t => t, _ => new List<CardView>(), StringComparer.Ordinal);
            foreach (string uid in uids)
            {
                object? version = Scalar(tx, "SELECT change_id FROM sync_cards WHERE tenant_id=@ten AND uid=@uid", ("ten", tenantId), ("uid", uid));
                if (version == null || version is DBNull)
                {
                    continue;
                }

                Dictionary<string, long> points = new(StringComparer.Ordinal);
                long total = 0;
                using (DbDataReader r = Query(tx, "SELECT terminal_id, SUM(points) FROM transactions WHERE tenant_id=@ten AND uid=@uid GROUP BY terminal_id", ("ten", tenantId), ("uid", uid)))
                {
                    while (r.Read())
                    {
                        long p = Convert.ToInt64(r.GetValue(1));
                        points[r.GetString(0)] = p;
                        total += p;
                    }
                }

                // Net redemptions per (terminal, once-per-card voucher).
                List<(string Terminal, int Voucher, long Net)> vouchers = new();
                using (DbDataReader r = Query(tx, @"SELECT terminal_id, voucher_id, SUM(CASE WHEN kind = 2 THEN 1 WHEN kind = 3 THEN -1 ELSE 0 END)
FROM transactions WHERE tenant_id=@ten AND uid=@uid AND voucher_id BETWEEN 1 AND 16 GROUP BY terminal_id, voucher_id", ("ten", tenantId), ("uid", uid)))
                {
                    while (r.Read())
                    {
                        vouchers.Add((r.GetString(0), Convert.ToInt32(r.GetValue(1)), Convert.ToInt64(r.GetValue(2))));
                    }
                }

                foreach (string recipient in recipients)
                {
                    long own = points.TryGetValue(recipient, out long o) ? o : 0;
                    int bits = 0;
                    foreach (IGrouping<int, (string Terminal, int Voucher, long Net)> g in vouchers.Where(v => v.Terminal != recipient).GroupBy(v => v.Voucher))
                    {
                        if (g.Sum(v => v.Net) > 0)
                        {
                            bits |= 1 << (g.Key - 1);
                        }
                    }

                    views[recipient].Add(new CardView(uid, Convert.ToInt64(version), (int)(total - own), bits));
                }
            }

            return views;
        }

        /// <summary>Cards of the tenant changed after <paramref name="cursor"/> (in change order) and the tenant's current change number.</summary>
        private (List<string> Uids, long End) ChangedSince(DbTransaction tx, string tenantId, long cursor)
        {
            long end = Convert.ToInt64(Scalar(tx, "SELECT change_id FROM sync_tenants WHERE tenant_id=@ten", ("ten", tenantId)) ?? 0L);
            List<string> uids = new();
            using (DbDataReader r = Query(tx, "SELECT uid FROM sync_cards WHERE tenant_id=@ten AND change_id > @c AND change_id <= @e ORDER BY change_id", ("ten", tenantId), ("c", cursor), ("e", end)))
            {
                while (r.Read())
                {
                    uids.Add(r.GetString(0));
                }
            }

            return (uids, end);
        }

        /// <summary>Records a terminal's presence message.</summary>
        public void RecordStatus(string terminalId, bool online, long? reportedLast, string? firmware, long now)
        {
            Exec(null, @"INSERT INTO sync_terminal_status (terminal_id, online, reported_last, status_at, firmware) VALUES (@t, @on, @last, @now, @fw)
ON CONFLICT (terminal_id) DO UPDATE SET online = excluded.online, status_at = excluded.status_at,
  reported_last = CASE WHEN excluded.reported_last IS NULL THEN sync_terminal_status.reported_last ELSE excluded.reported_last END,
  firmware = CASE WHEN excluded.firmware IS NULL THEN sync_terminal_status.firmware ELSE excluded.firmware END",
                ("t", terminalId), ("on", online ? 1 : 0), ("last", reportedLast), ("now", now), ("fw", firmware));
            Exec(null, "UPDATE terminals SET last_seen=@now WHERE terminal_id=@t", ("now", now), ("t", terminalId));
        }

        /// <summary>The tenant's configuration payload and version (null when none was set).</summary>
        public (long Version, string Json)? Config(string tenantId)
        {
            using DbDataReader r = Query(null, "SELECT config_version, config_json FROM sync_tenants WHERE tenant_id=@ten AND config_json IS NOT NULL", ("ten", tenantId));
            return r.Read() ? (Convert.ToInt64(r.GetValue(0)), r.GetString(1)) : null;
        }

        /// <summary>Stores a new configuration (validated by the caller); returns its version.</summary>
        public long SetConfig(string tenantId, Func<long, string> jsonForVersion)
        {
            using DbTransaction tx = _db.BeginTransaction();
            Exec(tx, "INSERT INTO sync_tenants (tenant_id) VALUES (@ten) ON CONFLICT (tenant_id) DO NOTHING", ("ten", tenantId));
            long version = Convert.ToInt64(Scalar(tx, "UPDATE sync_tenants SET config_version = config_version + 1 WHERE tenant_id=@ten RETURNING config_version", ("ten", tenantId)));
            Exec(tx, "UPDATE sync_tenants SET config_json=@j WHERE tenant_id=@ten", ("j", jsonForVersion(version)), ("ten", tenantId));
            tx.Commit();
            return version;
        }

        /// <summary>The tenant's blocked cards and list version.</summary>
        public (long Version, List<string> Uids) Blocked(string tenantId)
        {
            long version = Convert.ToInt64(Scalar(null, "SELECT blocked_version FROM sync_tenants WHERE tenant_id=@ten", ("ten", tenantId)) ?? 0L);
            List<string> uids = new();
            using DbDataReader r = Query(null, "SELECT uid FROM cards WHERE tenant_id=@ten AND blocked <> 0 ORDER BY uid", ("ten", tenantId));
            while (r.Read())
            {
                uids.Add(r.GetString(0));
            }

            return (version, uids);
        }

        /// <summary>Blocks or unblocks a card (creating its row when the cloud never saw it); returns the new list version.</summary>
        public long SetBlocked(string tenantId, string uid, bool blocked, long now)
        {
            using DbTransaction tx = _db.BeginTransaction();
            Exec(tx, "INSERT INTO sync_tenants (tenant_id) VALUES (@ten) ON CONFLICT (tenant_id) DO NOTHING", ("ten", tenantId));
            Exec(tx, "INSERT INTO cards (tenant_id, uid, enrolled_at, balance, blocked) VALUES (@ten, @uid, @now, 0, @b) ON CONFLICT (tenant_id, uid) DO UPDATE SET blocked = excluded.blocked",
                ("ten", tenantId), ("uid", uid), ("now", now), ("b", blocked ? 1 : 0));
            long version = Convert.ToInt64(Scalar(tx, "UPDATE sync_tenants SET blocked_version = blocked_version + 1 WHERE tenant_id=@ten RETURNING blocked_version", ("ten", tenantId)));
            tx.Commit();
            return version;
        }

        /// <summary>Every terminal with its sync position and presence.</summary>
        public List<TerminalRow> ListTerminals()
        {
            List<TerminalRow> list = new();
            using DbDataReader r = Query(null, @"SELECT t.terminal_id, t.tenant_id, t.shop_id, t.last_seen, t.last_seq, s.online, s.reported_last, s.status_at, s.firmware
FROM terminals t LEFT JOIN sync_terminal_status s ON s.terminal_id = t.terminal_id ORDER BY t.tenant_id, t.terminal_id");
            while (r.Read())
            {
                list.Add(new TerminalRow(
                    r.GetString(0), r.GetString(1), r.GetString(2), NullableLong(r, 3), Convert.ToInt64(r.GetValue(4)),
                    r.IsDBNull(5) ? null : Convert.ToInt64(r.GetValue(5)) != 0, NullableLong(r, 6), NullableLong(r, 7), r.IsDBNull(8) ? null : r.GetString(8)));
            }

            return list;
        }

        /// <summary>A card's transactions across terminals, oldest first.</summary>
        public List<(string Terminal, TxRow Row)> CardHistory(string uid)
        {
            List<(string, TxRow)> list = new();
            using DbDataReader r = Query(null, @"SELECT terminal_id, seq, kind, ts, uid, amount_minor, category, points, voucher_id, discount_minor, reference, card_counter, flags
FROM transactions WHERE uid=@uid ORDER BY ts, terminal_id, seq", ("uid", uid));
            while (r.Read())
            {
                list.Add((r.GetString(0), ReadRow(r, 1)));
            }

            return list;
        }

        /// <summary>Card rows for a UID (one per tenant that knows it).</summary>
        public List<(string Tenant, long EnrolledAt, long Balance, bool Blocked)> Cards(string uid)
        {
            List<(string, long, long, bool)> list = new();
            using DbDataReader r = Query(null, "SELECT tenant_id, enrolled_at, balance, blocked FROM cards WHERE uid=@uid ORDER BY tenant_id", ("uid", uid));
            while (r.Read())
            {
                list.Add((r.GetString(0), Convert.ToInt64(r.GetValue(1)), Convert.ToInt64(r.GetValue(2)), Convert.ToInt64(r.GetValue(3)) != 0));
            }

            return list;
        }

        /// <summary>All balances of a tenant by UID.</summary>
        public Dictionary<string, long> Balances(string tenantId)
        {
            Dictionary<string, long> d = new(StringComparer.Ordinal);
            using DbDataReader r = Query(null, "SELECT uid, balance FROM cards WHERE tenant_id=@ten", ("ten", tenantId));
            while (r.Read())
            {
                d[r.GetString(0)] = Convert.ToInt64(r.GetValue(1));
            }

            return d;
        }

        /// <summary>Number of stored transactions (optionally of one terminal).</summary>
        public long CountTransactions(string? terminalId = null)
        {
            return Convert.ToInt64(terminalId == null
                ? Scalar(null, "SELECT COUNT(*) FROM transactions")
                : Scalar(null, "SELECT COUNT(*) FROM transactions WHERE terminal_id=@t", ("t", terminalId)));
        }

        /// <summary>Every stored transaction of a terminal, by sequence.</summary>
        public List<TxRow> Transactions(string terminalId)
        {
            List<TxRow> list = new();
            using DbDataReader r = Query(null, @"SELECT seq, kind, ts, uid, amount_minor, category, points, voucher_id, discount_minor, reference, card_counter, flags
FROM transactions WHERE terminal_id=@t ORDER BY seq", ("t", terminalId));
            while (r.Read())
            {
                list.Add(ReadRow(r, 0));
            }

            return list;
        }

        private bool SameAsStored(DbTransaction tx, string terminalId, TxRow row)
        {
            if (row.Kind == TxRow.CardEvidenceKind)
            {
                return SameEvidenceAsStored(tx, terminalId, row);
            }

            using DbDataReader r = Query(tx, @"SELECT seq, kind, ts, uid, amount_minor, category, points, voucher_id, discount_minor, reference, card_counter, flags
FROM transactions WHERE terminal_id=@t AND seq=@seq", ("t", terminalId), ("seq", row.Seq));
            return r.Read() && ReadRow(r, 0) == row;
        }

        private static TxRow ReadRow(DbDataReader r, int o)
        {
            return new TxRow(
                Convert.ToInt64(r.GetValue(o)), Convert.ToInt32(r.GetValue(o + 1)), Convert.ToInt64(r.GetValue(o + 2)), r.IsDBNull(o + 3) ? null : r.GetString(o + 3),
                Convert.ToInt32(r.GetValue(o + 4)), Convert.ToInt32(r.GetValue(o + 5)), Convert.ToInt32(r.GetValue(o + 6)), Convert.ToInt32(r.GetValue(o + 7)),
                Convert.ToInt32(r.GetValue(o + 8)), Convert.ToInt64(r.GetValue(o + 9)), Convert.ToInt64(r.GetValue(o + 10)), Convert.ToInt32(r.GetValue(o + 11)));
        }

        private static long? NullableLong(DbDataReader r, int i)
        {
            return r.IsDBNull(i) ? null : Convert.ToInt64(r.GetValue(i));
        }

        private static string FromUri(string uri)
        {
            Uri u = new(uri.Replace("postgresql://", "postgres://", StringComparison.OrdinalIgnoreCase));
            NpgsqlConnectionStringBuilder b = new()
            {
                Host = u.Host,
                Port = u.Port > 0 ? u.Port : 5432,
                Database = u.AbsolutePath.TrimStart('/'),
            };
            if (!string.IsNullOrEmpty(u.UserInfo))
            {
                string[] parts = u.UserInfo.Split(':', 2);
                b.Username = Uri.UnescapeDataString(parts[0]);
                if (parts.Length > 1)
                {
                    b.Password = Uri.UnescapeDataString(parts[1]);
                }
            }

            return b.ToString();
        }

        private void Exec(string sql)
        {
            Exec(null, sql);
        }

        private int Exec(DbTransaction? tx, string sql, params (string Name, object? Value)[] ps)
        {
            using DbCommand c = Command(tx, sql, ps);
            return c.ExecuteNonQuery();
        }

        private object? Scalar(DbTransaction? tx, string sql, params (string Name, object? Value)[] ps)
        {
            using DbCommand c = Command(tx, sql, ps);
            return c.ExecuteScalar();
        }

        private DbDataReader Query(DbTransaction? tx, string sql, params (string Name, object? Value)[] ps)
        {
            DbCommand c = Command(tx, sql, ps);
            return c.ExecuteReader(CommandBehavior.Default);
        }

        private DbCommand Command(DbTransaction? tx, string sql, (string Name, object? Value)[] ps)
        {
            DbCommand c = _db.CreateCommand();
            c.CommandText = sql;
            c.Transaction = tx;
            foreach ((string name, object? value) in ps)
            {
                DbParameter p = c.CreateParameter();
                p.ParameterName = "@" + name;
                p.Value = value ?? DBNull.Value;
                c.Parameters.Add(p);
            }

            return c;
        }
    }
}
