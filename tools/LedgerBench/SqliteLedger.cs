using System;
using Microsoft.Data.Sqlite;
using Terminal.Core.Domain;
using Terminal.Core.Ledger;

namespace LedgerBench
{
    /// <summary>
    /// The straightforward alternative: a cards table and a transactions table in SQLite,
    /// WAL journal, synchronous=FULL, one SQL transaction per tap (insert the record, upsert the
    /// card), acknowledged transactions deleted when the cloud confirms them.
    /// </summary>
    public sealed class SqliteLedger : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _lookup;
        private readonly SqliteCommand _insert;
        private readonly SqliteCommand _upsert;
        private readonly SqliteCommand _begin;
        private readonly SqliteCommand _commit;
        private readonly SqliteParameter _lookupKey;
        private readonly SqliteParameter[] _tx;
        private readonly SqliteParameter _cardKey;
        private readonly SqliteParameter _cardPoints;
        private readonly SqliteParameter _cardUsed;
        private readonly SqliteParameter _cardCleared;
        private readonly SqliteParameter _cardFlags;

        public SqliteLedger(string path, bool durable)
        {
            _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            _connection.Open();
            Execute("PRAGMA journal_mode=WAL;");
            Execute(durable ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=OFF;");
            Execute("CREATE TABLE IF NOT EXISTS cards (key INTEGER PRIMARY KEY, balance INTEGER NOT NULL, vouchers INTEGER NOT NULL, flags INTEGER NOT NULL);");
            Execute("CREATE TABLE IF NOT EXISTS transactions (seq INTEGER PRIMARY KEY, kind INTEGER NOT NULL, ts INTEGER NOT NULL, uid BLOB NOT NULL, " +
                    "amount INTEGER NOT NULL, category INTEGER NOT NULL, points INTEGER NOT NULL, voucher INTEGER NOT NULL, discount INTEGER NOT NULL, " +
                    "reference INTEGER NOT NULL, counter INTEGER NOT NULL, flags INTEGER NOT NULL);");
            Execute("CREATE TABLE IF NOT EXISTS meta (id INTEGER PRIMARY KEY, synced INTEGER NOT NULL);");
            Execute("INSERT OR IGNORE INTO meta (id, synced) VALUES (1, 0);");

            _lookup = Command("SELECT balance, vouchers, flags FROM cards WHERE key = $key;");
            _lookupKey = _lookup.Parameters.Add("$key", SqliteType.Integer);
            _insert = Command("INSERT INTO transactions VALUES ($seq, $kind, $ts, $uid, $amount, $category, $points, $voucher, $discount, $reference, $counter, $flags);");
            _tx = new SqliteParameter[12];
            string[] names = { "$seq", "$kind", "$ts", "$uid", "$amount", "$category", "$points", "$voucher", "$discount", "$reference", "$counter", "$flags" };
            for (int i = 0; i < names.Length; i++)
            {
                _tx[i] = _insert.Parameters.Add(names[i], i == 3 ? SqliteType.Blob : SqliteType.Integer);
            }

            _upsert = Command("INSERT INTO cards (key, balance, vouchers, flags) VALUES ($key, $points, $used, $flags) " +
                              "ON CONFLICT(key) DO UPDATE SET balance = balance + $points, vouchers = (vouchers | $used) & ~$cleared;");
            _cardKey = _upsert.Parameters.Add("$key", SqliteType.Integer);
            _cardPoints = _upsert.Parameters.Add("$points", SqliteType.Integer);
            _cardUsed = _upsert.Parameters.Add("$used", SqliteType.Integer);
            _cardCleared = _upsert.Parameters.Add("$cleared", SqliteType.Integer);
            _cardFlags = _upsert.Parameters.Add("$flags", SqliteType.Integer);
            _begin = Command("BEGIN;");
            _commit = Command("COMMIT;");
            foreach (SqliteCommand c in new[] { _lookup, _insert, _upsert, _begin, _commit })
            {
                c.Prepare();
            }

            using SqliteCommand last = Command("SELECT coalesce(max(seq), 0), (SELECT synced FROM meta WHERE id = 1) FROM transactions;");
            using SqliteDataReader reader = last.ExecuteReader();
            reader.Read();
            LastSequence = (uint)reader.GetInt64(0);
            SyncedSequence = (uint)reader.GetInt64(1);
            LastSequence = Math.Max(LastSequence, SyncedSequence);
        }

        public uint LastSequence { get; private set; }

        public uint SyncedSequence { get; private set; }

        public bool Lookup(CardUid uid, CardState state)
        {
            state.Clear();
            _lookupKey.Value = (long)uid.Key();
            using SqliteDataReader reader = _lookup.ExecuteReader();
            if (!reader.Read())
            {
                return false;
            }

            state.Exists = true;
            state.Balance = reader.GetInt32(0);
            state.VouchersUsed = (ushort)reader.GetInt32(1);
            state.Flags = (byte)reader.GetInt32(2);
            return true;
        }

        /// <summary>One tap: the record and the card change in one SQL transaction.</summary>
        public void Commit(Transaction t)
        {
            t.Sequence = LastSequence + 1;
            _begin.ExecuteNonQuery();
            try
            {
                Insert(t);
                Apply(t);
                _commit.ExecuteNonQuery();
            }
            catch
            {
                Execute("ROLLBACK;");
                throw;
            }

            LastSequence = t.Sequence;
        }

        /// <summary>Bulk load (used to build the starting state, not measured).</summary>
        public void Load(Action<SqliteLedger> load)
        {
            _begin.ExecuteNonQuery();
            load(this);
            _commit.ExecuteNonQuery();
        }

        public void PutCard(ulong key, int balance, ushort vouchers)
        {
            _cardKey.Value = (long)key;
            _cardPoints.Value = balance;
            _cardUsed.Value = (int)vouchers;
            _cardCleared.Value = 0;
            _cardFlags.Value = 0;
            _upsert.ExecuteNonQuery();
        }

        public void PutTransaction(Transaction t)
        {
            Insert(t);
            LastSequence = Math.Max(LastSequence, t.Sequence);
        }

        public void SetSynced(uint synced)
        {
            using SqliteCommand set = Command("UPDATE meta SET synced = $s WHERE id = 1;");
            set.Parameters.AddWithValue("$s", (long)synced);
            set.ExecuteNonQuery();
            SyncedSequence = synced;
        }

        /// <summary>The cloud acknowledged everything up to <paramref name="sequence"/>: delete those rows.</summary>
        public void MarkSynced(uint sequence)
        {
            _begin.ExecuteNonQuery();
            using (SqliteCommand delete = Command("DELETE FROM transactions WHERE seq <= $s;"))
            {
                delete.Parameters.AddWithValue("$s", (long)sequence);
                delete.ExecuteNonQuery();
            }

            SetSynced(sequence);
            _commit.ExecuteNonQuery();
        }

        public void Dispose()
        {
            foreach (SqliteCommand c in new[] { _lookup, _insert, _upsert, _begin, _commit })
            {
                c.Dispose();
            }

            _connection.Dispose();
        }

        private void Insert(Transaction t)
        {
            byte[] uid = new byte[t.Uid.Length];
            Array.Copy(t.Uid.Bytes, uid, uid.Length);
            _tx[0].Value = (long)t.Sequence;
            _tx[1].Value = (int)t.Kind;
            _tx[2].Value = (long)t.Timestamp;
            _tx[3].Value = uid;
            _tx[4].Value = t.AmountMinor;
            _tx[5].Value = (int)t.Category;
            _tx[6].Value = t.Points;
            _tx[7].Value = (int)t.VoucherId;
            _tx[8].Value = t.DiscountMinor;
            _tx[9].Value = (long)t.Reference;
            _tx[10].Value = (long)t.CardCounter;
            _tx[11].Value = (int)t.Flags;
            _insert.ExecuteNonQuery();
        }

        private void Apply(Transaction t)
        {
            if (t.Uid.Length == 0)
            {
                return;
            }

            int bit = t.VoucherId >= 1 && t.VoucherId <= 16 ? 1 << (t.VoucherId - 1) : 0;
            _cardKey.Value = (long)t.Uid.Key();
            _cardPoints.Value = t.Points;
            _cardUsed.Value = t.Kind == TransactionKind.Redeem ? bit : 0;
            _cardCleared.Value = t.Kind == TransactionKind.Void ? bit : 0;
            _cardFlags.Value = 0;
            _upsert.ExecuteNonQuery();
        }

        private void Execute(string sql)
        {
            using SqliteCommand c = Command(sql);
            c.ExecuteNonQuery();
        }

        private SqliteCommand Command(string sql)
        {
            SqliteCommand c = _connection.CreateCommand();
            c.CommandText = sql;
            return c;
        }
    }
}
