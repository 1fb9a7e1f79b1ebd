namespace Terminal.Core.Sync
{
    /// <summary>Identity and tuning of the sync engine, with defaults for a shop terminal.</summary>
    public sealed class SyncOptions
    {
        /// <summary>Creates options for a terminal of a tenant's shop.</summary>
        public SyncOptions(string terminalId, string tenantId, string shopId)
        {
            TerminalId = terminalId;
            TenantId = tenantId;
            ShopId = shopId;
            FirmwareVersion = "0.1.0";
            BatchSize = 32;
            WindowBatches = 4;
            AckTimeoutMs = 5000;
            MaxBackoffMs = 60000;
            GapRewindHoldMs = 1000;
            ResyncHoldMs = 2000;
            MaxIncomingBytes = 16384;
            MaxConfigBytes = 4096;
            MaxBlockedCards = 512;
            MaxBalanceCards = 64;
            MessagesPerPoll = 8;
            StatusIntervalMs = 300000;
            OfflineCardCapPoints = 1000;
            OfflineTerminalCapPoints = 5000;
        }

        /// <summary>This terminal (MQTT user name and client id).</summary>
        public string TerminalId { get; private set; }

        /// <summary>The retailer.</summary>
        public string TenantId { get; private set; }

        /// <summary>The store.</summary>
        public string ShopId { get; private set; }

        /// <summary>Reported in the status message.</summary>
        public string FirmwareVersion { get; set; }

        /// <summary>Transactions per published batch.</summary>
        public int BatchSize { get; set; }

        /// <summary>Batches published ahead of the cloud's acknowledgement.</summary>
        public int WindowBatches { get; set; }

        /// <summary>First wait for an acknowledgement before resending from the last one; doubles per retry.</summary>
        public int AckTimeoutMs { get; set; }

        /// <summary>Longest wait between retries.</summary>
        public int MaxBackoffMs { get; set; }

        /// <summary>After a resend, gap hints from the cloud are ignored this long (they describe batches already superseded).</summary>
        public int GapRewindHoldMs { get; set; }

        /// <summary>
        /// Shortest time between two status messages sent to ask for a balance resync (after a
        /// missing or put-off balance message): a resync resends every card since the cursor.
        /// </summary>
        public int ResyncHoldMs { get; set; }

        /// <summary>Larger incoming payloads are refused unread.</summary>
        public int MaxIncomingBytes { get; set; }

        /// <summary>Largest configuration payload kept (it is stored as received).</summary>
        public int MaxConfigBytes { get; set; }

        /// <summary>Most entries of a blocked-card list.</summary>
        public int MaxBlockedCards { get; set; }

        /// <summary>Most cards in one balance message.</summary>
        public int MaxBalanceCards { get; set; }

        /// <summary>Incoming messages handled per <see cref="SyncEngine.Poll"/>, so the tap loop stays responsive.</summary>
        public int MessagesPerPoll { get; set; }

        /// <summary>The status is re-published this often; each one lets the cloud resend missed card balances.</summary>
        public int StatusIntervalMs { get; set; }

        /// <summary>Points one card may redeem in transactions the cloud has not acknowledged (0 = no cap).</summary>
        public int OfflineCardCapPoints { get; set; }

        /// <summary>Points the whole terminal may redeem in unacknowledged transactions (0 = no cap).</summary>
        public int OfflineTerminalCapPoints { get; set; }
    }
}
