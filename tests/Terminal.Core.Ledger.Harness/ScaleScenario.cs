using System;
using Terminal.Core.Domain;
using Terminal.Core.Ports;

namespace Terminal.Core.Ledger.Harness
{
    /// <summary>
    /// Brings a ledger to a shop's size through its public tap path: every card enrolled with a
    /// first purchase (lookup, one commit, maintenance between taps, the cloud acknowledging as
    /// it goes), then a backlog of purchases the cloud has not acknowledged.
    /// Balances are predictable from the card index, so any card can be checked afterwards.
    /// </summary>
    public sealed class ScaleScenario
    {
        private readonly CardState _state = new CardState();
        private readonly CardUid _uid = new CardUid();
        private readonly Transaction _enrol = new Transaction();
        private readonly Transaction _earn = new Transaction();
        private readonly byte[] _bytes = new byte[7];

        public ScaleScenario(int cards, int unsynced)
        {
            Cards = cards;
            Unsynced = unsynced;
        }

        public int Cards { get; }

        public int Unsynced { get; }

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

        /// <summary>Expected balance of card <paramref name="index"/> once everything is in.</summary>
        public int ExpectedBalance(int index)
        {
            int balance = 1 + (index % 50);
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
            FillBacklog(ledger, 0, Unsynced);
            return ledger;
        }

        /// <summary>Enrols every card with a first purchase; all acknowledged and folded at the end.</summary>
        public void FillCards(Ledger ledger)
        {
            for (int i = 0; i < Cards; i++)
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

            // Between taps, as the flow does (it retries a failed maintenance on its next turn).
            for (int k = 0; k < 64 && ledger.NeedsMaintenance; k++)
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
