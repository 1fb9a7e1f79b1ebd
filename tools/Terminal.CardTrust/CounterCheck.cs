using System;
using System.Collections.Generic;
using System.Linq;

namespace Terminal.CardTrust;

/// <summary>
/// The cloud's clone check (issue 8): an NTAG21x counts the first READ of every tap (data sheet
/// §8.6) and its counter cannot be set back, so for one card the counters must rise with time across
/// every terminal. A magic clone has its own counter, and two interleaved counters cannot stay
/// monotonic as soon as both cards are used.
/// <list type="bullet">
/// <item>Within one terminal the transaction sequence is the true order: each tap must read more than the one before.</item>
/// <item>Across terminals the terminals' own timestamps order the taps, so a terminal that syncs days
/// late is judged by when its taps happened, not when they arrived. Taps less than
/// <c>skewSeconds</c> apart are not ordered (clocks drift); only equal counters count there.</item>
/// <item>Two different taps never read the same counter. Rows of one tap (an Enrol and the Earn
/// committed with it) share terminal, timestamp and counter and count once.</item>
/// </list>
/// Run it on all of a card's taps whenever new ones arrive; cost is O(n²) in that card's taps.
/// </summary>
public static class CounterCheck
{
    /// <summary>Default tolerance for terminal clocks, seconds.</summary>
    public const long DefaultSkewSeconds = 300;

    /// <summary>Every conflict among one card's taps (taps with counter 0 were not read and are ignored).</summary>
    public static IReadOnlyList<CounterConflict> Find(IEnumerable<CounterTap> taps, long skewSeconds = DefaultSkewSeconds)
    {
        ArgumentNullException.ThrowIfNull(taps);
        List<CounterTap> distinct = taps
            .Where(t => t.Counter != 0)
            .GroupBy(t => (t.TerminalId, t.Timestamp, t.Counter))
            .Select(g => g.MinBy(t => t.Sequence)!)
            .ToList();
        var conflicts = new List<CounterConflict>();

        foreach (IGrouping<uint, CounterTap> same in distinct.GroupBy(t => t.Counter).Where(g => g.Count() > 1))
        {
            List<CounterTap> ordered = same.OrderBy(t => t.Timestamp).ThenBy(t => t.Sequence).ToList();
            for (int i = 1; i < ordered.Count; i++)
            {
                conflicts.Add(new CounterConflict(CounterConflictKind.Duplicate, ordered[0], ordered[i]));
            }
        }

        foreach (IGrouping<string, CounterTap> terminal in distinct.GroupBy(t => t.TerminalId))
        {
            CounterTap? previous = null;
            foreach (CounterTap tap in terminal.OrderBy(t => t.Sequence))
            {
                if (previous is not null && tap.Counter < previous.Counter)
                {
                    conflicts.Add(new CounterConflict(CounterConflictKind.Regression, previous, tap));
                }

                previous = tap;
            }
        }

        List<CounterTap> byTime = distinct.OrderBy(t => t.Timestamp).ToList();
        foreach (CounterTap later in byTime)
        {
            CounterTap? earlier = byTime
                .TakeWhile(t => t.Timestamp < later.Timestamp - skewSeconds)
                .Where(t => t.TerminalId != later.TerminalId && t.Counter > later.Counter)
                .MaxBy(t => t.Counter);
            if (earlier is not null)
            {
                conflicts.Add(new CounterConflict(CounterConflictKind.Regression, earlier, later));
            }
        }

        return conflicts;
    }
}
