using System;
using System.Diagnostics;
using Terminal.Core.Domain;
using Terminal.Core.Ledger;
using Terminal.Core.Ports;
using Terminal.Core.Security;
using Terminal.Core.Sync;
using Terminal.Core.Tests.Fakes;
using Terminal.Host.Mqtt;

namespace Terminal.Sync.Tests.Infrastructure
{
    /// <summary>What a tap came to.</summary>
    public enum TapResult
    {
        /// <summary>Points earned (an Enrol row first when the ledger did not know the card).</summary>
        Earned,

        /// <summary>The card was enrolled here (Enrol, CardEvidence, Earn in one commit).</summary>
        Enrolled,

        /// <summary>Refused by the card check; a security event was recorded.</summary>
        Refused,

        /// <summary>Refused because the ledger has the card on the blocked list (nothing recorded).</summary>
        Blocked,
    }

    /// <summary>
    /// A terminal for the card-trust tests: the real ledger, authenticator and sync engine over
    /// MQTTnet, and a tap that follows the integration order of docs/security.md (the lead wires the
    /// same calls into TapFlow): blocked check, verify, then on a blank card enrol and commit
    /// Enrol + CardEvidence + Earn together; on a refused card a security event. Its clock is set by
    /// the test, so taps happen when the scenario says, whatever the sync order.
    /// </summary>
    public sealed class TrustTerminal : IClock, IDisposable
    {
        private readonly MemoryLedgerStore _store = new(8L * 1024 * 1024);
        private readonly Stopwatch _monotonic = Stopwatch.StartNew();
        private readonly CardAuthenticator _auth;
        private readonly CardCheck _check = new();
        private readonly CardState _state = new();
        private readonly Transaction _enrol = new();
        private readonly Transaction _evidence = new();
        private readonly Transaction _earn = new();
        private readonly Func<string, MqttLinkOptions> _link;
        private readonly Action<string> _log;
        private MqttNetCloudLink? _mqtt;
        private int _issued;

        public TrustTerminal(string id, int number, Keyring keys, Func<string, MqttLinkOptions> link, Action<string> log)
        {
            Id = id;
            Number = number;
            _auth = SecurityKit.Authenticator(keys);
            _link = link;
            _log = log;
            Ledger = new Ledger(_store, LedgerOptions.Small());
            Ledger.Mount();
        }

        public string Id { get; }

        /// <summary>Terminal number in the serials it issues.</summary>
        public int Number { get; }

        public Ledger Ledger { get; }

        public SyncEngine? Engine { get; private set; }

        /// <summary>Unix seconds the next tap is stamped with.</summary>
        public uint UnixSeconds { get; set; }

        public long MonotonicMilliseconds => _monotonic.ElapsedMilliseconds;

        /// <summary>Connects and starts syncing (a terminal that was offline until now).</summary>
        public void Connect()
        {
            _mqtt = new MqttNetCloudLink(_link(Id), _log);
            Engine = new SyncEngine(Ledger, _mqtt, new SyncOptions(Id, "acme", "S-" + Id) { AckTimeoutMs = 2000, StatusIntervalMs = 1000 }, this);
            Engine.Start();
        }

        /// <summary>One sync turn (no-op while offline).</summary>
        public void Poll()
        {
            Engine?.Poll();
        }

        /// <summary>True when the ledger has the card on the cloud's blocked list.</summary>
        public bool IsBlocked(CardUid uid)
        {
            Ledger.Lookup(uid, _state);
            return _state.Blocked;
        }

        /// <summary>Taps a card for a sale of <paramref name="amountMinor"/>.</summary>
        public TapResult Tap(SimulatedNtag card, int amountMinor)
        {
            CardUid uid = card.Uid;
            bool known = Ledger.Lookup(uid, _state);
            if (_state.Blocked)
            {
                return TapResult.Blocked;
            }

            card.PowerOn();
            CardOutcome outcome = _auth.Verify(card, uid, known, _check);
            uint now = UnixSeconds;
            Fill(_earn, TransactionKind.Earn, uid, now);
            _earn.AmountMinor = amountMinor;
            _earn.Points = amountMinor / 100;
            if (outcome == CardOutcome.NeedsResign)
            {
                _auth.Resign(card, uid, _check);
                outcome = CardOutcome.Valid;
            }

            if (outcome == CardOutcome.Valid)
            {
                _earn.CardCounter = _check.Counter;
                if (known)
                {
                    Ledger.Commit(_earn, null);
                    return TapResult.Earned;
                }

                // Valid here but new to this ledger (enrolled elsewhere): the Enrol row carries the card's serial.
                Fill(_enrol, TransactionKind.Enrol, uid, now);
                _enrol.Reference = _check.Serial;
                _enrol.CardCounter = _check.Counter;
                Ledger.Commit(_enrol, _earn);
                return TapResult.Earned;
            }

            if (outcome == CardOutcome.Blank && !known)
            {
                // The serial is allocated before the card is written and never reused (here: in memory, for the test).
                _issued++;
                uint serial = CredentialSerial.Make(Number, _issued);
                outcome = _auth.Enrol(card, uid, serial, now, _check);
                if (outcome != CardOutcome.Valid || !_check.SignatureRead)
                {
                    throw new InvalidOperationException("enrolment failed: " + outcome);
                }

                Fill(_enrol, TransactionKind.Enrol, uid, now);
                _enrol.Reference = serial;
                _enrol.CardCounter = _check.Counter;
                CardEvidence.Fill(_evidence, uid, _check.Signature, 0);
                _earn.CardCounter = _check.Counter;
                Ledger.Commit(_enrol, _evidence, _earn);
                return TapResult.Enrolled;
            }

            SecurityEvent.Fill(_enrol, uid, _check, now);
            Ledger.Commit(_enrol, null);
            return TapResult.Refused;
        }

        public void Dispose()
        {
            Engine?.Stop();
            _mqtt?.Dispose();
        }

        private static void Fill(Transaction t, TransactionKind kind, CardUid uid, uint now)
        {
            t.Clear();
            t.Kind = kind;
            t.Uid.CopyFrom(uid);
            t.Timestamp = now;
        }
    }
}
