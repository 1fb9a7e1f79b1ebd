using System.Data.Common;
using System.Globalization;

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

        var raw = new RawRows(1024);
        var uidIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var uids = new List<string>();
        int security = 0;
        using (DbCommand cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT terminal_id, seq, shop_id, kind, ts, uid, amount_minor, category, points, voucher_id, discount_minor, reference " +
                "FROM transactions WHERE tenant_id = @tenant AND " +

                // SQLite orders text after every integer, so a corrupt text ts would silently fall outside "ts < @to":
                // fetch such rows too, and let the row check reject them.
                (sqlite ? "(ts < @to OR typeof(ts) <> 'integer')" : "ts < @to");
            AddParameter(cmd, "@tenant", tenant);
            AddParameter(cmd, "@to", request.ToExclusive);
            progress?.Invoke("reading transactions of tenant " + tenant + " ...");
            using DbDataReader r = cmd.ExecuteReader();
            long rows = 0;
            while (r.Read())
            {
                rows++;
                if (rows % ProgressEvery == 0)
                {
                    progress?.Invoke("  " + rows.ToString("N0", CultureInfo.InvariantCulture) + " rows read");
                }

                string terminalId = r.IsDBNull(0) ? throw Corrupt("?", 0, "terminal_id is NULL") : r.GetString(0);
                long seq = ReadLong(r, 1, sqlite, terminalId, 0, "seq");
                string where = terminalId;
                if (!terminalIndex.TryGetValue(terminalId, out int terminal))
                {
                    throw Corrupt(terminalId, seq, "terminal is not in the terminals table of tenant " + tenant + " (its currency is unknown)");
                }

                string shop = r.IsDBNull(2) ? throw Corrupt(where, seq, "shop_id is NULL") : r.GetString(2);
                if (shop != stores[terminalStore[terminal]].ShopId)
                {
                    throw Corrupt(where, seq, "shop_id " + shop + " differs from the terminal's store " + stores[terminalStore[terminal]].ShopId);
                }

                long kind = ReadLong(r, 3, sqlite, where, seq, "kind");
                long ts = ReadLong(r, 4, sqlite, where, seq, "ts");
                string? uid = r.IsDBNull(5) ? null : r.GetString(5);
                long amount = ReadLong(r, 6, sqlite, where, seq, "amount_minor");
                long category = ReadLong(r, 7, sqlite, where, seq, "category");
                long points = ReadLong(r, 8, sqlite, where, seq, "points");
                long voucher = ReadLong(r, 9, sqlite, where, seq, "voucher_id");
                long discount = ReadLong(r, 10, sqlite, where, seq, "discount_minor");
                long reference = ReadLong(r, 11, sqlite, where, seq, "reference");
                Validate(where, seq, kind, ts, uid, amount, category, points, voucher);
                if (kind == TxKind.SecurityEvent)
                {
                    security++;
                    continue;
                }

                int member = -1;
                if (uid != null && kind != TxKind.AnonymousSale)
                {
                    if (!uidIndex.TryGetValue(uid, out member))
                    {
                        member = uids.Count;
                        uidIndex.Add(uid, member);
                        uids.Add(uid);
                    }
                }

                raw.Add(terminal, seq, (byte)kind, ts, member, terminalStore[terminal], amount, (byte)category, (int)points, (int)voucher, discount, reference);
            }

            progress?.Invoke("  " + rows.ToString("N0", CultureInfo.InvariantCulture) + " rows read");
        }

        bool[] removed = ApplyVoids(connection, raw, tenantTerminals, out int voids);
        Dataset data = Build(raw, removed, uids, stores, selected, tenant);
        data.VoidsApplied = voids;
        data.SecurityEvents = security;
        data.RowsRead = raw.Count + security;
        data.Currency = chosen[0].Currency;
        data.Decimals = chosen[0].Decimals;
        return data;
    }

    private static InsightException Corrupt(string terminal, long seq, string what)
    {
        return new InsightException("corrupt row in transactions (terminal " + terminal + ", seq " + seq.ToString(CultureInfo.InvariantCulture) + "): " + what);
    }

    private static long ReadLong(DbDataReader r, int i, bool sqlite, string terminal, long seq, string column)
    {
        if (r.IsDBNull(i))
        {
            throw Corrupt(terminal, seq, column + " is NULL");
        }

        // SQLite stores whatever it is given; a text or real value in an integer column is corruption,
        // not something to coerce silently to 0.
        if (sqlite && r.GetFieldType(i) != typeof(long))
        {
            throw Corrupt(terminal, seq, column + " is not an integer (" + Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture) + ")");
        }

        return r.GetInt64(i);
    }

    private static void Validate(string terminal, long seq, long kind, long ts, string? uid, long amount, long category, long points, long voucher)
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
        if (needsCard && string.IsNullOrEmpty(uid))
        {
            throw Corrupt(terminal, seq, "uid is NULL for a kind " + kind.ToString(CultureInfo.InvariantCulture) + " row");
        }

        if (kind == TxKind.AnonymousSale && uid != null)
        {
            throw Corrupt(terminal, seq, "an anonymous sale carries uid " + uid);
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
