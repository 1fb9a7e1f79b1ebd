using System;
using System.Collections.Generic;
using System.Data.Common;
using Terminal.CardTrust;

namespace Terminal.Cloud
{
    /// <summary>
    /// The card-trust tables (docs/security.md, issue 8 phase 2), prefixed <c>sec_</c>:
    /// <list type="bullet">
    /// <item><c>sec_card_evidence</c>: card-evidence records (kind 7), one per (terminal, sequence), with the
    /// originality signature and whether it verified.</item>
    /// <item><c>sec_terminal_numbers</c>: which terminal issues serials under which 12-bit number, registered
    /// or learned from the terminal's first issuance.</item>
    /// <item><c>sec_findings</c>: what the checks found, once per (tenant, card, check, detail); the reason
    /// table behind <c>cards.blocked</c>.</item>
    /// </list>
    /// </summary>
    public sealed partial class CloudDatabase
    {
        private void EnsureSecuritySchema(string big, string id)
        {
            Exec($@"
CREATE TABLE IF NOT EXISTS sec_card_evidence (
  terminal_id {id} NOT NULL,
  seq         {big} NOT NULL,
  tenant_id   TEXT NOT NULL,
  uid         TEXT NOT NULL,
  signature   TEXT NOT NULL,
  original    INTEGER,
  received_at {big} NOT NULL,
  PRIMARY KEY (terminal_id, seq)
);
CREATE INDEX IF NOT EXISTS ix_sec_evidence_uid ON sec_card_evidence(tenant_id, uid);
CREATE TABLE IF NOT EXISTS sec_terminal_numbers (
  tenant_id       TEXT NOT NULL,
  terminal_number INTEGER NOT NULL,
  terminal_id     {id} NOT NULL,
  PRIMARY KEY (tenant_id, terminal_number)
);
CREATE UNIQUE INDEX IF NOT EXISTS ix_sec_numbers_terminal ON sec_terminal_numbers(terminal_id);
CREATE TABLE IF NOT EXISTS sec_findings (
  tenant_id   TEXT NOT NULL,
  uid         TEXT NOT NULL,
  check_kind  TEXT NOT NULL,
  detail      TEXT NOT NULL,
  terminal_id {id},
  seq         {big},
  blocking    INTEGER NOT NULL,
  found_at    {big} NOT NULL,
  PRIMARY KEY (tenant_id, uid, check_kind, detail)
);
CREATE INDEX IF NOT EXISTS ix_tx_tenant_kind_ref ON transactions(tenant_id, kind, reference);");
        }

        private void InsertEvidence(DbTransaction tx, string terminalId, string tenantId, TxRow row, long now)
        {
            Exec(tx, @"INSERT INTO sec_card_evidence (terminal_id, seq, tenant_id, uid, signature, original, received_at)
VALUES (@t, @seq, @ten, @uid, @sig, NULL, @now) ON CONFLICT (terminal_id, seq) DO NOTHING",
                ("t", terminalId), ("seq", row.Seq), ("ten", tenantId), ("uid", row.Uid), ("sig", row.Sig), ("now", now));
        }

        private bool SameEvidenceAsStored(DbTransaction tx, string terminalId, TxRow row)
        {
            using DbDataReader r = Query(tx, "SELECT uid, signature FROM sec_card_evidence WHERE terminal_id=@t AND seq=@seq", ("t", terminalId), ("seq", row.Seq));
            return r.Read() && r.GetString(0) == row.Uid && r.GetString(1) == row.Sig;
        }

        /// <summary>Says that <paramref name="terminalId"/> issues serials under <paramref name="number"/> (provisioning); false when the number or the terminal is taken.</summary>
        public bool SetTerminalNumber(string tenantId, string terminalId, int number)
        {
            if (number < 1 || number > 4095)
            {
                throw new ArgumentOutOfRangeException(nameof(number), "terminal numbers are 1-4095");
            }

            using DbTransaction tx = _db.BeginTransaction();
            int? current = NumberOf(tx, terminalId);
            string? holder = TerminalWithNumber(tx, tenantId, number);
            if (current == number && holder == terminalId)
            {
                tx.Commit();
                return true;
            }

            if (current != null || holder != null)
            {
                tx.Rollback();
                return false;
            }

            Exec(tx, "INSERT INTO sec_terminal_numbers (tenant_id, terminal_number, terminal_id) VALUES (@ten, @n, @t)", ("ten", tenantId), ("n", number), ("t", terminalId));
            tx.Commit();
            return true;
        }

        /// <summary>The terminal number of a terminal, or null when neither registered nor learned.</summary>
        public int? TerminalNumber(string terminalId) => NumberOf(null, terminalId);

        /// <summary>Evidence records of a card not yet verified: (terminal, seq, signature).</summary>
        internal List<(string Terminal, long Seq, string Signature)> UncheckedEvidence(string tenantId, string uid)
        {
            List<(string, long, string)> list = new();
            using DbDataReader r = Query(null, "SELECT terminal_id, seq, signature FROM sec_card_evidence WHERE tenant_id=@ten AND uid=@uid AND original IS NULL ORDER BY terminal_id, seq",
                ("ten", tenantId), ("uid", uid));
            while (r.Read())
            {
                list.Add((r.GetString(0), Convert.ToInt64(r.GetValue(1)), r.GetString(2)));
            }

            return list;
        }

        /// <summary>Stores the outcome of the originality check of one evidence record.</summary>
        internal void MarkEvidence(string terminalId, long seq, bool original)
        {
            Exec(null, "UPDATE sec_card_evidence SET original=@o WHERE terminal_id=@t AND seq=@seq", ("o", original ? 1 : 0), ("t", terminalId), ("seq", seq));
        }

        /// <summary>
        /// Issuances the evidence of a card proves: an Enrol at (terminal, seq - 1) with the same UID and a
        /// serial. Each is (terminal, serial). Evidence without such an Enrol proves nothing.
        /// </summary>
        internal List<(string Terminal, long Seq, uint Serial)> Issuances(string tenantId, string uid)
        {
            List<(string, long, uint)> list = new();
            using DbDataReader r = Query(null, @"SELECT e.terminal_id, t.seq, t.reference FROM sec_card_evidence e
JOIN transactions t ON t.terminal_id = e.terminal_id AND t.seq = e.seq - 1 AND t.uid = e.uid AND t.kind = 4
WHERE e.tenant_id=@ten AND e.uid=@uid AND t.reference <> 0 ORDER BY e.terminal_id, e.seq", ("ten", tenantId), ("uid", uid));
            while (r.Read())
            {
                list.Add((r.GetString(0), Convert.ToInt64(r.GetValue(1)), (uint)Convert.ToInt64(r.GetValue(2))));
            }

            return list;
        }

        /// <summary>Learns a terminal's number from an issuance when neither side is known yet; returns the terminal that holds the number afterwards.</summary>
        internal string? LearnTerminalNumber(string tenantId, string terminalId, int number)
        {
            using DbTransaction tx = _db.BeginTransaction();
            string? holder = TerminalWithNumber(tx, tenantId, number);
            if (holder == null && NumberOf(tx, terminalId) == null)
            {
                Exec(tx, "INSERT INTO sec_terminal_numbers (tenant_id, terminal_number, terminal_id) VALUES (@ten, @n, @t)", ("ten", tenantId), ("n", number), ("t", terminalId));
                holder = terminalId;
            }

            tx.Commit();
            return holder;
        }

        /// <summary>
        /// The card's taps that read its NFC counter (earn, redeem, void, enrol; not refused cards), in a
        /// fixed order: the check breaks ties in input order, and a finding's detail is its key, so the
        /// order must not depend on the query plan (it did: SQLite and PostgreSQL index scans return index order, a PostgreSQL sequential scan storage order).
        /// </summary>
        internal List<CounterTap> CounterTaps(string tenantId, string uid)
        {
            List<CounterTap> list = new();
            using DbDataReader r = Query(null, "SELECT terminal_id, seq, ts, card_counter FROM transactions WHERE tenant_id=@ten AND uid=@uid AND kind BETWEEN 1 AND 4 AND card_counter <> 0 ORDER BY ts, terminal_id, seq",
                ("ten", tenantId), ("uid", uid));
            while (r.Read())
            {
                list.Add(new CounterTap(r.GetString(0), Convert.ToInt64(r.GetValue(1)), Convert.ToInt64(r.GetValue(2)), (uint)Convert.ToInt64(r.GetValue(3))));
            }

            return list;
        }

        /// <summary>
        /// Enrol rows carrying a serial: of one card, or (with <paramref name="serial"/>) of every card with
        /// that serial; by serial, then time. Fixed, because which of a card's uid-reissued findings (one
        /// per serial, the same key) gets recorded follows this order.
        /// </summary>
        internal List<(string Terminal, long Seq, long Ts, string Uid, uint Serial)> SerialSightings(string tenantId, string? uid, uint? serial)
        {
            List<(string, long, long, string, uint)> list = new();
            const string Sql = "SELECT terminal_id, seq, ts, uid, reference FROM transactions WHERE tenant_id=@ten AND kind=4 AND ";
            const string Order = " ORDER BY reference, ts, terminal_id, seq";
            using DbDataReader r = uid != null
                ? Query(null, Sql + "uid=@uid AND reference <> 0" + Order, ("ten", tenantId), ("uid", uid))
                : Query(null, Sql + "reference=@ref" + Order, ("ten", tenantId), ("ref", (long)serial!.Value));
            while (r.Read())
            {
                list.Add((r.GetString(0), Convert.ToInt64(r.GetValue(1)), Convert.ToInt64(r.GetValue(2)), r.GetString(3), (uint)Convert.ToInt64(r.GetValue(4))));
            }

            return list;
        }

        /// <summary>Cards of the tenant seen with a serial under terminal number <paramref name="number"/> (re-checked when that terminal syncs).</summary>
        internal List<string> CardsWithSerialsOf(string tenantId, int number)
        {
            List<string> list = new();
            using DbDataReader r = Query(null, "SELECT DISTINCT uid FROM transactions WHERE tenant_id=@ten AND kind=4 AND reference >= @lo AND reference < @hi",
                ("ten", tenantId), ("lo", (long)number << 20), ("hi", (long)(number + 1) << 20));
            while (r.Read())
            {
                list.Add(r.GetString(0));
            }

            return list;
        }

        /// <summary>
        /// Highest credential sequence the terminal holding <paramref name="number"/> proved it issued
        /// (Enrol + evidence rows of that terminal under that number); 0 when none.
        /// </summary>
        internal int IssuedUpTo(string tenantId, int number)
        {
            string? holder = TerminalWithNumber(null, tenantId, number);
            if (holder == null)
            {
                return 0;
            }

            object? max = Scalar(null, @"SELECT MAX(t.reference) FROM transactions t
JOIN sec_card_evidence e ON e.terminal_id = t.terminal_id AND e.seq = t.seq + 1 AND e.uid = t.uid
WHERE t.terminal_id=@t AND t.kind = 4 AND t.reference >= @lo AND t.reference < @hi",
                ("t", holder), ("lo", (long)number << 20), ("hi", (long)(number + 1) << 20));
            return max == null || max is DBNull ? 0 : (int)(Convert.ToInt64(max) & 0xFFFFF);
        }

        /// <summary>The terminal holding <paramref name="number"/> in the tenant, or null.</summary>
        internal string? TerminalWithNumber(string tenantId, int number) => TerminalWithNumber(null, tenantId, number);

        /// <summary>True when every terminal of the tenant has a known number (so a number none holds belongs to nobody).</summary>
        internal bool EveryTerminalNumbered(string tenantId)
        {
            return Convert.ToInt64(Scalar(null, @"SELECT COUNT(*) FROM terminals t LEFT JOIN sec_terminal_numbers n ON n.terminal_id = t.terminal_id
WHERE t.tenant_id=@ten AND n.terminal_id IS NULL", ("ten", tenantId))) == 0;
        }

        /// <summary>
        /// True when the cloud holds everything <paramref name="terminalId"/> recorded up to Unix time
        /// <paramref name="ts"/>: a stored transaction of it at or after that time, or a status since then
        /// that reported no more than the cloud holds. Until then its issuances may still be on the way.
        /// </summary>
        internal bool SyncedPast(string terminalId, long ts)
        {
            object? latest = Scalar(null, "SELECT MAX(ts) FROM transactions WHERE terminal_id=@t", ("t", terminalId));
            if (latest != null && latest is not DBNull && Convert.ToInt64(latest) >= ts)
            {
                return true;
            }

            using DbDataReader r = Query(null, @"SELECT s.status_at, s.reported_last, t.last_seq FROM sync_terminal_status s JOIN terminals t ON t.terminal_id = s.terminal_id
WHERE s.terminal_id=@t AND s.online <> 0", ("t", terminalId));
            return r.Read() && !r.IsDBNull(1) && Convert.ToInt64(r.GetValue(0)) >= ts && Convert.ToInt64(r.GetValue(1)) <= Convert.ToInt64(r.GetValue(2));
        }

        /// <summary>
        /// Records findings (each once) and blocks the cards of new blocking ones, in one database
        /// transaction. Returns the cards newly blocked (the blocked list's version moved once if any).
        /// </summary>
        internal List<string> RecordFindings(string tenantId, IEnumerable<Finding> findings, long now)
        {
            List<string> blocked = new();
            using DbTransaction tx = _db.BeginTransaction();
            foreach (Finding f in findings)
            {
                int added = Exec(tx, @"INSERT INTO sec_findings (tenant_id, uid, check_kind, detail, terminal_id, seq, blocking, found_at)
VALUES (@ten, @uid, @k, @d, @t, @seq, @b, @now) ON CONFLICT (tenant_id, uid, check_kind, detail) DO NOTHING",
                    ("ten", tenantId), ("uid", f.Uid), ("k", f.Check), ("d", f.Detail), ("t", f.TerminalId), ("seq", f.Seq), ("b", f.Blocking ? 1 : 0), ("now", now));
                if (added == 0 || !f.Blocking || blocked.Contains(f.Uid))
                {
                    continue;
                }

                // A card the cloud never saw as a card row (only refused or evidence) is blocked all the same.
                int changed = Exec(tx, @"INSERT INTO cards (tenant_id, uid, enrolled_at, balance, blocked) VALUES (@ten, @uid, @now, 0, 1)
ON CONFLICT (tenant_id, uid) DO UPDATE SET blocked = 1 WHERE cards.blocked = 0", ("ten", tenantId), ("uid", f.Uid), ("now", now));
                if (changed > 0)
                {
                    blocked.Add(f.Uid);
                }
            }

            if (blocked.Count > 0)
            {
                Exec(tx, "INSERT INTO sync_tenants (tenant_id) VALUES (@ten) ON CONFLICT (tenant_id) DO NOTHING", ("ten", tenantId));
                Exec(tx, "UPDATE sync_tenants SET blocked_version = blocked_version + 1 WHERE tenant_id=@ten", ("ten", tenantId));
            }

            tx.Commit();
            return blocked;
        }

        /// <summary>Findings, newest first (of one card, or all).</summary>
        public List<Finding> Findings(string? uid = null)
        {
            List<Finding> list = new();
            const string Sql = "SELECT tenant_id, uid, check_kind, detail, terminal_id, seq, blocking, found_at FROM sec_findings";
            const string Order = " ORDER BY found_at DESC, uid, check_kind, detail";
            using DbDataReader r = uid == null ? Query(null, Sql + Order) : Query(null, Sql + " WHERE uid=@uid" + Order, ("uid", uid));
            while (r.Read())
            {
                list.Add(new Finding(r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), NullableLong(r, 5),
                    Convert.ToInt64(r.GetValue(6)) != 0, r.GetString(0), Convert.ToInt64(r.GetValue(7))));
            }

            return list;
        }

        /// <summary>Security events the terminals recorded (cards they refused), newest first: (terminal, row).</summary>
        public List<(string Terminal, TxRow Row)> SecurityEvents(string? uid = null)
        {
            List<(string, TxRow)> list = new();
            const string Sql = @"SELECT terminal_id, seq, kind, ts, uid, amount_minor, category, points, voucher_id, discount_minor, reference, card_counter, flags
FROM transactions WHERE kind = 6";
            const string Order = " ORDER BY ts DESC, terminal_id, seq";
            using DbDataReader r = uid == null ? Query(null, Sql + Order) : Query(null, Sql + " AND uid=@uid" + Order, ("uid", uid));
            while (r.Read())
            {
                list.Add((r.GetString(0), ReadRow(r, 1)));
            }

            return list;
        }

        /// <summary>A card's stored evidence: (terminal, seq, signature, original: null = not checked yet).</summary>
        public List<(string Terminal, long Seq, string Signature, bool? Original)> Evidence(string uid)
        {
            List<(string, long, string, bool?)> list = new();
            using DbDataReader r = Query(null, "SELECT terminal_id, seq, signature, original FROM sec_card_evidence WHERE uid=@uid ORDER BY terminal_id, seq", ("uid", uid));
            while (r.Read())
            {
                list.Add((r.GetString(0), Convert.ToInt64(r.GetValue(1)), r.GetString(2), r.IsDBNull(3) ? null : Convert.ToInt64(r.GetValue(3)) != 0));
            }

            return list;
        }

        /// <summary>Per terminal: findings its records revealed, and cards it refused (security events).</summary>
        public Dictionary<string, (long Findings, long Refused)> SecurityCounts()
        {
            Dictionary<string, (long, long)> d = new(StringComparer.Ordinal);
            using (DbDataReader r = Query(null, "SELECT terminal_id, COUNT(*) FROM sec_findings WHERE terminal_id IS NOT NULL GROUP BY terminal_id"))
            {
                while (r.Read())
                {
                    d[r.GetString(0)] = (Convert.ToInt64(r.GetValue(1)), 0);
                }
            }

            using (DbDataReader r = Query(null, "SELECT terminal_id, COUNT(*) FROM transactions WHERE kind = 6 GROUP BY terminal_id"))
            {
                while (r.Read())
                {
                    d.TryGetValue(r.GetString(0), out (long F, long R) c);
                    d[r.GetString(0)] = (c.F, Convert.ToInt64(r.GetValue(1)));
                }
            }

            return d;
        }

        private int? NumberOf(DbTransaction? tx, string terminalId)
        {
            object? n = Scalar(tx, "SELECT terminal_number FROM sec_terminal_numbers WHERE terminal_id=@t", ("t", terminalId));
            return n == null || n is DBNull ? null : Convert.ToInt32(n);
        }

        private string? TerminalWithNumber(DbTransaction? tx, string tenantId, int number)
        {
            object? t = Scalar(tx, "SELECT terminal_id FROM sec_terminal_numbers WHERE tenant_id=@ten AND terminal_number=@n", ("ten", tenantId), ("n", number));
            return t == null || t is DBNull ? null : (string)t;
        }
    }
}
