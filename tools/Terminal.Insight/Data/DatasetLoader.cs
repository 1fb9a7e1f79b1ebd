using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Terminal.Insight.Data;

/// <summary>What part of the cloud database to load.</summary>
/// <param name="Tenant">Tenant id, or null to infer it (from the stores, or the only tenant).</param>
/// <param name="Stores">Store ids to report on; empty = every store of the tenant.</param>
/// <param name="ToExclusive">Rows at or after this unix time are not read.</param>
public sealed record LoadRequest(string? Tenant, IReadOnlyList<string> Stores, long ToExclusive);

/// <summary>
/// Streams the transactions table into a <see cref="Dataset"/>, checking every row against the contract
/// (CLOUD-SCHEMA.md). A row that breaks it stops the load with an <see cref="InsightException"/> naming the
/// terminal and sequence, so a report is never built on half-understood data.
/// </summary>
public static class DatasetLoader
{
    private const int ProgressEvery = 250_000;

    /// <summary>Loads the tenant's rows up to <see cref="LoadRequest.ToExclusive"/>.</summary>
    public static Dataset Load(DbConnection connection, LoadRequest request, Action<string>? progress = null)
    {
        bool sqlite = CloudDatabase.EngineOf(connection) == CloudEngine.Sqlite;
        var terminals = ReadTerminals(connection, sqlite);
        if (terminals.Count == 0)
        {
            throw new InsightException("the terminals table is empty: no store is known");
        }

        string tenant = ResolveTenant(terminals, request);
        var tenantTerminals = terminals.Where(t => t.Tenant == tenant).OrderBy(t => t.TerminalId, StringComparer.Ordinal).ToList();
        StoreInfo[] stores = BuildStores(tenantTerminals);
        bool[] selected = SelectStores(stores, request.Stores);
        var chosen = stores.Where((s, i) => selected[i]).ToList();
        var currencies = chosen.Select(s => s.Currency + "/" + s.Decimals.ToString(CultureInfo.InvariantCulture)).Distinct().ToList();
        if (currencies.Count > 1)
        {
            throw new InsightException("the selected stores use different currencies (" + string.Join(", ", chosen.Select(s => s.ShopId + " " + s.Currency)) +
                "); report on stores of one currency with --store");
        }

        var terminalIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var terminalStore = new short[tenantTerminals.Count];
        for (int i = 0; i < tenantTerminals.Count; i++)
        {
            terminalIndex[tenantTerminals[i].TerminalId] = i;
            terminalStore[i] = (short)Array.FindIndex(stores, s => s.ShopId == tenantTerminals[i].ShopId);
        }

        if (sqlite)
        {
            CheckSqliteTypes(connection, tenant);
        }

        CheckStoreIds(connection, tenant);
        var rows = new RowCollector(tenant, terminalIndex, terminalStore, progress);
        const string Columns = "terminal_id, seq, kind, ts, uid, amount_minor, category, points, voucher_id, discount_minor, reference";
        progress?.Invoke("reading transactions of tenant " + tenant + " ...");
        if (connection is SqliteConnection sqliteConnection)
        {
            // SQLite orders text after every integer, so a corrupt text ts would silently fall outside "ts < @to":
            // fetch such rows too (CheckSqliteTypes has already rejected them, this is belt and braces).
            ReadSqlite(sqliteConnection, "SELECT " + Columns + " FROM transactions WHERE tenant_id = ?1 AND (ts < ?2 OR typeof(ts) <> 'integer')", tenant, request.ToExclusive, rows);
        }
        else
        {
            using DbCommand cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT " + Columns + " FROM transactions WHERE tenant_id = @tenant AND ts < @to";
            AddParameter(cmd, "@tenant", tenant);
            AddParameter(cmd, "@to", request.ToExclusive);
            using DbDataReader r = cmd.ExecuteReader();
            while (r.Read())
            {
                string terminalId = r.IsDBNull(0) ? throw Corrupt("?", 0, "terminal_id is NULL") : r.GetString(0);
                long seq = ReadLong(r, 1, terminalId, 0, "seq");
                rows.Add(terminalId, seq, ReadLong(r, 2, terminalId, seq, "kind"), ReadLong(r, 3, terminalId, seq, "ts"),
                    r.IsDBNull(4) ? null : r.GetString(4), ReadLong(r, 5, terminalId, seq, "amount_minor"), ReadLong(r, 6, terminalId, seq, "category"),
                    ReadLong(r, 7, terminalId, seq, "points"), ReadLong(r, 8, terminalId, seq, "voucher_id"), ReadLong(r, 9, terminalId, seq, "discount_minor"),
                    ReadLong(r, 10, terminalId, seq, "reference"));
            }
        }

        progress?.Invoke("  " + rows.Count.ToString("N0", CultureInfo.InvariantCulture) + " rows read");
        RawRows raw = rows.Raw;
        List<string> uids = rows.Uids;
        int security = rows.Security;
        bool[] removed = ApplyVoids(connection, raw, tenantTerminals, out int voids);
        Dataset data = Build(raw, removed, uids, stores, selected, tenant);
        data.VoidsApplied = voids;
        data.SecurityEvents = security;
        data.RowsRead = rows.Count;
        data.Currency = chosen[0].Currency;
        data.Decimals = chosen[0].Decimals;
        return data;
    }

    private static InsightException Corrupt(string terminal, long seq, string what)
    {
        return new InsightException("corrupt row in transactions (terminal " + terminal + ", seq " + seq.ToString(CultureInfo.InvariantCulture) + "): " + what);
    }

    private static long ReadLong(DbDataReader r, int i, string terminal, long seq, string column)
    {
        return r.IsDBNull(i) ? throw Corrupt(terminal, seq, column + " is NULL") : r.GetInt64(i);
    }

    /// <summary>
    /// SQLite fast path through the raw SQLite API: the ADO.NET reader costs about 0.2 µs per cell, which made
    /// reading a million rows take several CPU seconds. Types were checked up front by <see cref="CheckSqliteTypes"/>.
    /// </summary>
    private static void ReadSqlite(SqliteConnection connection, string sql, string tenant, long to, RowCollector rows)
    {
        sqlite3 db = connection.Handle ?? throw new InvalidOperationException("SQLite connection is not open");
        int rc = raw.sqlite3_prepare_v2(db, sql, out sqlite3_stmt stmt);
        if (rc != raw.SQLITE_OK)
        {
            throw new InsightException("cannot read transactions: " + raw.sqlite3_errmsg(db).utf8_to_string());
        }

        try
        {
            raw.sqlite3_bind_text(stmt, 1, tenant);
            raw.sqlite3_bind_int64(stmt, 2, to);
            Span<char> chars = stackalloc char[256];
            while ((rc = raw.sqlite3_step(stmt)) == raw.SQLITE_ROW)
            {
                ReadOnlySpan<char> terminal = Text(stmt, 0, chars, out int used);
                long seq = raw.sqlite3_column_int64(stmt, 1);
                int terminalIndex = rows.Terminal(terminal, seq);
                ReadOnlySpan<char> uid = raw.sqlite3_column_type(stmt, 4) == raw.SQLITE_NULL ? default : Text(stmt, 4, chars[used..], out _);
                rows.Add(terminalIndex, seq, raw.sqlite3_column_int64(stmt, 2), raw.sqlite3_column_int64(stmt, 3),
                    raw.sqlite3_column_type(stmt, 4) == raw.SQLITE_NULL, uid, raw.sqlite3_column_int64(stmt, 5), raw.sqlite3_column_int64(stmt, 6),
                    raw.sqlite3_column_int64(stmt, 7), raw.sqlite3_column_int64(stmt, 8), raw.sqlite3_column_int64(stmt, 9), raw.sqlite3_column_int64(stmt, 10));
            }

            if (rc != raw.SQLITE_DONE)
            {
                throw new InsightException("cannot read transactions: " + raw.sqlite3_errmsg(db).utf8_to_string());
            }
        }
        finally
        {
            raw.sqlite3_finalize(stmt);
        }
    }

    private static ReadOnlySpan<char> Text(sqlite3_stmt stmt, int column, Span<char> buffer, out int used)
    {
        int length = raw.sqlite3_column_bytes(stmt, column);
        utf8z text = raw.sqlite3_column_text(stmt, column);
        ReadOnlySpan<byte> bytes = length == 0 ? default : MemoryMarshal.CreateReadOnlySpan(ref Unsafe.AsRef(in text.GetPinnableReference()), length);
        if (Encoding.UTF8.GetMaxCharCount(length) > buffer.Length)
        {
            string s = Encoding.UTF8.GetString(bytes);
            used = 0;
            return s;
        }

        used = Encoding.UTF8.GetChars(bytes, buffer);
        return buffer[..used];
    }

    /// <summary>A row whose store differs from its terminal's store is corrupt; one query checks them all.</summary>
    private static void CheckStoreIds(DbConnection connection, string tenant)
    {
        using DbCommand cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT t.terminal_id, t.seq, t.shop_id, m.shop_id FROM transactions t JOIN terminals m ON m.terminal_id = t.terminal_id " +
            "WHERE t.tenant_id = @tenant AND (t.shop_id IS NULL OR t.shop_id <> m.shop_id) LIMIT 1";
        AddParameter(cmd, "@tenant", tenant);
        using DbDataReader r = cmd.ExecuteReader();
        if (r.Read())
        {
            throw Corrupt(r.GetString(0), Convert.ToInt64(r.GetValue(1), CultureInfo.InvariantCulture),
                "shop_id " + (r.IsDBNull(2) ? "NULL" : r.GetString(2)) + " differs from the terminal's store " + r.GetString(3));
        }
    }

    private static readonly string[] IntegerColumns = ["seq", "kind", "ts", "amount_minor", "category", "points", "voucher_id", "discount_minor", "reference"];

    /// <summary>
    /// SQLite stores whatever it is given: a text or real value in an integer column is corruption, not something
    /// to coerce silently to 0. One scan in SQLite finds the first such row; the row loop then reads without checks.
    /// </summary>
    private static void CheckSqliteTypes(DbConnection connection, string tenant)
    {
        using DbCommand cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT terminal_id, seq, " + string.Join(", ", IntegerColumns) + ", typeof(terminal_id), typeof(shop_id), typeof(uid) FROM transactions WHERE tenant_id = @tenant AND (" +
            string.Join(" OR ", IntegerColumns.Select(c => "typeof(" + c + ") <> 'integer'")) +
            " OR typeof(terminal_id) <> 'text' OR typeof(shop_id) <> 'text' OR typeof(uid) NOT IN ('text', 'null')) LIMIT 1";
        AddParameter(cmd, "@tenant", tenant);
        using DbDataReader r = cmd.ExecuteReader();
        if (!r.Read())
        {
            return;
        }

        string terminal = Convert.ToString(r.GetValue(0), CultureInfo.InvariantCulture) ?? "NULL";
        object seqValue = r.GetValue(1);
        long seq = seqValue is long l ? l : 0;
        for (int i = 0; i < IntegerColumns.Length; i++)
        {
            object v = r.GetValue(2 + i);
            if (v is DBNull)
            {
                throw Corrupt(terminal, seq, IntegerColumns[i] + " is NULL");
            }

            if (v is not long)
            {
                throw Corrupt(terminal, seq, IntegerColumns[i] + " is not an integer (" + Convert.ToString(v, CultureInfo.InvariantCulture) + ")");
            }
        }

        throw Corrupt(terminal, seq, "terminal_id, shop_id or uid is not text (" + r.GetString(11) + ", " + r.GetString(12) + ", " + r.GetString(13) + ")");
    }

    private static void Validate(string terminal, long seq, long kind, long ts, bool uidNull, ReadOnlySpan<char> uid, long amount, long category, long points, long voucher)
    {
        if (kind < TxKind.Earn || kind > TxKind.SecurityEvent)
        {
            throw Corrupt(terminal, seq, "unknown kind " + kind.ToString(CultureInfo.InvariantCulture));
        }

        if (ts <= 0)
        {
            throw Corrupt(terminal, seq, "ts " + ts.ToString(CultureInfo.InvariantCulture) + " is not a unix time");
        }

        if (seq <= 0)
        {
            throw Corrupt(terminal, seq, "seq must be 1 or more");
        }

        bool needsCard = kind == TxKind.Earn || kind == TxKind.Redeem || kind == TxKind.Enrol;
        if (needsCard && (uidNull || uid.IsEmpty))
        {
            throw Corrupt(terminal, seq, "uid is NULL for a kind " + kind.ToString(CultureInfo.InvariantCulture) + " row");
        }

        if (kind == TxKind.AnonymousSale && !uidNull)
        {
            throw Corrupt(terminal, seq, "an anonymous sale carries uid " + uid.ToString());
        }

        if ((kind == TxKind.Earn || kind == TxKind.AnonymousSale) && amount < 0)
        {
            throw Corrupt(terminal, seq, "negative basket " + amount.ToString(CultureInfo.InvariantCulture));
        }

        if (kind == TxKind.Earn && points < 0)
        {
            throw Corrupt(terminal, seq, "an Earn with negative points");
        }

        if (kind == TxKind.Redeem && (points > 0 || voucher <= 0))
        {
            throw Corrupt(terminal, seq, "a Redeem must take points (points <= 0) for a voucher (voucher_id > 0)");
        }

        if (category < 0 || category > 255)
        {
            throw Corrupt(terminal, seq, "category " + category.ToString(CultureInfo.InvariantCulture) + " is outside 0-255");
        }

        if (points < int.MinValue || points > int.MaxValue || voucher > int.MaxValue)
        {
            throw Corrupt(terminal, seq, "points or voucher_id out of range");
        }
    }

    private static bool[] ApplyVoids(DbConnection connection, RawRows raw, List<TerminalRow> terminals, out int voids)
    {
        var removed = new bool[raw.Count];
        voids = 0;
        // Sorted (terminal, seq) keys let a void find the row it reverses without a 1-million-entry dictionary.
        var keys = new long[raw.Count];
        var order = new int[raw.Count];
        for (int i = 0; i < raw.Count; i++)
        {
            keys[i] = ((long)raw.Terminal[i] << 40) | raw.Seq[i];
            order[i] = i;
        }

        Array.Sort(keys, order);
        for (int i = 0; i < raw.Count; i++)
        {
            if (raw.Kind[i] != TxKind.Void)
            {
                continue;
            }

            string terminal = terminals[raw.Terminal[i]].TerminalId;
            long key = ((long)raw.Terminal[i] << 40) | raw.Reference[i];
            int at = Array.BinarySearch(keys, key);
            if (at < 0)
            {
                if (ExistsAfterWindow(connection, terminal, raw.Reference[i]))
                {
                    // The reversed sale lies after --to (terminal clock set back): nothing inside the window to undo.
                    removed[i] = true;
                    continue;
                }

                throw Corrupt(terminal, raw.Seq[i], "void of seq " + raw.Reference[i].ToString(CultureInfo.InvariantCulture) + ", which does not exist");
            }

            int target = order[at];
            byte k = raw.Kind[target];
            if (k != TxKind.Earn && k != TxKind.Redeem && k != TxKind.AnonymousSale)
            {
                throw Corrupt(terminal, raw.Seq[i], "void of seq " + raw.Seq[target].ToString(CultureInfo.InvariantCulture) + ", which is not a sale or a redemption");
            }

            if (removed[target])
            {
                throw Corrupt(terminal, raw.Seq[i], "second void of seq " + raw.Seq[target].ToString(CultureInfo.InvariantCulture));
            }

            if (raw.Amount[i] != -raw.Amount[target] || raw.Points[i] != -raw.Points[target] || raw.Member[i] != raw.Member[target])
            {
                throw Corrupt(terminal, raw.Seq[i], "a void must be the negated copy of seq " + raw.Seq[target].ToString(CultureInfo.InvariantCulture));
            }

            removed[i] = true;
            removed[target] = true;
            voids++;
        }

        return removed;
    }

    private static bool ExistsAfterWindow(DbConnection connection, string terminal, long seq)
    {
        using DbCommand cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM transactions WHERE terminal_id = @t AND seq = @s";
        AddParameter(cmd, "@t", terminal);
        AddParameter(cmd, "@s", seq);
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }

    private static Dataset Build(RawRows raw, bool[] removed, List<string> uids, StoreInfo[] stores, bool[] selected, string tenant)
    {
        // Members in UID order so every engine yields the same member numbering (and bootstrap draws).
        int memberCount = uids.Count;
        var byUid = new int[memberCount];
        for (int i = 0; i < memberCount; i++)
        {
            byUid[i] = i;
        }

        string[] uidArray = uids.ToArray();
        Array.Sort(uidArray, byUid, StringComparer.Ordinal);
        var remap = new int[memberCount];
        for (int i = 0; i < memberCount; i++)
        {
            remap[byUid[i]] = i;
        }

        var kept = new List<int>(raw.Count);
        for (int i = 0; i < raw.Count; i++)
        {
            if (!removed[i] && raw.Kind[i] != TxKind.Void)
            {
                kept.Add(i);
            }
        }

        int[] idx = kept.ToArray();
        Array.Sort(idx, (a, b) =>
        {
            int c = raw.Ts[a].CompareTo(raw.Ts[b]);
            if (c != 0)
            {
                return c;
            }

            c = raw.Terminal[a].CompareTo(raw.Terminal[b]);
            return c != 0 ? c : raw.Seq[a].CompareTo(raw.Seq[b]);
        });

        var d = new Dataset(idx.Length)
        {
            TenantId = tenant,
            Stores = stores,
            Selected = selected,
            MemberUids = uidArray,
            Count = idx.Length,
        };
        var enrol = new long[memberCount];
        var firstSeen = new long[memberCount];
        var home = new short[memberCount];
        var firstStore = new short[memberCount];
        Array.Fill(enrol, long.MaxValue);
        Array.Fill(firstSeen, long.MaxValue);
        long min = long.MaxValue;
        long max = long.MinValue;
        for (int j = 0; j < idx.Length; j++)
        {
            int i = idx[j];
            int m = raw.Member[i] < 0 ? -1 : remap[raw.Member[i]];
            d.Kind[j] = raw.Kind[i];
            d.Ts[j] = raw.Ts[i];
            d.Member[j] = m;
            d.Store[j] = raw.Store[i];
            d.Amount[j] = raw.Amount[i];
            d.Category[j] = raw.Category[i];
            d.Points[j] = raw.Points[i];
            d.Voucher[j] = raw.Voucher[i];
            d.Discount[j] = raw.Discount[i];
            min = Math.Min(min, raw.Ts[i]);
            max = Math.Max(max, raw.Ts[i]);
            if (m >= 0)
            {
                if (raw.Kind[i] == TxKind.Enrol && raw.Ts[i] < enrol[m])
                {
                    enrol[m] = raw.Ts[i];
                    home[m] = raw.Store[i];
                }

                if (raw.Ts[i] < firstSeen[m])
                {
                    firstSeen[m] = raw.Ts[i];
                    firstStore[m] = raw.Store[i];
                }
            }
        }

        int missing = 0;
        for (int m = 0; m < memberCount; m++)
        {
            if (enrol[m] == long.MaxValue)
            {
                // Enrolled before the synced history starts: the first transaction is the best estimate.
                missing++;
                enrol[m] = firstSeen[m];
                home[m] = firstStore[m];
            }
        }

        d.EnrolTs = enrol;
        d.HomeStore = home;
        d.MembersWithoutEnrol = missing;
        d.MinTs = idx.Length == 0 ? 0 : min;
        d.MaxTs = idx.Length == 0 ? 0 : max;
        return d;
    }

    private static List<TerminalRow> ReadTerminals(DbConnection connection, bool sqlite)
    {
        var list = new List<TerminalRow>();
        using DbCommand cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT terminal_id, tenant_id, shop_id, currency, decimals FROM terminals";
        try
        {
            using DbDataReader r = cmd.ExecuteReader();
            while (r.Read())
            {
                if (r.IsDBNull(0) || r.IsDBNull(1) || r.IsDBNull(2) || r.IsDBNull(3) || r.IsDBNull(4))
                {
                    throw new InsightException("corrupt row in terminals: a NULL in terminal_id, tenant_id, shop_id, currency or decimals");
                }

                string id = r.GetString(0);
                if (sqlite && r.GetFieldType(4) != typeof(long))
                {
                    throw new InsightException("corrupt row in terminals (terminal " + id + "): decimals is not an integer");
                }

                long decimals = r.GetInt64(4);
                if (decimals < 0 || decimals > 4)
                {
                    throw new InsightException("corrupt row in terminals (terminal " + id + "): decimals " + decimals.ToString(CultureInfo.InvariantCulture) + " is outside 0-4");
                }

                list.Add(new TerminalRow(id, r.GetString(1), r.GetString(2), r.GetString(3).Trim(), (int)decimals));
            }
        }
        catch (DbException e)
        {
            throw new InsightException("this does not look like a loyalty cloud database (" + e.Message + ")", e);
        }

        return list;
    }

    private static string ResolveTenant(List<TerminalRow> terminals, LoadRequest request)
    {
        var tenants = terminals.Select(t => t.Tenant).Distinct(StringComparer.Ordinal).OrderBy(t => t, StringComparer.Ordinal).ToList();
        if (request.Tenant != null)
        {
            if (!tenants.Contains(request.Tenant))
            {
                throw new InsightException("unknown tenant " + request.Tenant + "; tenants in the database: " + string.Join(", ", tenants));
            }

            return request.Tenant;
        }

        if (request.Stores.Count > 0)
        {
            var owning = terminals.Where(t => request.Stores.Contains(t.ShopId)).Select(t => t.Tenant).Distinct().ToList();
            if (owning.Count == 1)
            {
                return owning[0];
            }

            if (owning.Count > 1)
            {
                throw new InsightException("the stores belong to several tenants (" + string.Join(", ", owning) + "): choose one with --tenant");
            }
        }

        if (tenants.Count == 1)
        {
            return tenants[0];
        }

        throw new InsightException("the database holds several tenants (" + string.Join(", ", tenants) + "): choose one with --tenant");
    }

    private static StoreInfo[] BuildStores(List<TerminalRow> terminals)
    {
        var stores = new List<StoreInfo>();
        foreach (var g in terminals.GroupBy(t => t.ShopId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var kinds = g.Select(t => (t.Currency, t.Decimals)).Distinct().ToList();
            if (kinds.Count > 1)
            {
                throw new InsightException("store " + g.Key + " has terminals with different currencies: " + string.Join(", ", g.Select(t => t.TerminalId + " " + t.Currency + "/" + t.Decimals)));
            }

            stores.Add(new StoreInfo(g.Key, kinds[0].Currency, kinds[0].Decimals));
        }

        if (stores.Count > short.MaxValue)
        {
            throw new InsightException("more than 32767 stores in one tenant");
        }

        return stores.ToArray();
    }

    private static bool[] SelectStores(StoreInfo[] stores, IReadOnlyList<string> wanted)
    {
        var selected = new bool[stores.Length];
        if (wanted.Count == 0)
        {
            Array.Fill(selected, true);
            return selected;
        }

        foreach (string w in wanted)
        {
            int i = Array.FindIndex(stores, s => s.ShopId == w);
            if (i < 0)
            {
                throw new InsightException("unknown store " + w + "; stores in the database: " + string.Join(", ", stores.Select(s => s.ShopId)));
            }

            selected[i] = true;
        }

        return selected;
    }

    private static void AddParameter(DbCommand cmd, string name, object value)
    {
        DbParameter p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    /// <summary>Validates rows and packs them, interning terminals and card UIDs without allocating per row.</summary>
    private sealed class RowCollector(string tenant, Dictionary<string, int> terminalIndex, short[] terminalStore, Action<string>? progress)
    {
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _terminals = terminalIndex.GetAlternateLookup<ReadOnlySpan<char>>();
        private readonly Dictionary<string, int> _uidIndex = new(StringComparer.Ordinal);
        private readonly string[] _terminalNames = terminalIndex.OrderBy(kv => kv.Value).Select(kv => kv.Key).ToArray();

        public RawRows Raw { get; } = new(1024);

        public List<string> Uids { get; } = [];

        public int Security { get; private set; }

        public long Count { get; private set; }

        public int Terminal(ReadOnlySpan<char> id, long seq)
        {
            return _terminals.TryGetValue(id, out int t) ? t
                : throw Corrupt(id.ToString(), seq, "terminal is not in the terminals table of tenant " + tenant + " (its currency is unknown)");
        }

        public void Add(string terminalId, long seq, long kind, long ts, string? uid, long amount, long category, long points, long voucher, long discount, long reference)
        {
            Add(Terminal(terminalId, seq), seq, kind, ts, uid == null, uid, amount, category, points, voucher, discount, reference);
        }

        public void Add(int terminal, long seq, long kind, long ts, bool uidNull, ReadOnlySpan<char> uid, long amount, long category, long points, long voucher, long discount, long reference)
        {
            if (++Count % ProgressEvery == 0)
            {
                progress?.Invoke("  " + Count.ToString("N0", CultureInfo.InvariantCulture) + " rows read");
            }

            Validate(_terminalNames[terminal], seq, kind, ts, uidNull, uid, amount, category, points, voucher);
            if (kind == TxKind.SecurityEvent)
            {
                Security++;
                return;
            }

            int member = -1;
            if (!uidNull && kind != TxKind.AnonymousSale)
            {
                var lookup = _uidIndex.GetAlternateLookup<ReadOnlySpan<char>>();
                if (!lookup.TryGetValue(uid, out member))
                {
                    member = Uids.Count;
                    string s = uid.ToString();
                    _uidIndex.Add(s, member);
                    Uids.Add(s);
                }
            }

            Raw.Add(terminal, seq, (byte)kind, ts, member, terminalStore[terminal], amount, (byte)category, (int)points, (int)voucher, discount, reference);
        }
    }

    private sealed record TerminalRow(string TerminalId, string Tenant, string ShopId, string Currency, int Decimals);

    /// <summary>Growable column arrays for the rows as read, before voids are applied.</summary>
    private sealed class RawRows(int capacity)
    {
        public int Count;
        public int[] Terminal = new int[capacity];
        public long[] Seq = new long[capacity];
        public byte[] Kind = new byte[capacity];
        public long[] Ts = new long[capacity];
        public int[] Member = new int[capacity];
        public short[] Store = new short[capacity];
        public long[] Amount = new long[capacity];
        public byte[] Category = new byte[capacity];
        public int[] Points = new int[capacity];
        public int[] Voucher = new int[capacity];
        public long[] Discount = new long[capacity];
        public long[] Reference = new long[capacity];

        public void Add(int terminal, long seq, byte kind, long ts, int member, short store, long amount, byte category, int points, int voucher, long discount, long reference)
        {
            if (Count == Ts.Length)
            {
                int n = Count * 2;
                Array.Resize(ref Terminal, n);
                Array.Resize(ref Seq, n);
                Array.Resize(ref Kind, n);
                Array.Resize(ref Ts, n);
                Array.Resize(ref Member, n);
                Array.Resize(ref Store, n);
                Array.Resize(ref Amount, n);
                Array.Resize(ref Category, n);
                Array.Resize(ref Points, n);
                Array.Resize(ref Voucher, n);
                Array.Resize(ref Discount, n);
                Array.Resize(ref Reference, n);
            }

            Terminal[Count] = terminal;
            Seq[Count] = seq;
            Kind[Count] = kind;
            Ts[Count] = ts;
            Member[Count] = member;
            Store[Count] = store;
            Amount[Count] = amount;
            Category[Count] = category;
            Points[Count] = points;
            Voucher[Count] = voucher;
            Discount[Count] = discount;
            Reference[Count] = reference;
            Count++;
        }
    }
}
