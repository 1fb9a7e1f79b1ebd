using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Terminal.Core.Security;
using Terminal.Core.Tests.Fakes;

namespace Terminal.CardTrust.Tests;

[TestClass]
public class CounterCheckTests
{
    [TestMethod]
    public void MagicCloneIsCaughtFromTheCountersTheTerminalsRecorded()
    {
        // Real counters: the genuine card and its magic clone tapped through the real authenticator.
        CardAuthenticator auth = SecurityKit.Authenticator(SecurityKit.Keys(1, 0));
        SimulatedNtag genuine = SecurityKit.EnrolledCard(auth, 1, CredentialSerial.Make(1, 1));
        var check = new CardCheck();
        var taps = new List<CounterTap>();
        for (int i = 0; i < 5; i++)
        {
            SecurityKit.Tap(auth, genuine, true, check);
            taps.Add(new CounterTap("T0001", 10 + i, 1000 + (i * 3600), check.Counter));
        }

        SimulatedNtag clone = SimulatedNtag.MagicCloneOf(genuine, 0);
        Assert.AreEqual(CardOutcome.Valid, SecurityKit.Tap(auth, clone, true, check));
        taps.Add(new CounterTap("T0002", 40, 30000, check.Counter));

        // Without the genuine card used again, one terminal's view is consistent: nothing to see yet
        // (the clone's first counter is below the genuine card's, but T0002 alone cannot know).
        Assert.AreEqual(0, CounterCheck.Find(taps.Where(t => t.TerminalId == "T0002")).Count);
        // The clone counts from its own start: its 1 repeats the genuine card's first tap and falls
        // below its fifth.
        IReadOnlyList<CounterConflict> found = CounterCheck.Find(taps);
        Assert.AreEqual(2, found.Count);
        Assert.IsTrue(found.Any(c => c.Kind == CounterConflictKind.Duplicate && c.Later.TerminalId == "T0002"));
        Assert.IsTrue(found.Any(c => c.Kind == CounterConflictKind.Regression && c.Earlier.Counter == 5 && c.Later.TerminalId == "T0002"));

        // An emulator that answers a high counter is caught when the genuine card is next used.
        var high = new List<CounterTap>(taps.Take(5))
        {
            new("T0002", 41, 30000, 1000),
            new("T0001", 15, 40000, 6),
        };
        found = CounterCheck.Find(high);
        Assert.IsTrue(found.Any(c => c.Kind == CounterConflictKind.Regression && c.Later.Counter == 6));
    }

    [TestMethod]
    public void GenuineCardAtThreeTerminalsWithLateSyncAndSkewedClocksIsClean()
    {
        // One card, counters 1..12 tapped in turn at three terminals; T0003's clock runs 200 s late and
        // its taps arrive a week later (input order does not matter: only the terminals' own order and times).
        var taps = new List<CounterTap>();
        string[] terminals = ["T0001", "T0002", "T0003"];
        for (uint counter = 1; counter <= 12; counter++)
        {
            int t = (int)(counter % 3);
            long skew = t == 2 ? -200 : 0;
            taps.Add(new CounterTap(terminals[t], counter, 1000 + (counter * 250) + skew, counter));
        }

        // An enrolment tap journals Enrol + Earn with the same counter: one tap, not a duplicate.
        taps.Add(new CounterTap(taps[2].TerminalId, taps[2].Sequence + 1, taps[2].Timestamp, taps[2].Counter));
        // Rows whose counter was not read (0) are ignored.
        taps.Add(new CounterTap("T0002", 99, 999999, 0));
        var shuffled = taps.OrderBy(t => (t.Timestamp * 7919) % 13).ToList();
        Assert.AreEqual(0, CounterCheck.Find(shuffled).Count);
    }

    [TestMethod]
    public void DuplicatesAndSameTerminalRegressionsAreFlaggedWhateverTheClocks()
    {
        var duplicate = new[]
        {
            new CounterTap("T0001", 1, 1000, 7),
            new CounterTap("T0002", 1, 1100, 7),
        };
        IReadOnlyList<CounterConflict> found = CounterCheck.Find(duplicate);
        Assert.AreEqual(1, found.Count);
        Assert.AreEqual(CounterConflictKind.Duplicate, found[0].Kind);

        // T0001's clock was set back a day: its sequence still orders its taps.
        var regression = new[]
        {
            new CounterTap("T0001", 1, 90000, 8),
            new CounterTap("T0001", 2, 3600, 5),
        };
        found = CounterCheck.Find(regression);
        Assert.AreEqual(1, found.Count);
        Assert.AreEqual(CounterConflictKind.Regression, found[0].Kind);
        Assert.AreEqual(5u, found[0].Later.Counter);
    }

    [TestMethod]
    public void CountersCloseInTimeAtDifferentTerminalsAreNotJudged()
    {
        // Within the clock tolerance, order across terminals is unknown: 9 then 8, 100 s apart, passes.
        var taps = new[]
        {
            new CounterTap("T0001", 1, 1000, 9),
            new CounterTap("T0002", 1, 1100, 8),
        };
        Assert.AreEqual(0, CounterCheck.Find(taps).Count);
        Assert.AreEqual(1, CounterCheck.Find(taps, skewSeconds: 30).Count);
        Assert.ThrowsExactly<ArgumentNullException>(() => CounterCheck.Find(null!));
    }
}
