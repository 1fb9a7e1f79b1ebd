using System;
using System.Collections.Generic;
using System.Linq;

namespace Terminal.CardTrust;

/// <summary>
/// The cloud's serial check (issue 8). Serials are <c>terminal number (12 bits) &lt;&lt; 20 | sequence
/// (20 bits)</c>, allocated durably by the issuing terminal before it writes a card. A record signed
/// with a key stolen from a terminal's flash verifies everywhere, but its serial gives it away: either no
/// terminal allocated it, or a genuine card already carries it.
/// </summary>
public static class SerialCheck
{
    /// <summary>Terminal number of a serial.</summary>
    public static int TerminalOf(uint serial) => (int)(serial >> 20);

    /// <summary>Sequence of a serial within its terminal.</summary>
    public static int SequenceOf(uint serial) => (int)(serial & 0xFFFFF);

    /// <summary>
    /// Every conflict among the sightings. <paramref name="allocatedUpTo"/> gives, per terminal number,
    /// the highest sequence that terminal reports having allocated (0 for a number no terminal has).
    /// </summary>
    public static IReadOnlyList<SerialConflict> Find(IEnumerable<SerialSighting> sightings, Func<int, int> allocatedUpTo)
    {
        ArgumentNullException.ThrowIfNull(sightings);
        ArgumentNullException.ThrowIfNull(allocatedUpTo);
        List<SerialSighting> distinct = sightings.Distinct().ToList();
        var conflicts = new List<SerialConflict>();
        foreach (SerialSighting s in distinct)
        {
            int sequence = SequenceOf(s.Serial);
            if (sequence == 0 || sequence > allocatedUpTo(TerminalOf(s.Serial)))
            {
                conflicts.Add(new SerialConflict(SerialConflictKind.NeverIssued, s.Serial, s.Uid));
            }
        }

        foreach (IGrouping<uint, SerialSighting> serial in distinct.GroupBy(s => s.Serial).Where(g => g.Count() > 1))
        {
            conflicts.AddRange(serial.Select(s => new SerialConflict(SerialConflictKind.SharedByTwoCards, s.Serial, s.Uid)));
        }

        foreach (IGrouping<string, SerialSighting> uid in distinct.GroupBy(s => s.Uid).Where(g => g.Count() > 1))
        {
            conflicts.AddRange(uid.Select(s => new SerialConflict(SerialConflictKind.UidReissued, s.Serial, s.Uid)));
        }

        return conflicts;
    }
}
