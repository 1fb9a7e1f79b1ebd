namespace Terminal.Core.Sync
{
    /// <summary>
    /// MQTT topic names (docs/sync.md). Everything a terminal writes is under
    /// <c>loyalty/{terminal}/up/</c> and everything it reads under <c>loyalty/{terminal}/down/</c>,
    /// so one broker ACL pattern per direction keeps each terminal inside its own topics.
    /// </summary>
    public sealed class SyncTopics
    {
        /// <summary>First topic level of every sync topic.</summary>
        public const string Root = "loyalty";

        /// <summary>Leaf of transaction batches (terminal to cloud, QoS 1).</summary>
        public const string TxLeaf = "up/tx";

        /// <summary>Leaf of the retained presence message and the Last Will.</summary>
        public const string StatusLeaf = "up/status";

        /// <summary>Leaf of the cloud's cumulative acknowledgement (retained).</summary>
        public const string AckLeaf = "down/ack";

        /// <summary>Leaf of earn rules and voucher catalogue (retained).</summary>
        public const string ConfigLeaf = "down/config";

        /// <summary>Leaf of the blocked-card list (retained).</summary>
        public const string BlockedLeaf = "down/blocked";

        /// <summary>Leaf of card balance updates (QoS 1, not retained).</summary>
        public const string BalanceLeaf = "down/balance";

        /// <summary>Longest terminal id (it is also the MQTT user name and client id).</summary>
        public const int MaxIdLength = 32;

        /// <summary>Creates the topic set of one terminal.</summary>
        public SyncTopics(string terminalId)
        {
            if (!IsValidId(terminalId))
            {
                throw new System.ArgumentException("terminal id must be 1-32 of A-Z a-z 0-9 _ -");
            }

            TerminalId = terminalId;
            Transactions = For(terminalId, TxLeaf);
            Status = For(terminalId, StatusLeaf);
            Ack = For(terminalId, AckLeaf);
            Config = For(terminalId, ConfigLeaf);
            Blocked = For(terminalId, BlockedLeaf);
            Balance = For(terminalId, BalanceLeaf);
            Downlink = Root + "/" + terminalId + "/down/#";
        }

        /// <summary>The terminal these topics belong to.</summary>
        public string TerminalId { get; private set; }

        /// <summary><c>loyalty/{id}/up/tx</c></summary>
        public string Transactions { get; private set; }

        /// <summary><c>loyalty/{id}/up/status</c></summary>
        public string Status { get; private set; }

        /// <summary><c>loyalty/{id}/down/ack</c></summary>
        public string Ack { get; private set; }

        /// <summary><c>loyalty/{id}/down/config</c></summary>
        public string Config { get; private set; }

        /// <summary><c>loyalty/{id}/down/blocked</c></summary>
        public string Blocked { get; private set; }

        /// <summary><c>loyalty/{id}/down/balance</c></summary>
        public string Balance { get; private set; }

        /// <summary><c>loyalty/{id}/down/#</c>, the one filter a terminal subscribes to.</summary>
        public string Downlink { get; private set; }

        /// <summary><c>loyalty/{terminal}/{leaf}</c></summary>
        public static string For(string terminalId, string leaf)
        {
            return Root + "/" + terminalId + "/" + leaf;
        }

        /// <summary>True for ids safe as a topic level, user name and client id.</summary>
        public static bool IsValidId(string id)
        {
            if (id == null || id.Length == 0 || id.Length > MaxIdLength)
            {
                return false;
            }

            for (int i = 0; i < id.Length; i++)
            {
                char c = id[i];
                bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
