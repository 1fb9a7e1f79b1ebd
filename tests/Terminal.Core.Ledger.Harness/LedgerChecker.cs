using System;
using System.Collections.Generic;
using Terminal.Core.Domain;
using Terminal.Core.Tests.Fakes;

namespace Terminal.Core.Ledger.Harness
{
    /// <summary>What a cut point may leave behind, captured when the cut happened.</summary>
    public sealed class CutExpectation
    {
        /// <summary>Records of the commit being appended when the power failed (may be 0).</summary>
        public uint InFlight;

        /// <summary>The acknowledgement watermark made durable before the cut.</summary>
        public uint AckDurable;

        /// <summary>An acknowledgement being written when the power failed (0 when none).</summary>
        public uint AckInFlight;

        /// <summary>The balance cursor made durable before the cut.</summary>
        public long CloudDurable;

        /// <summary>End of a balance message being applied when the power failed (0 when none).</summary>
        public long CloudInFlight;

        /// <summary>Where the cut was, for messages.</summary>
        public string Label;
    }

    /// <summary>
    /// Mounts a ledger on a store as a power cut left it and checks the invariants
    /// against the <see cref="JournalModel"/>: shown records present exactly once, unshown
    /// commits wholly present or absent, balances and card count equal to an independent replay,
    /// no sequence gaps or repeats, everything unacknowledged still readable, and the ledger
    /// still takes, folds, acknowledges and remounts a new transaction.
    /// </summary>
    public sealed class LedgerChecker
    {
        private readonly LedgerOptions _options;
        private readonly JournalModel _model;
        private readonly CloudModel _cloud;
        private readonly CardUid[] _universe;
        private readonly Transaction[] _journal;
        private readonly CardState _state = new CardState();
        private readonly Transaction _decoded = new Transaction();
        private readonly byte[] _file = new byte[64 * 1024];
        private readonly byte[] _frame = new byte[TransactionCodec.FrameLength];

        public LedgerChecker(LedgerOptions options, JournalModel model, CloudModel cloud, CardUid[] universe)
        {
            _options = options;
            _model = model;
            _cloud = cloud;
            _universe = universe;
            _journal = new Transaction[options.MaxUnsynced + 8];
            for (int i = 0; i < _journal.Length; i++)
            {
                _journal[i] = new Transaction();
            }
        }

        /// <summary>When false, the "keeps working" part is skipped (faster).</summary>
        public bool CheckKeepsWorking { get; set; } = true;

        /// <summary>Checks <paramref name="fs"/> (which it modifies); adds one line per violation to <paramref name="violations"/>.</summary>
        public void Check(SimulatedLittleFs fs, CutExpectation expect, List<string> violations)
        {
            int before = violations.Count;
            try
            {
                CheckState(fs, expect, violations);
            }
            catch (PowerCutException)
            {
                throw;
            }
            catch (Exception e)
            {
                violations.Add($"{expect.Label}: {e.GetType().Name}: {e.Message}");
            }

            if (violations.Count > before + 5)
            {
                violations.RemoveRange(before + 5, violations.Count - before - 5);
            }
        }

        private void CheckState(SimulatedLittleFs fs, CutExpectation expect, List<string> violations)
        {
            string at = expect.Label;
            Ledger ledger = new Ledger(fs, _options);
            ledger.Mount();
            uint last = ledger.LastSequence;

            // Shown records present; unshown commits wholly present or absent.
            if (last < _model.ShownLast)
            {
                violations.Add($"{at}: last sequence {last} < {_model.ShownLast} shown to the cashier");
                return;
            }

            if (!_model.IsCommitBoundary(last, expect.InFlight))
            {
                violations.Add($"{at}: last sequence {last} is not a commit boundary (shown {_model.ShownLast}, in flight {expect.InFlight})");
                return;
            }

            if (last > _model.AppendedLast)
            {
                // The in-flight commit survived: its frames are not in the model yet, so only the count is known.
                violations.Add($"{at}: in-flight commit survived a cut before or during its close (last {last})");
                return;
            }

            // Every journal file, read raw: each sequence once in content, no gap up to the last.
            Dictionary<uint, bool> present = RawScan(fs, at, violations);
            uint min = uint.MaxValue;
            foreach (uint seq in present.Keys)
            {
                if (seq < min)
                {
                    min = seq;
                }

                if (seq > last)
                {
                    violations.Add($"{at}: record {seq} on flash beyond last sequence {last}");
                }
            }

            uint synced = ledger.SyncedSequence;
            if (synced != expect.AckDurable && (expect.AckInFlight == 0 || synced != Math.Min(expect.AckInFlight, last)))
            {
                violations.Add($"{at}: synced {synced}, expected {expect.AckDurable} or {expect.AckInFlight}");
            }

            uint from = present.Count == 0 ? last + 1 : Math.Min(min, synced + 1);
            for (uint s = from; s <= last; s++)
            {
                if (!present.ContainsKey(s))
                {
                    violations.Add($"{at}: record {s} missing (gap), last {last}, synced {synced}");
                    break;
                }
            }

            if (ledger.Stats.SequenceGaps != 0)
            {
                violations.Add($"{at}: mount reported {ledger.Stats.SequenceGaps} sequence gaps");
            }

            // The cloud's view: everything unacknowledged, in order, once.
            int expected = (int)(last - synced);
            int n = ledger.ReadJournal(synced + 1, _journal, _journal.Length);
            if (n != expected)
            {
                violations.Add($"{at}: ReadJournal({synced + 1}) returned {n} records, expected {expected}");
            }
            else
            {
                for (int i = 0; i < n; i++)
                {
                    TransactionCodec.Encode(_journal[i], _frame, 0);
                    if (_journal[i].Sequence != synced + 1 + (uint)i || !Same(_frame, _model.Frame(_journal[i].Sequence)))
                    {
                        violations.Add($"{at}: ReadJournal record {i} is sequence {_journal[i].Sequence} or differs from what was committed");
                        break;
                    }
                }
            }

            // The cloud's part: the cursor is the durable one or the one in flight, never between.
            long cursor = ledger.BalanceCursor;
            if (cursor != expect.CloudDurable && (expect.CloudInFlight == 0 || cursor != expect.CloudInFlight))
            {
                violations.Add($"{at}: balance cursor {cursor}, expected {expect.CloudDurable} or {expect.CloudInFlight}");
            }

            // Balances equal a replay of the surviving journal plus the cloud's states up to the cursor.
            // A copy: the model hands out its own dictionary, and the cloud's part is added to it.
            Dictionary<ulong, ModelCard> cards = new Dictionary<ulong, ModelCard>(_model.CardsAt(last, out int enrolled));
            int known = Combine(cards, _cloud.StatesAt(cursor));
            CompareCards(ledger, cards, at + ": after mount", violations);
            // Before a fold the count holds the card table and pending enrolments; a card known only
            // from a cloud state still waiting in the index is counted once that state is folded.
            int enrolments = _model.EnrolmentsAt(last);
            if (ledger.CardCount < enrolments || ledger.CardCount > known)
            {
                violations.Add($"{at}: card count {ledger.CardCount}, replay says {enrolments} enrolments, {known} cards known with the cloud's");
            }

            if (!CheckKeepsWorking)
            {
                return;
            }

            // The ledger keeps working: a new tap, a full fold, an acknowledgement, a reboot.
            CardUid card = _universe[(int)(last % (uint)_universe.Length)];
            cards.TryGetValue(card.Key(), out ModelCard before);
            Transaction earn = new Transaction { Kind = TransactionKind.Earn, Timestamp = 1, Points = 7, AmountMinor = 700 };
            earn.Uid.CopyFrom(card);
            if (before.Exists)
            {
                ledger.Commit(earn, null);
            }
            else
            {
                Transaction enrol = new Transaction { Kind = TransactionKind.Enrol, Timestamp = 1 };
                enrol.Uid.CopyFrom(card);
                ledger.Commit(enrol, earn);
            }

            int balance = before.Balance + 7;
            if (!ledger.Lookup(card, _state) || _state.Balance != balance)
            {
                violations.Add($"{at}: after a new tap the balance is {_state.Balance}, expected {balance}");
            }

            ledger.MaintainAll();
            ledger.MarkSynced(ledger.LastSequence);
            uint newLast = ledger.LastSequence;
            ledger = new Ledger(fs, _options);
            ledger.Mount();
            if (ledger.LastSequence != newLast || newLast != last + (before.Exists ? 1u : 2u))
            {
                violations.Add($"{at}: after the new tap and a reboot the last sequence is {ledger.LastSequence}, expected {last + (before.Exists ? 1u : 2u)}");
            }

            // Everything is folded now: the card table holds exactly the cards known here or from the cloud.
            if (!ledger.Lookup(card, _state) || _state.Balance != balance || ledger.CardCount != known + (before.Exists ? 0 : 1) || ledger.UnsyncedCount != 0)
            {
                violations.Add($"{at}: after the new tap and a reboot: balance {_state.Balance} (expected {balance}), cards {ledger.CardCount} (expected {known + (before.Exists ? 0 : 1)}), unsynced {ledger.UnsyncedCount}");
            }
        }

        /// <summary>Adds the other terminals' part to the replayed cards; returns how many cards are known either way.</summary>
        private static int Combine(Dictionary<ulong, ModelCard> cards, Dictionary<ulong, (int Points, ushort Vouchers)> others)
        {
            foreach (KeyValuePair<ulong, (int Points, ushort Vouchers)> pair in others)
            {
                cards.TryGetValue(pair.Key, out ModelCard own);
                cards[pair.Key] = new ModelCard
                {
                    Exists = true,
                    Balance = own.Balance + pair.Value.Points,
                    VouchersUsed = (ushort)(own.VouchersUsed | pair.Value.Vouchers),
                };
            }

            int known = 0;
            foreach (ModelCard card in cards.Values)
            {
                known += card.Exists ? 1 : 0;
            }

            return known;
        }

        private void CompareCards(Ledger ledger, Dictionary<ulong, ModelCard> cards, string at, List<string> violations)
        {
            foreach (CardUid card in _universe)
            {
                cards.TryGetValue(card.Key(), out ModelCard expected);
                bool exists = ledger.Lookup(card, _state);
                ModelCard actual = new ModelCard { Exists = exists, Balance = exists ? _state.Balance : 0, VouchersUsed = exists ? _state.VouchersUsed : (ushort)0 };
                if (!actual.Equals(expected))
                {
                    violations.Add($"{at}: card {card} has {actual}, replay says {expected}");
                    return;
                }
            }
        }

        /// <summary>Reads every journal file without the ledger's code paths; returns the sequences found.</summary>
        private Dictionary<uint, bool> RawScan(SimulatedLittleFs fs, string at, List<string> violations)
        {
            Dictionary<uint, bool> present = new Dictionary<uint, bool>();
            foreach (string name in fs.List(string.Empty))
            {
                bool journal = name == Ledger.TailName || (name.Length == 9 && name.StartsWith(Ledger.SegmentPrefix, StringComparison.Ordinal));
                if (!journal)
                {
                    continue;
                }

                int length = fs.Read(name, 0, _file, 0, _file.Length);
                uint previous = 0;
                for (int o = 0; o + TransactionCodec.FrameLength <= length; o += TransactionCodec.FrameLength)
                {
                    if (!TransactionCodec.TryDecode(_file, o, length - o, _decoded))
                    {
                        violations.Add($"{at}: {name} has an unreadable frame at {o} (LittleFS never tears a close)");
                        break;
                    }

                    uint seq = _decoded.Sequence;
                    byte[] committed = _model.Frame(seq);
                    if (committed == null || !Same(_file, o, committed))
                    {
                        violations.Add($"{at}: {name} holds sequence {seq} with content that was never committed");
                    }

                    if (seq <= previous)
                    {
                        violations.Add($"{at}: {name} repeats or reorders sequence {seq} after {previous}");
                    }

                    previous = seq;
                    present[seq] = true;
                }
            }

            return present;
        }

        private static bool Same(byte[] a, byte[] b) => b != null && Same(a, 0, b);

        private static bool Same(byte[] buffer, int offset, byte[] frame)
        {
            for (int i = 0; i < frame.Length; i++)
            {
                if (buffer[offset + i] != frame[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
