namespace Terminal.Insight.Data;

/// <summary>
/// The cloud database tables as agreed with the sync service (which owns the production schema).
/// The generator and the tests create them with this DDL; the report only reads them.
/// </summary>
public static class CloudSchema
{
    /// <summary>DDL valid in both SQLite and PostgreSQL (same names and types in both).</summary>
    public static readonly string[] Statements =
    {
        """
        CREATE TABLE IF NOT EXISTS terminals (
          terminal_id  TEXT PRIMARY KEY,
          tenant_id    TEXT NOT NULL,
          shop_id      TEXT NOT NULL,
          currency     TEXT NOT NULL DEFAULT 'EUR',
          decimals     INTEGER NOT NULL DEFAULT 2,
          last_seen    INTEGER,
          last_seq     INTEGER NOT NULL DEFAULT 0
        )
        """,
        """
        CREATE TABLE IF NOT EXISTS transactions (
          terminal_id    TEXT NOT NULL,
          seq            INTEGER NOT NULL,
          tenant_id      TEXT NOT NULL,
          shop_id        TEXT NOT NULL,
          kind           INTEGER NOT NULL,
          ts             INTEGER NOT NULL,
          uid            TEXT,
          amount_minor   INTEGER NOT NULL,
          category       INTEGER NOT NULL,
          points         INTEGER NOT NULL,
          voucher_id     INTEGER NOT NULL,
          discount_minor INTEGER NOT NULL,
          reference      INTEGER NOT NULL,
          card_counter   INTEGER NOT NULL,
          flags          INTEGER NOT NULL,
          received_at    INTEGER NOT NULL,
          PRIMARY KEY (terminal_id, seq)
        )
        """,
        "CREATE INDEX IF NOT EXISTS ix_tx_uid ON transactions(uid, ts)",
        "CREATE INDEX IF NOT EXISTS ix_tx_shop_ts ON transactions(shop_id, ts)",
        """
        CREATE TABLE IF NOT EXISTS cards (
          tenant_id   TEXT NOT NULL,
          uid         TEXT NOT NULL,
          enrolled_at INTEGER NOT NULL,
          balance     INTEGER NOT NULL,
          blocked     INTEGER NOT NULL DEFAULT 0,
          PRIMARY KEY (tenant_id, uid)
        )
        """,
    };
}
