using System;
using System.Collections.Generic;
using System.Linq;

namespace Terminal.Cloud
{
    /// <summary>
    /// One balance message: the cloud changes (<see cref="From"/>, <see cref="End"/>] it covers and
    /// the cards whose latest change lies in that range, in change order.
    /// </summary>
    public sealed record BalancePage(long From, long End, IReadOnlyList<CardView> Cards, bool More = false)
    {
        /// <summary>
        /// A resync for a terminal that can take at most <paramref name="room"/> card states now: the
        /// first <paramref name="room"/> cards in change order, the last page ending at the last of them
        /// and marked <see cref="More"/> so the terminal asks for the rest once it has folded these.
        /// Without a limit to apply, the same as <see cref="Split"/>.
        /// </summary>
        public static List<BalancePage> SplitResync(IEnumerable<CardView> cards, long from, long end, int maxCards, int room)
        {
            List<CardView> sorted = cards.OrderBy(c => c.Version).ToList();
            if (room < 0 || sorted.Count <= room)
            {
                return Split(sorted, from, end, maxCards);
            }

            if (room == 0)
            {
                return new List<BalancePage>();
            }

            List<CardView> first = sorted.GetRange(0, room);
            List<BalancePage> pages = Split(first, from, first[^1].Version, maxCards);
            pages[^1] = pages[^1] with { More = true };
            return pages;
        }

        /// <summary>
        /// Splits the cards changed in (<paramref name="from"/>, <paramref name="end"/>] into messages of at
        /// most <paramref name="maxCards"/> cards with contiguous ranges: the first starts at
        /// <paramref name="from"/>, each one ends at its last card's change number, and the last ends at
        /// <paramref name="end"/> (a terminal that applies them all holds everything up to it). No cards
        /// gives one empty message, so the terminal's cursor still moves to <paramref name="end"/>.
        /// </summary>
        /// <exception cref="ArgumentException">A card lies outside the range, or two share a change number:
        /// such a list cannot be cut into messages that each hold exactly their range.</exception>
        public static List<BalancePage> Split(IEnumerable<CardView> cards, long from, long end, int maxCards)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(from);
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(end, from);
            ArgumentOutOfRangeException.ThrowIfLessThan(maxCards, 1);

            // The range of a message is drawn at its last card, so the cards must be in change order
            // whatever order the caller built them in (stable: equal numbers are refused below anyway).
            List<CardView> sorted = cards.OrderBy(c => c.Version).ToList();
            long previous = from;
            foreach (CardView c in sorted)
            {
                if (c.Version <= previous || c.Version > end)
                {
                    throw new ArgumentException(c.Version > end || c.Version <= from
                        ? $"card {c.Uid} has change {c.Version}, outside ({from}, {end}]"
                        : $"card {c.Uid} repeats change {c.Version}", nameof(cards));
                }

                previous = c.Version;
            }

            List<BalancePage> pages = new();
            long start = from;
            int i = 0;
            do
            {
                List<CardView> page = sorted.GetRange(i, Math.Min(maxCards, sorted.Count - i));
                i += page.Count;
                long stop = i >= sorted.Count ? end : page[^1].Version;
                pages.Add(new BalancePage(start, stop, page));
                start = stop;
            }
            while (i < sorted.Count);

            return pages;
        }
    }
}
