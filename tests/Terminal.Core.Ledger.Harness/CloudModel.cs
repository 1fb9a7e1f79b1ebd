using System;
using System.Collections.Generic;
using Terminal.Core.Domain;
using Terminal.Core.Sync;

namespace Terminal.Core.Ledger.Harness
{
    /// <summary>
    /// The harness's stand-in for the cloud's balance stream: a run of messages with contiguous
    /// change ranges, each carrying new states (other terminals' points and voucher bits) for a
    /// few cards. It answers, independently of the ledger's code, what the terminal must show for
    /// the other terminals' part once it holds every change up to a cursor.
    /// </summary>
    public sealed class CloudModel
    {
        private readonly List<long> _ends = new List<long> { 0 };
        private readonly List<Dictionary<ulong, (int Points, ushort Vouchers)>> _states = new List<Dictionary<ulong, (int, ushort)>> { new Dictionary<ulong, (int, ushort)>() };

        /// <summary>The newest change number the cloud has produced.</summary>
        public long Head => _ends[^1];

        /// <summary>Messages produced so far.</summary>
        public int Count => _ends.Count - 1;

        /// <summary>Produces the next message: new states for <paramref name="cards"/>; returns its index (1-based).</summary>
        public int Produce(Random random, CardUid[] cards, int cardCount)
        {
            // cardCount 0: an empty range, like the one the cloud sends a terminal for its own batch.
            Dictionary<ulong, (int, ushort)> states = new Dictionary<ulong, (int, ushort)>();
            for (int i = 0; i < cardCount; i++)
            {
                CardUid card = cards[random.Next(cards.Length)];
                states[card.Key()] = (random.Next(-50, 5000), (ushort)random.Next(4));
            }

            _ends.Add(Head + 1 + random.Next(3));
            _states.Add(states);
            return _ends.Count - 1;
        }

        /// <summary>Fills <paramref name="batch"/> with message <paramref name="index"/> (from = previous end).</summary>
        public void Fill(int index, BalanceBatch batch)
        {
            batch.Clear();
            batch.From = _ends[index - 1];
            batch.End = _ends[index];
            foreach (KeyValuePair<ulong, (int Points, ushort Vouchers)> pair in _states[index])
            {
                CardBalance card = batch.At(batch.Count);
                card.Key = pair.Key;
                card.Version = batch.End;
                card.OtherPoints = pair.Value.Points;
                card.OtherVouchers = pair.Value.Vouchers;
                batch.Count++;
            }
        }

        /// <summary>End of message <paramref name="index"/>.</summary>
        public long End(int index) => _ends[index];

        /// <summary>True when some message ends exactly at <paramref name="cursor"/> (a cursor the terminal can hold).</summary>
        public bool IsMessageEnd(long cursor) => _ends.Contains(cursor);

        /// <summary>The other terminals' part of every card the cloud described up to <paramref name="cursor"/>: the newest state wins.</summary>
        public Dictionary<ulong, (int Points, ushort Vouchers)> StatesAt(long cursor)
        {
            Dictionary<ulong, (int, ushort)> result = new Dictionary<ulong, (int, ushort)>();
            for (int i = 1; i < _ends.Count && _ends[i] <= cursor; i++)
            {
                foreach (KeyValuePair<ulong, (int, ushort)> pair in _states[i])
                {
                    result[pair.Key] = pair.Value;
                }
            }

            return result;
        }
    }
}
