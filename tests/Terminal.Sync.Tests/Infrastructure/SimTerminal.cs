using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Terminal.Cloud;
using Terminal.Core.Domain;
using Terminal.Core.Ledger;
using Terminal.Core.Ports;
using Terminal.Core.Sync;
using Terminal.Core.Tests.Fakes;
using Terminal.Host.Mqtt;

namespace Terminal.Sync.Tests.Infrastructure
{
    /// <summary>
    /// A simulated terminal: the real core ledger on an in-memory store (it survives a "reboot"),
    /// the real sync engine, and the MQTTnet host link to a real broker. A loop on its own thread
    /// records a shop's mix of transactions and polls the engine; <see cref="Crash"/> drops
    /// everything but the store, as a power cut would, and <see cref="Boot"/> mounts it again.
    /// </summary>
    public sealed class SimTerminal : IClock
    {
        private readonly MemoryLedgerStore _store = new(64L * 1024 * 1024);
        private readonly Func<MqttLinkOptions> _linkOptions;
        private readonly Action<string> _log;
        private readonly Random _random;
        private readonly string[] _cards;
        private readonly object _gate = new();
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private readonly CardState _state = new();
        private readonly CardUid _uid = new();
        private Ledger? _ledger;
        private MqttNetCloudLink? _link;
        private SyncEngine? _engine;
        private CancellationTokenSource? _stop;
        private Task? _loop;
        private int _quota;
        private uint _lastVoidable;

        public SimTerminal(string id, string tenant, string shop, string[] cards, int seed, Func<MqttLinkOptions> linkOptions, Action<string> log)
        {
            Id = id;
            Tenant = tenant;
            Shop = shop;
            _cards = cards;
            _random = new Random(seed);
            _linkOptions = linkOptions;
            _log = log;
        }

        public string Id { get; }

        public string Tenant { get; }

        public string Shop { get; }

        /// <summary>Every transaction the ledger committed (what the cashier saw), by sequence.</summary>
        public List<TxRow> Committed { get; } = new();

        public int Refusals { get; private set; }

        public int Boots { get; private set; }

        public uint IClockUnixSecondsBase { get; } = 1772359200;

        public uint UnixSeconds => IClockUnixSecondsBase + (uint)(_clock.ElapsedMilliseconds / 1000);

        public long MonotonicMilliseconds => _clock.ElapsedMilliseconds;

        public SyncEngine Engine => _engine!;

        public Ledger Ledger => _ledger!;

        public MqttNetCloudLink Link => _link!;

        public SyncOptions Options { get; private set; } = null!;

        /// <summary>Transactions still to record.</summary>
        public int Quota
        {
            get
            {
                lock (_gate)
                {
                    return _quota;
                }
            }
        }

        /// <summary>Mounts the ledger from the store and starts the engine and the loop.</summary>
        public void Boot()
        {
            lock (_gate)
            {
                _ledger = new Ledger(_store, LedgerOptions.Small());
                _ledger.Mount();
                MqttLinkOptions lo = _linkOptions();
                _link = new MqttNetCloudLink(lo, _log);
                Options = new SyncOptions(Id, Tenant, Shop)
                {
                    AckTimeoutMs = 2000,
                    MaxBackoffMs = 8000,
                    StatusIntervalMs = 5000,
                    OfflineCardCapPoints = 0,
                    OfflineTerminalCapPoints = 0,
                };
                _engine = new SyncEngine(_ledger, _link, Options, this);
                _engine.Log = new LogAdapter(_log, Id);
                _engine.Start();
                Boots++;
            }

            _stop = new CancellationTokenSource();
            CancellationToken token = _stop.Token;
            _loop = Task.Factory.StartNew(() => Run(token), TaskCreationOptions.LongRunning);
        }

        /// <summary>Adds transactions to record.</summary>
        public void Add(int transactions)
        {
            lock (_gate)
            {
                _quota += transactions;
            }
        }

        /// <summary>Power cut: the loop stops wherever it is, the connection drops without a DISCONNECT (the broker sends the Will).</summary>
        public void Crash()
        {
            _stop?.Cancel();
            _loop?.Wait();
            lock (_gate)
            {
                _link?.Abort();
                _link = null;
                _engine = null;
                _ledger = null;
            }
        }

        /// <summary>Clean stop (status offline, DISCONNECT).</summary>
        public void Stop()
        {
            _stop?.Cancel();
            _loop?.Wait();
            lock (_gate)
            {
                _engine?.Stop();
                _link?.Dispose();
            }
        }

        /// <summary>Runs <paramref name="action"/> with the ledger while the loop is paused.</summary>
        public T With<T>(Func<Ledger, SyncEngine, T> action)
        {
            lock (_gate)
            {
                return action(_ledger!, _engine!);
            }
        }

        /// <summary>The balance this terminal would show for a card.</summary>
        public int BalanceOf(string uid)
        {
            lock (_gate)
            {
                byte[] b = Convert.FromHexString(uid);
                _uid.Set(b, 0, b.Length);
                _ledger!.Lookup(_uid, _state);
                return _state.Balance;
            }
        }

        private void Run(CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                lock (_gate)
                {
                    if (_quota > 0)
                    {
                        int burst = Math.Min(_quota, 1 + _random.Next(4));
                        for (int i = 0; i < burst && !stop.IsCancellationRequested; i++)
                        {
                            RecordOne();
                        }
                    }

                    try
                    {
                        _ledger!.Maintain();
                        _engine!.Poll();
                        _engine.Poll();
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        _log(Id + ": loop: " + e.Message);
                    }
                }

                Thread.Sleep(_random.Next(2));
            }
        }

        private void RecordOne()
        {
            string uid = _cards[_random.Next(_cards.Length)];
            byte[] bytes = Convert.FromHexString(uid);
            _uid.Set(bytes, 0, bytes.Length);
            bool known = _ledger!.Lookup(_uid, _state);
            uint now = UnixSeconds;
            int roll = _random.Next(100);
            Transaction first = new();
            Transaction? second = null;
            first.Timestamp = now;
            if (!known)
            {
                Fill(first, TransactionKind.Enrol, bytes);
                second = Earn(bytes, now);
            }
            else if (roll < 70)
            {
                first = Earn(bytes, now);
            }
            else if (roll < 82 && _state.Balance >= 50)
            {
                Fill(first, TransactionKind.Redeem, bytes);
                bool once = (_state.VouchersUsed & 1) == 0 && _random.Next(3) == 0;
                first.VoucherId = (ushort)(once ? 1 : 20);
                first.Points = once ? -50 : -50 - (10 * _random.Next(5));
                first.DiscountMinor = once ? 200 : 500;
            }
            else if (roll < 88 && _lastVoidable > 0)
            {
                Transaction last = new();
                _ledger.GetLast(last);
                if (last.Sequence != _lastVoidable)
                {
                    return;
                }

                first.Kind = TransactionKind.Void;
                first.Uid.CopyFrom(last.Uid);
                first.AmountMinor = -last.AmountMinor;
                first.Category = last.Category;
                first.Points = -last.Points;
                first.VoucherId = last.VoucherId;
                first.DiscountMinor = -last.DiscountMinor;
                first.Reference = last.Sequence;
            }
            else if (roll < 94)
            {
                first.Kind = TransactionKind.AnonymousSale;
                first.AmountMinor = 100 + _random.Next(5000);
                first.Category = (byte)_random.Next(4);
            }
            else
            {
                first = Earn(bytes, now);
            }

            first.Timestamp = now;
            try
            {
                _ledger.Commit(first, second);
            }
            catch (LedgerException)
            {
                // Backlog full while offline: the cashier sees "sync needed"; nothing was written.
                Refusals++;
                return;
            }

            _quota -= second == null ? 1 : 2;
            Committed.Add(Row(first));
            if (second != null)
            {
                Committed.Add(Row(second));
            }

            Transaction newest = second ?? first;
            _lastVoidable = newest.Kind == TransactionKind.Earn || newest.Kind == TransactionKind.Redeem ? newest.Sequence : 0;
        }

        private Transaction Earn(byte[] uid, uint now)
        {
            Transaction t = new();
            Fill(t, TransactionKind.Earn, uid);
            t.Timestamp = now;
            t.AmountMinor = 100 + _random.Next(20000);
            t.Category = (byte)_random.Next(4);
            t.Points = t.AmountMinor / 100;
            return t;
        }

        private static void Fill(Transaction t, TransactionKind kind, byte[] uid)
        {
            t.Kind = kind;
            t.Uid.Set(uid, 0, uid.Length);
        }

        private static TxRow Row(Transaction t)
        {
            return new TxRow(t.Sequence, (int)t.Kind, t.Timestamp, t.Uid.Length == 0 ? null : t.Uid.ToString(), t.AmountMinor, t.Category, t.Points,
                t.VoucherId, t.DiscountMinor, t.Reference, t.CardCounter, t.Flags);
        }

        private sealed class LogAdapter : ISyncLog
        {
            private readonly Action<string> _log;
            private readonly string _id;

            public LogAdapter(Action<string> log, string id)
            {
                _log = log;
                _id = id;
            }

            public void Write(string line) => _log(_id + ": " + line);
        }
    }
}
