using System;
using System.Collections.Generic;
using System.Linq;
using Terminal.CardTrust;

namespace Terminal.Cloud
{
    /// <summary>
    /// Runs the card-trust checks of <c>tools/Terminal.CardTrust</c> on the cards a batch named
    /// (docs/security.md, ADR 0008), records what they find and blocks the cards that fail:
    /// <list type="bullet">
    /// <item>originality: each card-evidence record's signature against the configured public key (NXP's by default);</item>
    /// <item>counters: <see cref="CounterCheck"/> over the card's taps at every terminal (refused taps excluded:
    /// a fake presented and refused must not get the genuine card blocked);</item>
    /// <item>serials: <see cref="SerialCheck"/> over the Enrol rows. A terminal proves it issued a serial with
    /// the card-evidence record it commits right after the Enrol; a serial no terminal proved is judged only
    /// once the terminal holding that serial's number has synced past the sighting (it may be offline
    /// with the issuance still in its journal).</item>
    /// </list>
    /// The caller holds the database for the duration. Every finding is recorded once; a card is blocked
    /// by a new blocking finding only, so an operator's unblock stands until new evidence arrives.
    /// </summary>
    public sealed class CardTrustChecks
    {
        private readonly CloudDatabase _db;
        private readonly OriginalitySignature _originality;
        private readonly long _skew;

        /// <summary>Checks over <paramref name="db"/> with the originality key and the clock tolerance.</summary>
        public CardTrustChecks(CloudDatabase db, OriginalitySignature originality, long skewSeconds)
        {
            _db = db;
            _originality = originality;
            _skew = skewSeconds;
        }

        /// <summary>
        /// Checks <paramref name="uids"/> (and the cards carrying serials of <paramref name="terminalId"/>'s
        /// number, whose verdict may have waited for this terminal to sync). Returns the findings new
        /// and old for those cards, and in <paramref name="newlyBlocked"/> the cards blocked now.
        /// </summary>
        public List<Finding> Run(string tenantId, string terminalId, IEnumerable<string> uids, long now, out List<string> newlyBlocked)
        {
            HashSet<string> cards = new(uids, StringComparer.Ordinal);
            int? number = _db.TerminalNumber(terminalId);
            if (number != null)
            {
                cards.UnionWith(_db.CardsWithSerialsOf(tenantId, number.Value));
            }

            List<Finding> found = new();
            Dictionary<int, int> issuedUpTo = new();
            foreach (string uid in cards.OrderBy(u => u, StringComparer.Ordinal))
            {
                CheckOriginality(tenantId, uid, found);
                HashSet<uint> issuedHere = CheckIssuances(tenantId, uid, found);
                CheckCounters(tenantId, uid, found);
                CheckSerials(tenantId, uid, issuedHere, issuedUpTo, found);
            }

            newlyBlocked = found.Count == 0 ? new List<string>() : _db.RecordFindings(tenantId, found, now);
            return found;
        }

        private void CheckOriginality(string tenantId, string uid, List<Finding> found)
        {
            foreach ((string terminal, long seq, string signature) in _db.UncheckedEvidence(tenantId, uid))
            {
                bool original = _originality.Verify(Convert.FromHexString(uid), Convert.FromHexString(signature));
                _db.MarkEvidence(terminal, seq, original);
                if (!original)
                {
                    found.Add(new Finding(uid, "signature-invalid", "originality signature read by " + terminal + "#" + seq + " does not verify", terminal, seq, true));
                }
            }

            // A signature that failed earlier keeps its finding (recorded then); nothing more to do here.
        }

        /// <summary>Serials this card's evidence proves were issued to it; learns terminal numbers from them.</summary>
        private HashSet<uint> CheckIssuances(string tenantId, string uid, List<Finding> found)
        {
            HashSet<uint> issued = new();
            foreach ((string terminal, long seq, uint serial) in _db.Issuances(tenantId, uid))
            {
                int number = SerialCheck.TerminalOf(serial);
                string? holder = _db.LearnTerminalNumber(tenantId, terminal, number);
                if (holder != terminal)
                {
                    found.Add(new Finding(uid, "serial-foreign-number", terminal + "#" + seq + " issued " + Serial(serial) + " under number " + number
                        + (holder == null ? " while it holds another" : ", which is " + holder + "'s"), terminal, seq, true));
                    continue;
                }

                issued.Add(serial);
            }

            return issued;
        }

        private void CheckCounters(string tenantId, string uid, List<Finding> found)
        {
            foreach (CounterConflict c in CounterCheck.Find(_db.CounterTaps(tenantId, uid), _skew))
            {
                string check = c.Kind == CounterConflictKind.Regression ? "counter-regression" : "counter-duplicate";
                string detail = Tap(c.Earlier) + " then " + Tap(c.Later);
                found.Add(new Finding(uid, check, detail, c.Later.TerminalId, c.Later.Sequence, true));
            }
        }

        private void CheckSerials(string tenantId, string uid, HashSet<uint> issuedHere, Dictionary<int, int> issuedUpTo, List<Finding> found)
        {
            var own = _db.SerialSightings(tenantId, uid, null);
            if (own.Count == 0)
            {
                return;
            }

            var all = new List<(string Terminal, long Seq, long Ts, string Uid, uint Serial)>(own);
            foreach (uint serial in own.Select(s => s.Serial).Distinct())
            {
                all.AddRange(_db.SerialSightings(tenantId, null, serial).Where(s => s.Uid != uid));
            }

            int UpTo(int number)
            {
                if (!issuedUpTo.TryGetValue(number, out int upTo))
                {
                    upTo = _db.IssuedUpTo(tenantId, number);
                    issuedUpTo[number] = upTo;
                }

                return upTo;
            }

            foreach (SerialConflict c in SerialCheck.Find(all.Select(s => new SerialSighting(s.Uid, s.Serial)), UpTo))
            {
                if (c.Uid != uid)
                {
                    // The other card gets its own verdict when it is checked.
                    continue;
                }

                var first = own.Where(s => s.Serial == c.Serial).OrderBy(s => s.Ts).First();
                switch (c.Kind)
                {
                    case SerialConflictKind.NeverIssued:
                        if (!Judgeable(tenantId, c.Serial, own.Where(s => s.Serial == c.Serial).Select(s => s.Terminal), first.Ts))
                        {
                            break;
                        }

                        found.Add(new Finding(uid, "serial-never-issued", Serial(c.Serial) + " seen at " + first.Terminal + "#" + first.Seq + ": no terminal issued it", first.Terminal, first.Seq, true));
                        break;
                    case SerialConflictKind.SharedByTwoCards:
                        // The card the issuing terminal wrote keeps the serial; any other card carrying it was minted.
                        if (!issuedHere.Contains(c.Serial))
                        {
                            string others = string.Join(",", all.Where(s => s.Serial == c.Serial && s.Uid != uid).Select(s => s.Uid).Distinct().OrderBy(u => u, StringComparer.Ordinal));
                            found.Add(new Finding(uid, "serial-shared", Serial(c.Serial) + " also on " + others, first.Terminal, first.Seq, true));
                        }

                        break;
                    case SerialConflictKind.UidReissued:
                        // One finding per card (the detail lists every serial), named after the enrolment
                        // that revealed it: the first sighting of the serial seen last.
                        var revealing = own.GroupBy(s => s.Serial)
                            .Select(g => g.OrderBy(s => s.Ts).ThenBy(s => s.Terminal, StringComparer.Ordinal).ThenBy(s => s.Seq).First())
                            .OrderByDescending(s => s.Ts).ThenByDescending(s => s.Terminal, StringComparer.Ordinal).ThenByDescending(s => s.Seq).First();
                        found.Add(new Finding(uid, "uid-reissued", "enrolled under " + string.Join(",", own.Select(s => s.Serial).Distinct().OrderBy(s => s).Select(Serial)), revealing.Terminal, revealing.Seq, false));
                        break;
                }
            }
        }

        /// <summary>
        /// A serial no terminal proved is flagged only when it could not still be on its way: the terminal
        /// holding its number synced past the first sighting (plus clock tolerance), or no terminal of the
        /// tenant can hold that number (every one has a known, different number).
        /// </summary>
        private bool Judgeable(string tenantId, uint serial, IEnumerable<string> seenBy, long firstSeen)
        {
            string? holder = _db.TerminalWithNumber(tenantId, SerialCheck.TerminalOf(serial));
            if (holder == null)
            {
                return _db.EveryTerminalNumbered(tenantId);
            }

            // The holder's own sighting settles it: the cloud holds its journal contiguously, and an
            // issuance comes before any sighting of the card.
            return seenBy.Contains(holder, StringComparer.Ordinal) || _db.SyncedPast(holder, firstSeen + _skew);
        }

        private static string Tap(CounterTap t) => t.TerminalId + "#" + t.Sequence + " ctr " + t.Counter + " at " + t.Timestamp;

        private static string Serial(uint serial) => SerialCheck.TerminalOf(serial).ToString("D4", System.Globalization.CultureInfo.InvariantCulture)
            + "-" + SerialCheck.SequenceOf(serial).ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
    }
}
