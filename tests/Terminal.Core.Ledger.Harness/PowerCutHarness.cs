using System;
using System.Collections.Generic;
using System.Diagnostics;
using Terminal.Core.Config;
using Terminal.Core.Domain;
using Terminal.Core.Flow;
using Terminal.Core.Ports;
using Terminal.Core.Rules;
using Terminal.Core.Sync;
using Terminal.Core.Tests.Fakes;

namespace Terminal.Core.Ledger.Harness
{
    /// <summary>Settings of one harness run.</summary>
    public sealed class PowerCutOptions
    {
        /// <summary>Workload operations (taps, voids, acknowledgements, maintenance...).</summary>
        public int Operations { get; set; } = 400;

        /// <summary>Seed of the workload.</summary>
        public int Seed { get; set; } = 20260301;

        /// <summary>Workloads to run, with seeds <see cref="Seed"/>, <see cref="Seed"/> + 1, ...</summary>
        public int Seeds { get; set; } = 1;

        /// <summary>Cards the workload uses.</summary>
        public int Cards { get; set; } = 48;

        /// <summary>Examine every Nth store operation as a first cut point (1 = every one).</summary>
        public int CutStride { get; set; } = 1;

        /// <summary>Second pass: for every Nth first cut point, cut again at every operation of the recovery (0 = no second pass).</summary>
        public int RecoveryStride { get; set; } = 1;

        /// <summary>Run the "keeps working" check (a tap, a fold, an ack and a reboot) after every cut.</summary>
        public bool CheckKeepsWorking { get; set; } = true;

        /// <summary>
        /// Self-test of the harness: pretend rename is not atomic (a cut during it leaves neither
        /// name), a file-system behaviour the ledger does not survive. The run must then report violations.
        /// </summary>
        public bool BreakRenameAtomicity { get; set; }

        /// <summary>Most violation lines kept in the report.</summary>
        public int KeepViolations { get; set; } = 20;

        /// <summary>Ledger sizing: Small() with short segments and a short checkpoint lag, so
        /// segment roll-over, folds and compaction all happen many times in a short workload.</summary>
        public Func<LedgerOptions> Ledger { get; set; } = () =>
        {
            LedgerOptions o = LedgerOptions.Small();
            o.SegmentBytes = TransactionCodec.FrameLength * 40;
            o.CheckpointLag = 64;

            // Small cloud index: rounds that fold only cloud states, and messages put off, happen often.
            o.CloudCapacity = 64;
            o.CloudThreshold = 24;
            return o;
        };

        /// <summary>Fast default, or the exhaustive run when the LONG environment variable is 1.</summary>
        public static PowerCutOptions FromEnvironment()
        {
            PowerCutOptions o = new PowerCutOptions();
            if (Environment.GetEnvironmentVariable("LONG") == "1")
            {
                o.Operations = 2400;
                o.Cards = 120;
                o.RecoveryStride = 1;
                o.Seeds = 3;
            }
            else
            {
                o.Operations = 500;
                o.RecoveryStride = 2;
            }

            return o;
        }
    }

    /// <summary>What a harness run tried and found.</summary>
    public sealed class PowerCutReport
    {
        public int WorkloadOperations;
        public long StoreOperations;
        public long CutsBefore;
        public long CutsDuringClose;
        public long Violations;
        public long RecoveryCuts;
        public long RecoveryViolations;
        public uint Records;
        public uint Acknowledged;
        public int CardsEnrolled;
        public int MaintenanceFailures;
        public int SegmentsCompacted;
        public int CloudMessages;
        public int CloudDeferred;
        public int CloudCards;
        public long CloudCuts;
        public Dictionary<string, int> Operations = new Dictionary<string, int>();
        public List<string> ViolationSamples = new List<string>();
        public TimeSpan Elapsed;

        /// <summary>Adds another run's figures (another seed).</summary>
        public void Add(PowerCutReport other)
        {
            WorkloadOperations += other.WorkloadOperations;
            StoreOperations += other.StoreOperations;
            CutsBefore += other.CutsBefore;
            CutsDuringClose += other.CutsDuringClose;
            Violations += other.Violations;
            RecoveryCuts += other.RecoveryCuts;
            RecoveryViolations += other.RecoveryViolations;
            Records += other.Records;
            Acknowledged += other.Acknowledged;
            CardsEnrolled += other.CardsEnrolled;
            MaintenanceFailures += other.MaintenanceFailures;
            SegmentsCompacted += other.SegmentsCompacted;
            CloudMessages += other.CloudMessages;
            CloudDeferred += other.CloudDeferred;
            CloudCards += other.CloudCards;
            CloudCuts += other.CloudCuts;
            foreach (KeyValuePair<string, int> pair in other.Operations)
            {
                Operations[pair.Key] = Operations.TryGetValue(pair.Key, out int n) ? n + pair.Value : pair.Value;
            }

            foreach (string line in other.ViolationSamples)
            {
                if (ViolationSamples.Count < 40)
                {
                    ViolationSamples.Add(line);
                }
            }
        }

        /// <summary>All cut points tried, both passes.</summary>
        public long CutPoints => CutsBefore + CutsDuringClose + RecoveryCuts;

        /// <summary>All violations, both passes.</summary>
        public long TotalViolations => Violations + RecoveryViolations;
    }

    /// <summary>
    /// Drives the real <see cref="Ledger"/> through the real <see cref="TapFlow"/> (fake keypad,
    /// reader, clock and display) with a deterministic mixed workload, on a <see cref="SimulatedLittleFs"/>.
    /// Before every store operation it forks the durable state (the state a power cut there leaves;
    /// plus the state a cut inside the close leaves, where that differs), mounts a fresh ledger on
    /// it and checks the invariants with <see cref="LedgerChecker"/>. The second pass cuts each such
    /// state again before every operation of its own recovery (mount), then checks the remount.
    /// One workload run examines every cut point, so the cost is linear in the workload.
    /// </summary>
    public sealed class PowerCutHarness
    {
        private static readonly byte[] Never = { 0x04, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0x01 };

        private readonly PowerCutOptions _options;
        private readonly LedgerOptions _ledgerOptions;
        private readonly JournalModel _model = new JournalModel();
        private readonly CloudModel _cloud = new CloudModel();
        private readonly BalanceBatch _balances = new BalanceBatch(64);
        private readonly PowerCutReport _report = new PowerCutReport();
        private readonly List<string> _violations = new List<string>();
        private readonly SimulatedLittleFs _fs = SimulatedLittleFs.Small();
        private readonly LedgerChecker _checker;
        private readonly CardUid[] _cards;
        private uint _ackDurable;
        private uint _ackInFlight;
        private long _cloudDurable;
        private long _cloudInFlight;
        private int _nextMessage = 1;
        private long _storeOperations;

        private PowerCutHarness(PowerCutOptions options)
        {
            _options = options;
            _ledgerOptions = options.Ledger();
            _cards = new CardUid[options.Cards];
            for (int i = 0; i < _cards.Length; i++)
            {
                _cards[i] = new CardUid();
                byte[] uid = i % 3 == 0
                    ? new byte[] { 0x04, (byte)(i >> 8), (byte)i, 0x11, 0x22, 0x33, 0x44 }
                    : new byte[] { 0x1A, (byte)(i >> 8), (byte)i, 0x77 };
                _cards[i].Set(uid, 0, uid.Length);
            }

            CardUid[] universe = new CardUid[_cards.Length + 1];
            Array.Copy(_cards, universe, _cards.Length);
            universe[_cards.Length] = new CardUid();
            universe[_cards.Length].Set(Never, 0, Never.Length);
            _checker = new LedgerChecker(_ledgerOptions, _model, _cloud, universe) { CheckKeepsWorking = options.CheckKeepsWorking };
        }

        /// <summary>Runs the workload once per seed, examining the cut points; returns the combined report.</summary>
        public static PowerCutReport Run(PowerCutOptions options)
        {
            Stopwatch watch = Stopwatch.StartNew();
            PowerCutReport total = new PowerCutReport();
            int seed = options.Seed;
            for (int s = 0; s < Math.Max(1, options.Seeds); s++)
            {
                options.Seed = seed + s;
                PowerCutHarness harness = new PowerCutHarness(options);
                harness.RunWorkload();
                total.Add(harness._report);
            }

            options.Seed = seed;
            total.Elapsed = watch.Elapsed;
            return total;
        }

        private void RunWorkload()
        {
            CutPointStore store = new CutPointStore(_fs, this);
            Ledger ledger = new Ledger(store, _ledgerOptions);
            ledger.Mount();
            Terminal terminal = new Terminal(ledger, this);
            Random random = new Random(_options.Seed);
            for (int op = 0; op < _options.Operations; op++)
            {
                string kind = terminal.RunOne(random, _cards, _model);
                _report.Operations[kind] = _report.Operations.TryGetValue(kind, out int n) ? n + 1 : 1;
            }

            _report.WorkloadOperations = _options.Operations;
            _report.StoreOperations = _storeOperations;
            _report.Records = ledger.LastSequence;
            _report.Acknowledged = ledger.SyncedSequence;
            _report.CardsEnrolled = ledger.CardCount;
            _report.MaintenanceFailures = terminal.Flow.MaintenanceFailures;
            _report.SegmentsCompacted = ledger.Stats.SegmentsCompacted;
            _report.CloudCards = _cloud.StatesAt(ledger.BalanceCursor).Count;
            _report.ViolationSamples.AddRange(_violations);
            if (_model.ShownLast != ledger.LastSequence)
            {
                _report.Violations++;
                _report.ViolationSamples.Add($"end of run: ledger at {ledger.LastSequence}, cashier saw {_model.ShownLast}");
            }
        }

        private void Acknowledge(Ledger ledger, uint upTo)
        {
            _ackInFlight = Math.Max(upTo, _ackDurable);
            ledger.MarkSynced(upTo);
            _ackDurable = ledger.SyncedSequence;
            _ackInFlight = 0;
        }

        /// <summary>
        /// The cloud's side: produces a balance message now and then, delivers the ones the ledger
        /// does not hold yet in order (stopping where it puts one off for lack of room), and
        /// sometimes a stray: an old message (must be stale) or one past a missing one (must be a gap).
        /// </summary>
        private void DeliverCloud(Ledger ledger, Random random)
        {
            if (_nextMessage > _cloud.Count || random.Next(3) != 0)
            {
                if (random.Next(6) == 0)
                {
                    // A burst (a resync after an outage): more than the index takes before a fold.
                    _cloud.Produce(random, _cards, 64);
                    _cloud.Produce(random, _cards, 64);
                }
                else
                {
                    // Sometimes empty: the range of this terminal's own batch (kept in RAM only).
                    _cloud.Produce(random, _cards, random.Next(5));
                }
            }

            int stray = random.Next(10);
            if (stray == 0 && _nextMessage > 1)
            {
                _cloud.Fill(random.Next(1, _nextMessage), _balances);
                ExpectOutcome(ledger.ApplyCloudBalances(_balances), BalanceOutcome.Stale, "an old balance message");
            }
            else if (stray == 1 && _nextMessage < _cloud.Count)
            {
                _cloud.Fill(_nextMessage + 1, _balances);
                ExpectOutcome(ledger.ApplyCloudBalances(_balances), BalanceOutcome.Gap, "a balance message after a missing one");
            }

            while (_nextMessage <= _cloud.Count)
            {
                _cloud.Fill(_nextMessage, _balances);
                _cloudInFlight = _balances.Count > 0 ? _balances.End : 0;
                BalanceOutcome outcome = ledger.ApplyCloudBalances(_balances);
                _cloudInFlight = 0;
                if (outcome == BalanceOutcome.Applied && _balances.Count > 0)
                {
                    // Only a stored message makes the cursor durable; an empty one moves it in RAM.
                    _cloudDurable = ledger.BalanceCursor;
                }
                if (outcome == BalanceOutcome.Deferred)
                {
                    _report.CloudDeferred++;
                    break;
                }

                ExpectOutcome(outcome, BalanceOutcome.Applied, "the next balance message");
                _report.CloudMessages++;
                _nextMessage++;
            }
        }

        private void ExpectOutcome(BalanceOutcome actual, BalanceOutcome expected, string what)
        {
            if (actual != expected)
            {
                _report.Violations++;
                _violations.Add($"main run: {what} was {actual}, expected {expected}");
            }
        }

        /// <summary>Called by <see cref="CutPointStore"/> before each operation on the main run's store.</summary>
        private void BeforeOperation(StoreOperation operation, string name, string other, uint inFlight)
        {
            long index = _storeOperations++;
            if (index % _options.CutStride != 0)
            {
                return;
            }

            CutExpectation expect = new CutExpectation
            {
                InFlight = inFlight,
                AckDurable = _ackDurable,
                AckInFlight = _ackInFlight,
                CloudDurable = _cloudDurable,
                CloudInFlight = _cloudInFlight,
            };

            if (name != null && (name.StartsWith(Ledger.CloudLogName, StringComparison.Ordinal) || name.StartsWith(Ledger.CloudFoldName, StringComparison.Ordinal)
                || name.StartsWith(Ledger.CloudStateName, StringComparison.Ordinal)))
            {
                _report.CloudCuts++;
            }

            bool recovery = _options.RecoveryStride > 0 && (index / _options.CutStride) % _options.RecoveryStride == 0;
            expect.Label = $"cut before op {index} ({operation} {name})";
            Examine(_fs.Fork(), expect, recovery);
            _report.CutsBefore++;
            if (_fs.CloseCutDiffers(operation, name))
            {
                SimulatedLittleFs during = _fs.Fork();
                during.InterruptClose(operation, name);
                expect.Label = $"cut during close of op {index} ({operation} {name})";
                Examine(during, expect, recovery);
                _report.CutsDuringClose++;
            }

            if (_options.BreakRenameAtomicity && operation == StoreOperation.Rename)
            {
                // A file system that deletes the old name before the new one exists, and loses power in between.
                SimulatedLittleFs broken = _fs.Fork();
                broken.Delete(name);
                expect.Label = $"cut inside a non-atomic rename, op {index} ({name} -> {other})";
                Examine(broken, expect, false);
                _report.CutsDuringClose++;
            }
        }

        private void Examine(SimulatedLittleFs state, CutExpectation expect, bool recovery)
        {
            SimulatedLittleFs first = recovery ? state.Fork() : state;
            int before = _violations.Count;
            _checker.Check(first, expect, _violations);
            _report.Violations += _violations.Count > before ? 1 : 0;
            Trim();
            if (recovery)
            {
                CutRecovery(state, expect);
            }
        }

        /// <summary>Second cut: before every operation of the mount that recovers <paramref name="state"/>.</summary>
        private void CutRecovery(SimulatedLittleFs state, CutExpectation expect)
        {
            OperationRecorder recorder = new OperationRecorder();
            SimulatedLittleFs probe = state.Fork();
            probe.Observer = recorder;
            new Ledger(probe, _ledgerOptions).Mount();
            string label = expect.Label;
            for (int j = 0; j < recorder.Operations.Count; j++)
            {
                for (int variant = 0; variant < 2; variant++)
                {
                    bool during = variant == 1;
                    if (during && !recorder.CloseDiffers[j])
                    {
                        continue;
                    }

                    SimulatedLittleFs again = state.Fork();
                    again.CutBefore = j;
                    again.CutDuringClose = during;
                    bool cut = false;
                    try
                    {
                        new Ledger(again, _ledgerOptions).Mount();
                    }
                    catch (PowerCutException)
                    {
                        cut = true;
                    }

                    again.PowerOn();
                    expect.Label = $"{label}, then {(during ? "during" : "before")} recovery op {j} ({recorder.Operations[j]})";
                    int before = _violations.Count;
                    if (!cut)
                    {
                        _violations.Add(expect.Label + ": the recovery did not reach the cut point (not deterministic)");
                    }

                    _checker.Check(again, expect, _violations);
                    _report.RecoveryCuts++;
                    _report.RecoveryViolations += _violations.Count > before ? 1 : 0;
                    Trim();
                }
            }

            expect.Label = label;
        }

        private void Trim()
        {
            if (_violations.Count > _options.KeepViolations)
            {
                _violations.RemoveRange(_options.KeepViolations, _violations.Count - _options.KeepViolations);
            }
        }

        private sealed class OperationRecorder : IStoreObserver
        {
            public readonly List<string> Operations = new List<string>();
            public readonly List<bool> CloseDiffers = new List<bool>();

            public void BeforeOperation(SimulatedLittleFs store, long index, StoreOperation operation, string name, int position, int count, string other)
            {
                Operations.Add(operation + " " + name);
                CloseDiffers.Add(store.CloseCutDiffers(operation, name));
            }
        }

        /// <summary>The main run's store: hands every call to the harness first, learns the committed frames.</summary>
        private sealed class CutPointStore : ILedgerStore
        {
            private readonly SimulatedLittleFs _inner;
            private readonly PowerCutHarness _harness;

            public CutPointStore(SimulatedLittleFs inner, PowerCutHarness harness)
            {
                _inner = inner;
                _harness = harness;
            }

            public long FreeBytes
            {
                get
                {
                    _harness.BeforeOperation(StoreOperation.FreeBytes, null, null, 0);
                    return _inner.FreeBytes;
                }
            }

            public bool Exists(string name)
            {
                _harness.BeforeOperation(StoreOperation.Exists, name, null, 0);
                return _inner.Exists(name);
            }

            public int Length(string name)
            {
                _harness.BeforeOperation(StoreOperation.Length, name, null, 0);
                return _inner.Length(name);
            }

            public int Read(string name, int position, byte[] buffer, int offset, int count)
            {
                _harness.BeforeOperation(StoreOperation.Read, name, null, 0);
                return _inner.Read(name, position, buffer, offset, count);
            }

            public void Append(string name, byte[] buffer, int offset, int count)
            {
                bool tail = name == Ledger.TailName;
                _harness.BeforeOperation(StoreOperation.Append, name, null, tail ? (uint)(count / TransactionCodec.FrameLength) : 0);
                _inner.Append(name, buffer, offset, count);
                if (tail)
                {
                    _harness._model.Appended(buffer, offset, count);
                }
            }

            public void Create(string name, byte[] buffer, int offset, int count)
            {
                _harness.BeforeOperation(StoreOperation.Create, name, null, 0);
                _inner.Create(name, buffer, offset, count);
            }

            public void Rename(string from, string to)
            {
                _harness.BeforeOperation(StoreOperation.Rename, from, to, 0);
                _inner.Rename(from, to);
            }

            public void Delete(string name)
            {
                _harness.BeforeOperation(StoreOperation.Delete, name, null, 0);
                _inner.Delete(name);
            }

            public string[] List(string prefix)
            {
                _harness.BeforeOperation(StoreOperation.List, prefix, null, 0);
                return _inner.List(prefix);
            }
        }

        /// <summary>The counter: the real flow with fake keypad, reader, clock and display.</summary>
        private sealed class Terminal : IIndicator
        {
            private readonly PowerCutHarness _harness;
            private readonly Ledger _ledger;
            private readonly ScriptedKeypad _keypad = new ScriptedKeypad();
            private readonly ScriptedCardReader _reader = new ScriptedCardReader();
            private readonly FakeClock _clock = new FakeClock();
            private readonly RecordingDisplay _display = new RecordingDisplay();
            private readonly byte[] _uid = new byte[CardUid.MaxLength];

            public Terminal(Ledger ledger, PowerCutHarness harness)
            {
                _harness = harness;
                _ledger = ledger;
                Flow = new TapFlow(ledger, EarnRules.Default(), VoucherCatalog.Default(), new TerminalSettings(), _display, this, _clock);
            }

            public TapFlow Flow { get; }

            public void Signal(Signal signal)
            {
                if (signal == Ports.Signal.Success)
                {
                    // The result is on the display: the cashier has seen it.
                    _harness._model.Shown();
                }
            }

            public string RunOne(Random random, CardUid[] cards, JournalModel model)
            {
                // Cards are drawn from a growing prefix of the pool, so new cards keep enrolling.
                int reach = Math.Min(cards.Length, 4 + (int)(model.AppendedLast / 6));
                CardUid card = cards[random.Next(reach)];
                int roll = random.Next(100);
                if (roll < 40)
                {
                    int amount = 100 + random.Next(30000);
                    Press("A" + amount.ToString() + "#" + random.Next(4).ToString());
                    Tap(card);
                    WaitForIdle();
                    return "sale (earn, enrol+earn)";
                }

                if (roll < 48)
                {
                    Tap(card);
                    WaitForIdle();
                    return "balance tap (enrol if new)";
                }

                if (roll < 58)
                {
                    Press("B" + (1 + random.Next(3)).ToString());
                    Tap(card);
                    WaitForIdle();
                    return "redeem";
                }

                if (roll < 65)
                {
                    Press("C1234#");
                    Press("#");
                    WaitForIdle();
                    return "void";
                }

                if (roll < 73)
                {
                    Press("A" + (100 + random.Next(5000)).ToString() + "##");
                    Press("D");
                    WaitForIdle();
                    return "anonymous sale";
                }

                if (roll < 80)
                {
                    _harness.DeliverCloud(_ledger, random);
                    return "cloud balance message(s)";
                }

                if (roll < 88)
                {
                    uint shown = model.ShownLast;
                    uint upTo = shown - (uint)Math.Min(shown, random.Next(12));
                    _harness.Acknowledge(_ledger, upTo);
                    return "cloud ack (MarkSynced)";
                }

                if (roll < 94)
                {
                    _ledger.MaintainAll();
                    return "MaintainAll";
                }

                // Long idle: the flow runs its own idle maintenance.
                _clock.Advance(15000);
                Step(2);
                return "idle";
            }

            private void Step(int turns)
            {
                for (int i = 0; i < turns; i++)
                {
                    Flow.Step(_keypad, _reader);
                    _clock.Advance(20);
                }
            }

            private void Press(string keys)
            {
                _keypad.Type(keys);
                Step(keys.Length + 1);
            }

            private void Tap(CardUid card)
            {
                Array.Copy(card.Bytes, _uid, card.Length);
                byte[] uid = new byte[card.Length];
                Array.Copy(card.Bytes, uid, card.Length);
                _reader.Place(uid);
                Step(3);
                _reader.Remove();
                Step(3);
            }

            private void WaitForIdle()
            {
                _clock.Advance(10000);
                Step(1);
            }
        }
    }
}
