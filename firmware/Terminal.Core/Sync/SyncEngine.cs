using Terminal.Core.Domain;
using Terminal.Core.Flow;
using Terminal.Core.Ports;
using Terminal.Core.Rules;

namespace Terminal.Core.Sync
{
    /// <summary>
    /// Moves the ledger's journal to the cloud and the cloud's state to the terminal
    /// (docs/adr/0005-mqtt-sync.md). The ledger is the outbox: the engine keeps no copy of a
    /// transaction, only a resend position, so a reboot resumes from the ledger's synced mark.
    /// <list type="bullet">
    /// <item>Unsynced transactions go out in sequence order, in batches, QoS 1, a few batches ahead.</item>
    /// <item>They are marked synced only by the cloud's cumulative acknowledgement, never by PUBACK.</item>
    /// <item>Without progress it resends from the last acknowledgement, one batch at a time until an
    /// ack arrives, backing off to a maximum.</item>
    /// <item>Presence is a retained status; the Last Will says offline.</item>
    /// <item>Configuration, blocked cards and card balances are applied durably and idempotently.</item>
    /// </list>
    /// Single-threaded: call <see cref="Poll"/> from the main loop between taps. It never blocks,
    /// so taps keep being recorded while offline.
    /// </summary>
    public sealed class SyncEngine
    {
        private readonly Ledger.Ledger _ledger;
        private readonly ICloudLink _link;
        private readonly SyncOptions _options;
        private readonly IClock _clock;
        private readonly SyncTopics _topics;
        private readonly SyncCodec _codec = new SyncCodec();
        private readonly Transaction[] _batch;
        private readonly JsonWriter _writer;
        private readonly CloudMessage _message = new CloudMessage();
        private readonly BalanceBatch _balances;
        private readonly ulong[] _blocked;
        private readonly byte[] _configScratch;
        private readonly SyncStats _stats = new SyncStats();

        private int _session = -1;
        private uint _nextToSend;
        private long _lastProgressMs;
        private long _lastRewindMs;
        private long _lastStatusMs;
        private int _backoffMs;
        private bool _probing;
        private int _appliedConfigToFlow = -1;
        private int _configGeneration;
        private bool _started;
        private bool _resyncWanted;
        private bool _resyncFollowsOn;

        /// <summary>Creates the engine; call <see cref="Start"/> once the ledger is mounted.</summary>
        public SyncEngine(Ledger.Ledger ledger, ICloudLink link, SyncOptions options, IClock clock)
        {
            _ledger = ledger;
            _link = link;
            _options = options;
            _clock = clock;
            _topics = new SyncTopics(options.TerminalId);
            _batch = new Transaction[options.BatchSize];
            for (int i = 0; i < _batch.Length; i++)
            {
                _batch[i] = new Transaction();
            }

            // A transaction object is at most ~230 bytes of JSON (every field at its widest).
            _writer = new JsonWriter((options.BatchSize * 240) + 256);
            _balances = new BalanceBatch(options.MaxBalanceCards);
            _blocked = new ulong[options.MaxBlockedCards];
            _configScratch = new byte[options.MaxConfigBytes + 4];
            _backoffMs = options.AckTimeoutMs;
            Rules = EarnRules.Default();
            Catalog = VoucherCatalog.Default();
        }

        /// <summary>The topics of this terminal.</summary>
        public SyncTopics Topics
        {
            get { return _topics; }
        }

        /// <summary>Counters.</summary>
        public SyncStats Stats
        {
            get { return _stats; }
        }

        /// <summary>Optional diagnostics sink.</summary>
        public ISyncLog Log { get; set; }

        /// <summary>True while the broker session is up.</summary>
        public bool Online
        {
            get { return _link.IsConnected; }
        }

        /// <summary>Earn rules in force (defaults until the cloud sends some).</summary>
        public EarnRules Rules { get; private set; }

        /// <summary>Voucher catalogue in force.</summary>
        public VoucherCatalog Catalog { get; private set; }

        /// <summary>Version of the configuration in force (0 = defaults).</summary>
        public long ConfigVersion { get; private set; }

        /// <summary>Next sequence the engine will publish.</summary>
        public uint NextToSend
        {
            get { return _nextToSend; }
        }

        /// <summary>
        /// Loads the stored configuration, registers the Last Will and the subscription, and opens
        /// the link. Resending starts from the ledger's synced mark.
        /// </summary>
        public void Start()
        {
            LoadStoredConfig();
            SyncCodec.WriteOffline(_writer, _options);
            _link.SetWill(_topics.Status, _writer.ToArray());
            _link.Subscribe(_topics.Downlink);
            _nextToSend = _ledger.SyncedSequence + 1;
            _lastProgressMs = _clock.MonotonicMilliseconds;
            _started = true;
            _link.Open();
        }

        /// <summary>Says offline (retained) and closes the link.</summary>
        public void Stop()
        {
            if (_link.IsConnected)
            {
                SyncCodec.WriteOffline(_writer, _options);
                _link.Publish(_topics.Status, _writer.ToArray(), 1, true);
            }

            _link.Close();
            _started = false;
        }

        /// <summary>One turn: handle a few incoming messages, publish what the window allows, check for timeouts.</summary>
        public void Poll()
        {
            if (!_started)
            {
                return;
            }

            long now = _clock.MonotonicMilliseconds;
            for (int i = 0; i < _options.MessagesPerPoll && _link.TryReceive(_message); i++)
            {
                Handle(_message, now);
            }

            if (!_link.IsConnected)
            {
                return;
            }

            if (_link.Session != _session)
            {
                // Whatever was in flight on the old connection may be lost: resend from the last ack.
                _session = _link.Session;
                Rewind(now);
                _probing = false;
                _backoffMs = _options.AckTimeoutMs;
                PublishStatus(now);
            }
            else if (now - _lastStatusMs >= _options.StatusIntervalMs)
            {
                PublishStatus(now);
            }
            else if (_resyncWanted && (_resyncFollowsOn || now - _lastStatusMs >= _options.ResyncHoldMs)
                && _ledger.CloudRoom >= _balances.Capacity && !_ledger.StorageFull)
            {
                // Every status is answered with a resync from the cursor it reports.
                _stats.ResyncRequests++;
                PublishStatus(now);
            }

            CheckTimeout(now);
            Send(now);
        }

        /// <summary>Hands new rules and catalogue to the flow when it is between sales.</summary>
        public void ApplyConfigTo(TapFlow flow)
        {
            if (_appliedConfigToFlow != _configGeneration && !flow.Busy)
            {
                flow.Rules = Rules;
                flow.Catalog = Catalog;
                _appliedConfigToFlow = _configGeneration;
            }
        }

        private void Send(long now)
        {
            uint synced = _ledger.SyncedSequence;
            uint last = _ledger.LastSequence;
            if (_nextToSend <= synced)
            {
                _nextToSend = synced + 1;
            }

            // After a timeout only one batch goes out until an ack arrives: if the cloud is slow
            // rather than the link lost, resending the whole window would only add to its queue.
            int window = _options.BatchSize * (_probing ? 1 : _options.WindowBatches);
            while (_nextToSend <= last && (int)(_nextToSend - 1 - synced) < window)
            {
                int n = _ledger.ReadJournal(_nextToSend, _batch, _batch.Length);
                if (n == 0)
                {
                    break;
                }

                SyncCodec.WriteBatch(_writer, _options, _batch, n);
                if (_writer.Overflow || !_link.Publish(_topics.Transactions, _writer.ToArray(), 1, false))
                {
                    break;
                }

                if (_nextToSend == synced + 1)
                {
                    // The acknowledgement clock starts when the first unacknowledged batch leaves.
                    _lastProgressMs = now;
                }

                _nextToSend = _batch[n - 1].Sequence + 1;
                _stats.BatchesSent++;
                _stats.TransactionsSent += n;
            }
        }

        private void CheckTimeout(long now)
        {
            if (_nextToSend > _ledger.SyncedSequence + 1 && now - _lastProgressMs >= _backoffMs)
            {
                _stats.Timeouts++;
                Write("no ack for " + _backoffMs.ToString() + " ms, resending from " + (_ledger.SyncedSequence + 1).ToString());
                Rewind(now);
                _probing = true;
                _backoffMs = _backoffMs * 2 > _options.MaxBackoffMs ? _options.MaxBackoffMs : _backoffMs * 2;
            }
        }

        private void Rewind(long now)
        {
            _nextToSend = _ledger.SyncedSequence + 1;
            _lastProgressMs = now;
            _lastRewindMs = now;
            _stats.Rewinds++;
        }

        private void PublishStatus(long now)
        {
            _lastStatusMs = now;
            _resyncWanted = false;
            _resyncFollowsOn = false;
            SyncCodec.WriteStatus(_writer, _options, _ledger.LastSequence, _ledger.SyncedSequence, _ledger.BalanceCursor, _ledger.CloudRoom, ConfigVersion, _ledger.BlockedListVersion);
            _link.Publish(_topics.Status, _writer.ToArray(), 1, true);
        }

        private void Handle(CloudMessage message, long now)
        {
            string topic = message.Topic;
            byte[] payload = message.Payload;
            if (payload == null || payload.Length == 0)
            {
                Reject(topic, "empty payload");
                return;
            }

            if (payload.Length > _options.MaxIncomingBytes)
            {
                Reject(topic, "payload too large (" + payload.Length.ToString() + " bytes)");
                return;
            }

            try
            {
                if (topic == _topics.Ack)
                {
                    OnAck(payload, now);
                }
                else if (topic == _topics.Balance)
                {
                    OnBalances(payload);
                }
                else if (topic == _topics.Blocked)
                {
                    OnBlocked(payload);
                }
                else if (topic == _topics.Config)
                {
                    OnConfig(payload);
                }
                else
                {
                    Reject(topic, "unexpected topic");
                }
            }
            catch (System.Exception e)
            {
                // A store failure: the retained or redelivered message brings it back later.
                _stats.Failures++;
                Write("failed to apply " + topic + ": " + e.Message);
            }
        }

        private void OnAck(byte[] payload, long now)
        {
            long seq;
            long gap;
            if (!_codec.ReadAck(payload, out seq, out gap))
            {
                Reject(_topics.Ack, _codec.Error);
                return;
            }

            if (seq > _ledger.LastSequence)
            {
                // The cloud knows more of this terminal id than the journal holds: a reused id or a
                // replaced ledger. Marking would hide new transactions, so nothing is marked.
                _stats.AcksBeyondJournal++;
                Write("ack " + seq.ToString() + " beyond the journal's last sequence " + _ledger.LastSequence.ToString());
                return;
            }

            uint acked = (uint)seq;
            if (acked > _ledger.SyncedSequence)
            {
                _ledger.MarkSynced(acked);
                _lastProgressMs = now;
                _backoffMs = _options.AckTimeoutMs;
                _probing = false;
                _stats.AcksApplied++;
            }
            else
            {
                _stats.AcksIgnored++;
            }

            if (_nextToSend <= acked)
            {
                _nextToSend = acked + 1;
            }

            if (gap > 0 && _nextToSend > acked + 1 && now - _lastRewindMs >= _options.GapRewindHoldMs)
            {
                // The cloud refused a batch that did not follow on (one went missing): resend now.
                Rewind(now);
            }
        }

        private void OnBalances(byte[] payload)
        {
            if (!_codec.ReadBalances(payload, _balances))
            {
                Reject(_topics.Balance, _codec.Error);
                return;
            }

            BalanceOutcome outcome = _ledger.ApplyCloudBalances(_balances);
            _stats.BalanceMessages++;
            if (outcome == BalanceOutcome.Gap)
            {
                Write("balance message from " + _balances.From.ToString() + " does not follow on from " + _ledger.BalanceCursor.ToString() + ": resync");
                _resyncWanted = true;
            }
            else if (outcome == BalanceOutcome.Deferred)
            {
                // Nothing was kept and the cursor did not move: the resync brings these cards again.
                Write("balance message put off (no room): resync later");
                _resyncWanted = true;
            }
            else if (outcome == BalanceOutcome.Applied && _balances.More)
            {
                // The cloud sends a long resync in parts, as much as the status said there was room
                // for: ask for the next part as soon as a fold has made room again, without the hold.
                _resyncWanted = true;
                _resyncFollowsOn = true;
            }
        }

        private void OnBlocked(byte[] payload)
        {
            int count;
            long version;
            if (!_codec.ReadBlocked(payload, _blocked, out count, out version))
            {
                Reject(_topics.Blocked, _codec.Error);
                return;
            }

            if (_ledger.ApplyBlockedList(_blocked, count, version))
            {
                _stats.BlockedLists++;
            }
        }

        private void OnConfig(byte[] payload)
        {
            if (payload.Length > _options.MaxConfigBytes)
            {
                Reject(_topics.Config, "configuration larger than " + _options.MaxConfigBytes.ToString() + " bytes");
                return;
            }

            long version;
            EarnRules rules;
            VoucherCatalog catalog;
            if (!_codec.ReadConfig(payload, out version, out rules, out catalog))
            {
                Reject(_topics.Config, _codec.Error);
                return;
            }

            if (version <= ConfigVersion)
            {
                return;
            }

            // Durable first: after a power cut the stored copy is what the terminal boots with.
            _ledger.SaveCloudConfig(payload, payload.Length, _configScratch);
            Use(version, rules, catalog);
            _stats.ConfigsApplied++;
        }

        private void LoadStoredConfig()
        {
            int length = _ledger.LoadCloudConfig(_configScratch);
            if (length <= 0)
            {
                return;
            }

            byte[] payload = new byte[length];
            System.Array.Copy(_configScratch, payload, length);
            long version;
            EarnRules rules;
            VoucherCatalog catalog;
            if (_codec.ReadConfig(payload, out version, out rules, out catalog))
            {
                Use(version, rules, catalog);
            }
            else
            {
                Write("stored configuration refused: " + _codec.Error);
            }
        }

        private void Use(long version, EarnRules rules, VoucherCatalog catalog)
        {
            Rules = rules;
            Catalog = catalog;
            ConfigVersion = version;
            _configGeneration++;
        }

        private void Reject(string topic, string reason)
        {
            _stats.Rejected++;
            _stats.LastRejectReason = topic + ": " + reason;
            Write("rejected message on " + topic + ": " + reason);
        }

        private void Write(string line)
        {
            if (Log != null)
            {
                Log.Write(line);
            }
        }
    }
}
