using System;
using Terminal.Core.Domain;
using Terminal.Core.Ports;
using Terminal.Core.Sync;

namespace Terminal.Core.Ledger.Harness
{
    /// <summary>
    /// Brings a ledger to a shop's size through its public tap path: every card enrolled with a
    /// first purchase (lookup, one commit, maintenance between taps, the cloud acknowledging as
    /// it goes), then the cloud's view of every card (what the tenant's other terminals did, in
    /// balance messages of 64 cards, some of them cards never tapped here), then a backlog of
    /// purchases the cloud has not acknowledged.
    /// Balances are predictable from the card index, so any card can be checked afterwards.
    /// </summary>
    public sealed class ScaleScenario
    {
        private readonly CardState _state = new CardState();
        private readonly CardUid _uid = new CardUid();
        private readonly Transaction _enrol = new Transaction();
        private readonly Transaction _earn = new Transaction();
        private readonly byte[] _bytes = new byte[7];
        private readonly BalanceBatch _balances = new BalanceBatch(64);

        public ScaleScenario(int cards, int unsynced)
        {
            Cards = cards;
            Unsynced = unsynced;
        }

        public int Cards { get; }

        public int Unsynced { get; }

        /// <summary>The last this many cards are known from the cloud only (never tapped here before the backlog).</summary>
        public int CloudOnly { get; set; }

        /// <summary>When true, the cloud sends a state for every card before the backlog.</summary>
        public bool WithCloud { get; set; }

        /// <summary>Balance messages the ledger put off and then took after maintenance.</summary>
        public int CloudDeferred { get; private set; }

        /// <summary>Balance messages the ledger would not take even after all maintenance.</summary>
        public int CloudRefusals { get; private set; }

        /// <summary>Acknowledge once this many records wait during the enrolment phase.</summary>
        public int AckEvery { get; set; } = 500;

        /// <summary>Commits refused while filling (0 when everything fitted).</summary>
        public int Refusals { get; private set; }

        /// <summary>Maintenance calls the store refused (no space).</summary>
        public int MaintenanceFailures { get; private set; }

        /// <summary>The first refusal's message, if any.</summary>
        public string FirstRefusal { get; private set; }

        /// <summary>The UID of card <paramref name="index"/> (7 bytes, like an NTAG).</summary>
        public void CardUid(int index, CardUid into)
        {
            _bytes[0] = 0x04;
            _bytes[1] = (byte)(index >> 16);
            _bytes[2] = (byte)(index >> 8);
            _bytes[3] = (byte)index;
            _bytes[4] = 0x5A;
            _bytes[5] = 0xC3;
            _bytes[6] = 0x81;
            into.Set(_bytes, 0, 7);
        }

        /// <summary>Card hit by unsynced purchase <paramref name="j"/>.</summary>
        public int BacklogCard(int j) => (int)((j * 7919L) % Cards);

        /// <summary>The other terminals' points on card <paramref name="index"/>, as the cloud says.</summary>
        public int OtherPoints(int index) => WithCloud ? 10 + (index % 97) : 0;

        /// <summary>The once-per-card vouchers other terminals used on card <paramref name="index"/>.</summary>
        public ushort OtherVouchers(int index) => WithCloud && index % 5 == 0 ? (ushort)2 : (ushort)0;

        /// <summary>True when card <paramref name="index"/> is enrolled here by <see cref="FillCards"/>.</summary>
        public bool EnrolledHere(int index) => index < Cards - CloudOnly;

        /// <summary>Expected balance of card <paramref name="index"/> once everything is in.</summary>
        public int ExpectedBalance(int index)
        {
            int balance = (EnrolledHere(index) ? 1 + (index % 50) : 0) + OtherPoints(index);
            if (Unsynced > 0)
            {
                // Purchases j with BacklogCard(j) == index, 3 points each.
                for (int j = 0; j < Unsynced; j++)
                {
                    if (BacklogCard(j) == index)
                    {
                        balance += 3;
                    }
                }
            }

            return balance;
        }

        /// <summary>Mounts a ledger on <paramref name="store"/> and fills it.</summary>
        public Ledger Fill(ILedgerStore store, LedgerOptions options)
        {
            Ledger ledger = new Ledger(store, options);
            ledger.Mount();
            FillCards(ledger);
            if (WithCloud)
            {
                FillCloud(ledger);
            }

            FillBacklog(ledger, 0, Unsynced);
            return ledger;
        }

        /// <summary>Enrols every card with a first purchase; all acknowledged and folded at the end.</summary>
        public void FillCards(Ledger ledger)
        {
            for (int i = 0; i < Cards - CloudOnly; i++)
            {
                CardUid(i, _uid);
                ledger.Lookup(_uid, _state);
                Prepare(_enrol, TransactionKind.Enrol, 0);
                Prepare(_earn, TransactionKind.Earn, 1 + (i % 50));
                Tap(ledger, _enrol, _earn);
                if (ledger.UnsyncedCount >= AckEvery)
                {
                    ledger.MarkSynced(ledger.LastSequence);
                }
            }

            ledger.MarkSynced(ledger.LastSequence);
            ledger.MaintainAll();
        }

        /// <summary>
        /// The cloud's view of every card, 64 cards a message, as the sync engine hands them over:
        /// between taps, and when the ledger puts a message off, again after maintenance.
        /// </summary>
        public void FillCloud(Ledger ledger)
        {
            for (int first = 0; first < Cards; first += _balances.Capacity)
            {
                _balances.Clear();
                _balances.From = ledger.BalanceCursor;
                for (int i = first; i < Cards && _balances.Count < _balances.Capacity; i++)
                {
                    CardUid(i, _uid);
                    CardBalance card = _balances.At(_balances.Count);
                    card.Key = _uid.Key();
                    card.OtherPoints = OtherPoints(i);
                    card.OtherVouchers = OtherVouchers(i);
                    _balances.Count++;
                }

                _balances.End = _balances.From + _balances.Count;
                BalanceOutcome outcome = ledger.ApplyCloudBalances(_balances);
                if (outcome == BalanceOutcome.Deferred)
                {
                    CloudDeferred++;
                    Maintain(ledger, 1000);
                    outcome = ledger.ApplyCloudBalances(_balances);
                }

                if (outcome != BalanceOutcome.Applied)
                {
                    CloudRefusals++;
                }

                Maintain(ledger, 64);
            }
        }

        /// <summary>Purchases <paramref name="from"/>..<paramref name="to"/>-1 of the unacknowledged backlog.</summary>
        public void FillBacklog(Ledger ledger, int from, int to)
        {
            for (int j = from; j < to; j++)
            {
                CardUid(BacklogCard(j), _uid);
                ledger.Lookup(_uid, _state);
                Prepare(_earn, TransactionKind.Earn, 3);
                Tap(ledger, _earn, null);
            }
        }

        private void Prepare(Transaction t, TransactionKind kind, int points)
        {
            t.Clear();
            t.Kind = kind;
            t.Timestamp = 1772359200;
            t.Uid.CopyFrom(_uid);
            t.Points = points;
            t.AmountMinor = points * 100;
        }

        private void Tap(Ledger ledger, Transaction first, Transaction second)
        {
            try
            {
                ledger.Commit(first, second);
            }
            catch (LedgerException e)
            {
                Refusals++;
                FirstRefusal ??= e.Message;
            }

            Maintain(ledger, 64);
        }

        /// <summary>Between taps, as the flow does (it retries a failed maintenance on its next turn).</summary>
        private void Maintain(Ledger ledger, int calls)
        {
            for (int k = 0; k < calls && ledger.NeedsMaintenance; k++)
            {
                try
                {
                    ledger.Maintain();
                }
                catch (System.IO.IOException)
                {
                    MaintenanceFailures++;
                    break;
                }
            }
        }
    }
}
