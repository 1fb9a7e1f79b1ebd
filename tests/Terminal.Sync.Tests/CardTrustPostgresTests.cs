using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Npgsql;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities;
using Terminal.CardTrust;
using Terminal.Cloud;
using Terminal.Core.Security;
using Terminal.Sync.Tests.Infrastructure;

namespace Terminal.Sync.Tests
{
    /// <summary>
    /// The card-trust tables and queries (CloudDatabase.Security.cs) and the checks over them
    /// (CardTrustChecks), run on SQLite and on a real PostgreSQL with the same assertions. No broker:
    /// each sync is what CloudService.OnBatchAsync does with a batch, ApplyBatch then the checks on the
    /// cards it named, at the cloud's clock. One PostgreSQL cluster serves the class, a fresh database
    /// per test; "postgres-seqscan" runs it again with the planner's index scans off, so an answer that
    /// depends on the order rows come back in shows up.
    /// </summary>
    [TestClass]
    public class CardTrustPostgresTests
    {
        private const string Tenant = "acme";

        /// <summary>Terminal time of the first tap (2026-03-01 10:00 UTC).</summary>
        private const long T0 = 1772359200;

        // Upper-case hex as the terminals send them; the order of the names is their sort order.
        private const string G = "04A0000000000A";
        private const string H = "04A0000000000B";
        private const string K = "04A0000000000C";
        private const string M = "04A0000000000D";
        private const string N = "04A0000000000E";
        private const string P = "04A0000000000F";
        private const string Q = "04A00000000010";
        private const string R = "04A00000000011";
        private const string S = "04A00000000012";
        private const string F = "04A00000000013";
        private const string X = "04A00000000014";

        public TestContext TestContext { get; set; } = null!;

        private static readonly (byte[] PublicKey, ECPrivateKeyParameters PrivateKey) NxpStandIn = TestKeyPair();
        private static readonly ConcurrentDictionary<string, string> Signatures = new(StringComparer.Ordinal);
        private static readonly object PgLock = new();
        private static Postgres? _pg;
        private static int _databases;

        [ClassCleanup]
        public static void StopPostgres()
        {
            _pg?.Dispose();
            _pg = null;
        }

        [TestMethod]
        [Timeout(120_000)]
        [DataRow("sqlite")]
        [DataRow("postgres")]
        [DataRow("postgres-seqscan")]
        public void GenuineCardIsNeverFlaggedAndTerminalNumbersAreLearntOrSet(string backend)
        {
            using Cloud c = Cloud.Open(backend);
            Assert.IsTrue(c.Db.SetTerminalNumber(Tenant, "B", 2), "provisioning");
            Assert.IsTrue(c.Db.SetTerminalNumber(Tenant, "B", 2), "the same again is fine");
            Assert.IsFalse(c.Db.SetTerminalNumber(Tenant, "C", 2), "a number belongs to one terminal");
            Assert.IsFalse(c.Db.SetTerminalNumber(Tenant, "B", 3), "a terminal has one number");
            Assert.IsTrue(c.Db.SetTerminalNumber(Tenant, "E", 4095), "the largest number");
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => c.Db.SetTerminalNumber(Tenant, "C", 0));
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => c.Db.SetTerminalNumber(Tenant, "C", 4096));
            Assert.IsNull(c.Db.TerminalNumber("A"));

            // Enrolled at A, then used at B, at C (whose clock is 100 s slow) and at A again.
            c["A"].Enrol(G, CredentialSerial.Make(1, 1), T0, 10, Sign(G));
            c.ExpectClean(c.Sync("A"));
            Assert.AreEqual(1, c.Db.TerminalNumber("A"), "learnt from A's issuance");
            (string terminal, long seq, string signature, bool? original) = c.Db.Evidence(G).Single();
            Assert.AreEqual(("A", 2L, Sign(G), (bool?)true), (terminal, seq, signature, original), "evidence right after the Enrol, and it verifies");

            c["B"].Seen(G, CredentialSerial.Make(1, 1), T0 + 600, 11);
            c["B"].Earn(G, T0 + 700, 12);
            c.ExpectClean(c.Sync("B"));
            c["C"].Seen(G, CredentialSerial.Make(1, 1), T0 + 690, 13);
            c["C"].Refused(G, T0 + 950, (int)SecurityReason.PasswordRejected);
            c.ExpectClean(c.Sync("C"));
            c["A"].Earn(G, T0 + 900, 14);
            c.ExpectClean(c.Sync("A"));

            // E issues the largest serial there is (0xFFFFFFFF: more than an int) to a card at the largest counter.
            uint top = CredentialSerial.Make(4095, CredentialSerial.MaxSequence);
            Assert.AreEqual(uint.MaxValue, top);
            c["E"].Enrol(H, top, T0 + 1000, 0xFFFFFF, Sign(H));
            c.ExpectClean(c.Sync("E"));
            c["E"].Seen(G, CredentialSerial.Make(1, 1), T0 + 1100, 15);
            c.ExpectClean(c.Sync("E"));

            Assert.AreEqual(0, c.Db.Findings().Count);
            Assert.AreEqual(0, c.Db.Findings(G).Count);
            Assert.AreEqual((0L, 0), (c.Db.Blocked(Tenant).Version, c.Db.Blocked(Tenant).Uids.Count));
            Assert.IsFalse(c.Db.Cards(G).Single().Blocked);
            Assert.AreEqual(true, c.Db.Evidence(H).Single().Original);
            Assert.AreEqual(4095, c.Db.TerminalNumber("E"));
            Assert.AreEqual(2, c.Db.TerminalNumber("B"));
            Assert.IsNull(c.Db.TerminalNumber("C"), "C issued nothing and was not provisioned");
            (string refusedBy, TxRow refused) = c.Db.SecurityEvents(G).Single();
            Assert.AreEqual(("C", (long)SecurityReason.PasswordRejected, 0L), (refusedBy, refused.Reference, refused.Counter));
            AssertCounts(c, ("C", 0, 1));
        }

        [TestMethod]
        [Timeout(120_000)]
        [DataRow("sqlite")]
        [DataRow("postgres")]
        [DataRow("postgres-seqscan")]
        public void MagicCloneWithItsOwnCounterIsBlockedOnceAndAgainOnlyOnNewEvidence(string backend)
        {
            using Cloud c = Cloud.Open(backend);
            long a1 = c["A"].Enrol(K, CredentialSerial.Make(1, 1), T0, 5, Sign(K));
            c["A"].Earn(K, T0 + 60, 6);
            long a5 = c["A"].Earn(K, T0 + 120, 7);
            Assert.AreEqual((1L, 5L), (a1, a5));
            c.ExpectClean(c.Sync("A"));

            // Half an hour later a perfect copy with its own (low) counter at B: the counter went backwards.
            long b1 = c["B"].Seen(K, CredentialSerial.Make(1, 1), T0 + 1800, 1);
            long foundAt = c.Now;
            List<Finding> found = c.Sync("B", out List<string> blocked);
            Finding regression = new(K, "counter-regression", $"A#5 ctr 7 at {T0 + 120} then B#{b1} ctr 1 at {T0 + 1800}", "B", b1, true);
            CollectionAssert.AreEqual(new[] { regression }, found);
            CollectionAssert.AreEqual(new[] { K }, blocked);
            Assert.AreEqual((1L, K), (c.Db.Blocked(Tenant).Version, c.Db.Blocked(Tenant).Uids.Single()));
            Assert.IsTrue(c.Db.Cards(K).Single().Blocked);
            Assert.AreEqual(regression with { Tenant = Tenant, FoundAt = foundAt }, c.Db.Findings(K).Single(), "read back with tenant and time");

            // The broker redelivers B's batch: checked again, recorded once, the list does not move.
            found = c.Resend("B", out blocked);
            CollectionAssert.AreEqual(new[] { regression }, found);
            Assert.AreEqual(0, blocked.Count);
            Assert.AreEqual(1L, c.Db.Blocked(Tenant).Version);
            Assert.AreEqual(foundAt, c.Db.Findings(K).Single().FoundAt);

            // The operator unblocks the card: a redelivery does not undo that ...
            Assert.AreEqual(2L, c.Db.SetBlocked(Tenant, K, false, c.Now));
            c.Resend("B", out blocked);
            Assert.AreEqual(0, blocked.Count);
            Assert.AreEqual((2L, 0), (c.Db.Blocked(Tenant).Version, c.Db.Blocked(Tenant).Uids.Count));

            // ... but the clone used again is new evidence.
            long b3 = c["B"].Earn(K, T0 + 1900, 2);
            long againAt = c.Now;
            c.Sync("B", out blocked);
            CollectionAssert.AreEqual(new[] { K }, blocked);
            Assert.AreEqual((3L, K), (c.Db.Blocked(Tenant).Version, c.Db.Blocked(Tenant).Uids.Single()));
            CollectionAssert.AreEqual(
                new[]
                {
                    new Finding(K, "counter-regression", $"A#5 ctr 7 at {T0 + 120} then B#{b3} ctr 2 at {T0 + 1900}", "B", b3, true, Tenant, againAt),
                    regression with { Tenant = Tenant, FoundAt = foundAt },
                },
                c.Db.Findings(K),
                "newest first");
            Assert.AreEqual(0, c.Db.Findings().Count(f => f.Uid != K));
            AssertCounts(c, ("B", 2, 0));
        }

        [TestMethod]
        [Timeout(120_000)]
        [DataRow("sqlite")]
        [DataRow("postgres")]
        [DataRow("postgres-seqscan")]
        public void SameCounterAtTwoTerminalsAndACounterGoingBackAtOneAreBlocked(string backend)
        {
            using Cloud c = Cloud.Open(backend);
            Assert.IsTrue(c.Db.SetTerminalNumber(Tenant, "B", 2));
            Assert.IsTrue(c.Db.SetTerminalNumber(Tenant, "C", 3));
            long a1 = c["A"].Enrol(P, CredentialSerial.Make(1, 1), T0 + 300, 20, Sign(P));
            c.ExpectClean(c.Sync("A"));

            long b1 = c["B"].Enrol(Q, CredentialSerial.Make(2, 1), T0 + 500, 30, Sign(Q));
            long b4 = c["B"].Earn(Q, T0 + 700, 25);
            long atB = c.Now;
            List<Finding> found = c.Sync("B", out List<string> blocked);
            CollectionAssert.AreEqual(new[] { new Finding(Q, "counter-regression", $"B#{b1} ctr 30 at {T0 + 500} then B#{b4} ctr 25 at {T0 + 700}", "B", b4, true) }, found);
            CollectionAssert.AreEqual(new[] { Q }, blocked);

            long c1 = c["C"].Seen(P, CredentialSerial.Make(1, 1), T0 + 1300, 20);
            long atC = c.Now;
            found = c.Sync("C", out blocked);
            CollectionAssert.AreEqual(new[] { new Finding(P, "counter-duplicate", $"A#{a1} ctr 20 at {T0 + 300} then C#{c1} ctr 20 at {T0 + 1300}", "C", c1, true) }, found);
            CollectionAssert.AreEqual(new[] { P }, blocked);

            Assert.AreEqual((2L, "04A0000000000F,04A00000000010"), (c.Db.Blocked(Tenant).Version, string.Join(",", c.Db.Blocked(Tenant).Uids)));
            CollectionAssert.AreEqual(new[] { (P, atC), (Q, atB) }, c.Db.Findings().Select(f => (f.Uid, f.FoundAt)).ToArray(), "newest first");
            Assert.AreEqual(1, c.Db.Findings(Q).Count);
            AssertCounts(c, ("B", 1, 0), ("C", 1, 0));
        }

        [TestMethod]
        [Timeout(120_000)]
        [DataRow("sqlite")]
        [DataRow("postgres")]
        [DataRow("postgres-seqscan")]
        public void SameCounterReadInTheSameSecondUnderTheSameSequenceIsOneFindingWhateverThePlan(string backend)
        {
            using Cloud c = Cloud.Open(backend);
            c["A"].Enrol(P, CredentialSerial.Make(1, 1), T0, 5, Sign(P));
            c.ExpectClean(c.Sync("A"));
            c["B"].Seen(P, CredentialSerial.Make(1, 1), T0 + 500, 10);
            c.ExpectClean(c.Sync("B"));

            // C redeems with the clone and B earns with the card in the same second, both as their 3rd record:
            // only the order the rows come back in tells the two reads apart. C's row is stored first.
            c["C"].Earn(G, T0 + 100, 0);
            c["C"].Earn(G, T0 + 200, 0);
            long c3 = c["C"].Redeem(P, T0 + 1000, 20);
            c.ExpectClean(c.Sync("C"), "C's read alone conflicts with nothing");
            long b3 = c["B"].Earn(P, T0 + 1000, 20);
            Assert.AreEqual((3L, 3L), (c3, b3));
            List<Finding> found = c.Sync("B", out List<string> blocked);
            Finding duplicate = new(P, "counter-duplicate", $"B#3 ctr 20 at {T0 + 1000} then C#3 ctr 20 at {T0 + 1000}", "C", 3, true);
            CollectionAssert.AreEqual(new[] { duplicate }, found);
            CollectionAssert.AreEqual(new[] { P }, blocked);

            // Checked again (a redelivery), the same conflict must be the same finding, not a second one.
            c.Resend("B", out blocked);
            Assert.AreEqual(duplicate with { Tenant = Tenant }, c.Db.Findings(P).Single() with { FoundAt = 0 });
            AssertCounts(c, ("C", 1, 0));
        }

        [TestMethod]
        [Timeout(120_000)]
        [DataRow("sqlite")]
        [DataRow("postgres")]
        [DataRow("postgres-seqscan")]
        public void CardWhoseOriginalitySignatureDoesNotVerifyIsBlockedAndItsEvidenceMarked(string backend)
        {
            using Cloud c = Cloud.Open(backend);
            long g1 = c["A"].Enrol(G, CredentialSerial.Make(1, 1), T0, 3, Sign(G));
            long f1 = c["A"].Enrol(F, CredentialSerial.Make(1, 2), T0 + 10, 7, Sign(G));
            Assert.AreEqual((1L, 4L), (g1, f1));
            List<Finding> found = c.Sync("A", out List<string> blocked);
            CollectionAssert.AreEqual(new[] { new Finding(F, "signature-invalid", "originality signature read by A#5 does not verify", "A", 5, true) }, found);
            CollectionAssert.AreEqual(new[] { F }, blocked);
            Assert.AreEqual(true, c.Db.Evidence(G).Single().Original);
            Assert.AreEqual(("A", 5L, false), (c.Db.Evidence(F).Single().Terminal, c.Db.Evidence(F).Single().Seq, c.Db.Evidence(F).Single().Original));

            // Checked evidence is not checked again: a redelivery finds nothing new.
            Assert.AreEqual(0, c.Resend("A", out blocked).Count);
            Assert.AreEqual(0, blocked.Count);
            Assert.AreEqual(1L, c.Db.Blocked(Tenant).Version);
            Assert.AreEqual(1, c.Db.TerminalNumber("A"));
            Assert.AreEqual(0, c.Db.Findings(G).Count);
            AssertCounts(c, ("A", 1, 0));
        }

        [TestMethod]
        [Timeout(120_000)]
        [DataRow("sqlite")]
        [DataRow("postgres")]
        [DataRow("postgres-seqscan")]
        public void NeverIssuedSerialIsJudgedOnceItsIssuerSyncedPastIt(string backend)
        {
            using Cloud c = Cloud.Open(backend);
            Assert.IsTrue(c.Db.SetTerminalNumber(Tenant, "B", 2));
            c["A"].Enrol(G, CredentialSerial.Make(1, 1), T0, 3, Sign(G));
            c["A"].Earn(G, T0 + 100, 4);
            c.ExpectClean(c.Sync("A"));
            Assert.AreEqual(4L, c.Db.Terminal("A")!.Value.LastSeq);

            // A card minted with A's stolen key under a serial A never reached, used at B.
            long b1 = c["B"].Seen(M, CredentialSerial.Make(1, 500), T0 + 2000, 9);
            c.ExpectClean(c.Sync("B"), "A may still hold the issuance in its journal");

            // A says it has recorded 6, the cloud holds 4: still waiting.
            c.Db.RecordStatus("A", true, 6, "1.0.0", c.Now);
            c["B"].Earn(M, T0 + 2200, 10);
            c.ExpectClean(c.Sync("B"));
            c["A"].Earn(G, T0 + 2150, 5);
            c.ExpectClean(c.Sync("A"), "A's rows so far are older than the sighting, and its 6th is on the way");

            // A's 6th arrives (and is still older than the sighting): the cloud holds all A reported, so the serial was never issued.
            c["A"].Earn(G, T0 + 2160, 6);
            long at = c.Now;
            List<Finding> found = c.Sync("A", out List<string> blocked);
            Finding never = new(M, "serial-never-issued", $"0001-0000500 seen at B#{b1}: no terminal issued it", "B", b1, true);
            CollectionAssert.AreEqual(new[] { never }, found, "A's sync re-checks the cards carrying serials of its number");
            CollectionAssert.AreEqual(new[] { M }, blocked);
            Assert.AreEqual(never with { Tenant = Tenant, FoundAt = at }, c.Db.Findings(M).Single());

            // A number no terminal holds: judged only once every terminal of the tenant has a number.
            c.Db.RegisterTerminal("D", Tenant, "S-D");
            long bN = c["B"].Seen(N, CredentialSerial.Make(7, 1), T0 + 2400, 2);
            c.ExpectClean(c.Sync("B"), "D has no known number yet: it may be 7");
            Assert.IsTrue(c.Db.SetTerminalNumber(Tenant, "D", 8));
            c["B"].Earn(N, T0 + 2500, 3);
            found = c.Sync("B", out blocked);
            CollectionAssert.AreEqual(new[] { new Finding(N, "serial-never-issued", $"0007-0000001 seen at B#{bN}: no terminal issued it", "B", bN, true) }, found);
            CollectionAssert.AreEqual(new[] { N }, blocked);
            Assert.AreEqual((2L, "04A0000000000D,04A0000000000E"), (c.Db.Blocked(Tenant).Version, string.Join(",", c.Db.Blocked(Tenant).Uids)));
            Assert.AreEqual(0, c.Db.Findings(G).Count);
            AssertCounts(c, ("B", 2, 0));
        }

        [TestMethod]
        [Timeout(120_000)]
        [DataRow("sqlite")]
        [DataRow("postgres")]
        [DataRow("postgres-seqscan")]
        public void SharedSerialForeignNumberAndReissuedUid(string backend)
        {
            using Cloud c = Cloud.Open(backend);
            Assert.IsTrue(c.Db.SetTerminalNumber(Tenant, "C", 3));
            long a1 = c["A"].Enrol(G, CredentialSerial.Make(1, 1), T0, 10, Sign(G));
            c.ExpectClean(c.Sync("A"));

            // Another card carrying G's serial: minted; G, whose issuance A proved, keeps the serial.
            long c1 = c["C"].Seen(S, CredentialSerial.Make(1, 1), T0 + 1400, 4);
            List<Finding> found = c.Sync("C", out List<string> blocked);
            Finding shared = new(S, "serial-shared", "0001-0000001 also on " + G, "C", c1, true);
            CollectionAssert.AreEqual(new[] { shared }, found);
            CollectionAssert.AreEqual(new[] { S }, blocked);
            c["A"].Earn(G, T0 + 1500, 11);
            found = c.Sync("A", out blocked);
            CollectionAssert.AreEqual(new[] { shared }, found, "A's sync re-checks both cards carrying its serial; G stays clean");
            Assert.AreEqual(0, blocked.Count);

            // D (no number) issues under A's number.
            long d1 = c["D"].Enrol(X, CredentialSerial.Make(1, 9), T0 + 3100, 4, Sign(X));
            found = c.Sync("D", out blocked);
            CollectionAssert.AreEqual(new[] { new Finding(X, "serial-foreign-number", $"D#{d1} issued 0001-0000009 under number 1, which is A's", "D", d1, true) }, found);
            CollectionAssert.AreEqual(new[] { X }, blocked);
            Assert.IsNull(c.Db.TerminalNumber("D"));
            Assert.AreEqual(true, c.Db.Evidence(X).Single().Original, "a genuine chip: the serial gives it away");

            // A card issued at C, reformatted and issued again at A: review only. The check finds it once per
            // serial under one key; the one recorded (the first sighting of the lowest serial, A's) must not depend on the plan.
            long c3 = c["C"].Enrol(R, CredentialSerial.Make(3, 1), T0 + 2000, 2, Sign(R));
            c.ExpectClean(c.Sync("C"));
            long a5 = c["A"].Enrol(R, CredentialSerial.Make(1, 2), T0 + 3000, 6, Sign(R));
            Assert.AreEqual((1L, 3L, 5L), (a1, c3, a5));
            found = c.Sync("A", out blocked);
            Finding reissued = new(R, "uid-reissued", "enrolled under 0001-0000002,0003-0000001", "A", a5, false);
            TestContext.WriteLine(backend + ": " + string.Join("\n", found));
            CollectionAssert.AreEqual(
                new[] { (R, "uid-reissued"), (S, "serial-shared"), (X, "serial-foreign-number") },
                found.Select(f => (f.Uid, f.Check)).Distinct().OrderBy(f => f.Uid, StringComparer.Ordinal).ToArray(),
                "A's sync re-checks every card carrying a serial of its number");
            Assert.AreEqual(0, blocked.Count);
            Assert.AreEqual(reissued with { Tenant = Tenant }, c.Db.Findings(R).Single() with { FoundAt = 0 });
            Assert.IsFalse(c.Db.Cards(R).Single().Blocked);

            Assert.AreEqual(0, c.Db.Findings(G).Count);
            Assert.AreEqual((2L, "04A00000000012,04A00000000014"), (c.Db.Blocked(Tenant).Version, string.Join(",", c.Db.Blocked(Tenant).Uids)));
            Assert.AreEqual(1, c.Db.TerminalNumber("A"));
            Assert.AreEqual(3, c.Db.TerminalNumber("C"));
            AssertCounts(c, ("A", 1, 0), ("C", 1, 0), ("D", 1, 0));
        }

        private static void AssertCounts(Cloud c, params (string Terminal, long Findings, long Refused)[] expected)
        {
            Dictionary<string, (long Findings, long Refused)> counts = c.Db.SecurityCounts();
            Assert.AreEqual(
                string.Join("; ", expected.Select(e => $"{e.Terminal}: {e.Findings}/{e.Refused}")),
                string.Join("; ", counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}: {kv.Value.Findings}/{kv.Value.Refused}")));
        }

        /// <summary>The factory's signature of a UID (ECDSA over the raw UID, r and s as 16 bytes each), one per card.</summary>
        private static string Sign(string uid) => Signatures.GetOrAdd(uid, SignNow);

        private static string SignNow(string uid)
        {
            byte[] message = Convert.FromHexString(uid);
            var signer = new ECDsaSigner();
            signer.Init(true, new ParametersWithRandom(NxpStandIn.PrivateKey, new SecureRandom()));
            BigInteger[] rs = signer.GenerateSignature(message);
            return Convert.ToHexString(BigIntegers.AsUnsignedByteArray(16, rs[0]).Concat(BigIntegers.AsUnsignedByteArray(16, rs[1])).ToArray());
        }

        private static (byte[] PublicKey, ECPrivateKeyParameters PrivateKey) TestKeyPair()
        {
            var curve = OriginalitySignature.Curve();
            var generator = new ECKeyPairGenerator();
            generator.Init(new ECKeyGenerationParameters(new ECDomainParameters(curve.Curve, curve.G, curve.N, curve.H), new SecureRandom()));
            AsymmetricCipherKeyPair pair = generator.GenerateKeyPair();
            return (((ECPublicKeyParameters)pair.Public).Q.GetEncoded(false), (ECPrivateKeyParameters)pair.Private);
        }

        private static string PostgresDatabase()
        {
            lock (PgLock)
            {
                _pg ??= Postgres.Start();
                string name = "cardtrust" + (++_databases);
                using (NpgsqlConnection admin = new(_pg.ConnectionString))
                {
                    admin.Open();
                    using NpgsqlCommand create = new("CREATE DATABASE " + name, admin);
                    create.ExecuteNonQuery();
                }

                return new NpgsqlConnectionStringBuilder(_pg.ConnectionString) { Database = name }.ToString();
            }
        }

        /// <summary>One terminal's journal: rows it recorded, sent at its next sync.</summary>
        private sealed class Journal
        {
            private long _seq;

            public List<TxRow> Pending { get; } = new();

            public List<TxRow> LastBatch { get; set; } = new();

            /// <summary>A blank card written here: Enrol (serial), its card evidence (when the signature was read), the Earn, in one commit.</summary>
            public long Enrol(string uid, uint serial, long ts, uint counter, string? signature)
            {
                long first = Add(new TxRow(0, TxRow.EnrolKind, ts, uid, 0, 0, 0, 0, 0, serial, counter, 0));
                if (signature != null)
                {
                    Add(new TxRow(0, TxRow.CardEvidenceKind, 0, uid, 0, 0, 0, 0, 0, 0, 0, 0, signature));
                }

                Earn(uid, ts, counter);
                return first;
            }

            /// <summary>The first tap here of a card enrolled elsewhere: Enrol with the card's serial, then the Earn.</summary>
            public long Seen(string uid, uint serial, long ts, uint counter)
            {
                long first = Add(new TxRow(0, TxRow.EnrolKind, ts, uid, 0, 0, 0, 0, 0, serial, counter, 0));
                Earn(uid, ts, counter);
                return first;
            }

            public long Earn(string uid, long ts, uint counter) => Add(new TxRow(0, 1, ts, uid, 1000, 0, 10, 0, 0, 0, counter, 0));

            /// <summary>A voucher redeemed (voucher 1 for 50 points).</summary>
            public long Redeem(string uid, long ts, uint counter) => Add(new TxRow(0, 2, ts, uid, 0, 0, -50, 1, 200, 0, counter, 0));

            /// <summary>A card the terminal refused (a security event).</summary>
            public long Refused(string uid, long ts, int reason) => Add(new TxRow(0, TxRow.SecurityEventKind, ts, uid, 0, 0, 0, 0, 0, reason, 0, 0));

            private long Add(TxRow row)
            {
                Pending.Add(row with { Seq = ++_seq });
                return _seq;
            }
        }

        /// <summary>A cloud database of one backend and the checks over it, as the service runs them.</summary>
        private sealed class Cloud : IDisposable
        {
            private readonly Dictionary<string, Journal> _terminals = new(StringComparer.Ordinal);
            private readonly string? _dir;
            private readonly CardTrustChecks _checks;

            private Cloud(CloudDatabase db, string? dir)
            {
                Db = db;
                _dir = dir;
                _checks = new CardTrustChecks(db, new OriginalitySignature(NxpStandIn.PublicKey), CounterCheck.DefaultSkewSeconds);
            }

            public CloudDatabase Db { get; }

            /// <summary>The cloud's clock: a day after the taps, ten seconds on per sync.</summary>
            public long Now { get; private set; } = T0 + 86_400;

            public Journal this[string id]
            {
                get
                {
                    if (!_terminals.TryGetValue(id, out Journal? j))
                    {
                        j = new Journal();
                        _terminals[id] = j;
                    }

                    return j;
                }
            }

            public static Cloud Open(string backend)
            {
                if (backend.StartsWith("postgres", StringComparison.Ordinal))
                {
                    // The seqscan variant takes the index scans away from the planner, as it does itself on
                    // tables whose statistics favour a sequential scan: no answer may depend on the plan.
                    string cs = PostgresDatabase();
                    if (backend == "postgres-seqscan")
                    {
                        cs += ";Options='-c enable_indexscan=off -c enable_indexonlyscan=off -c enable_bitmapscan=off'";
                    }

                    CloudDatabase pg = CloudDatabase.Open(cs);
                    Assert.IsTrue(pg.IsPostgres);
                    return new Cloud(pg, null);
                }

                string dir = Directory.CreateTempSubdirectory("cardtrust-").FullName;
                CloudDatabase db = CloudDatabase.Open(Path.Combine(dir, "cloud.db"));
                Assert.IsFalse(db.IsPostgres);
                return new Cloud(db, dir);
            }

            /// <summary>What CloudService.OnBatchAsync does with the terminal's pending rows: store, then check the cards named.</summary>
            public List<Finding> Sync(string terminal, out List<string> newlyBlocked)
            {
                Journal j = this[terminal];
                List<TxRow> rows = j.Pending.ToList();
                j.Pending.Clear();
                j.LastBatch = rows;
                BatchResult r = Db.ApplyBatch(terminal, Tenant, "S-" + terminal, rows, Now, true);
                Assert.IsNull(r.Refused);
                Assert.AreEqual((rows.Count, 0L, rows[^1].Seq), (r.Applied, r.GapAt, r.LastSeq));
                return Check(terminal, r, out newlyBlocked);
            }

            public List<Finding> Sync(string terminal) => Sync(terminal, out _);

            /// <summary>The broker redelivers the terminal's last batch.</summary>
            public List<Finding> Resend(string terminal, out List<string> newlyBlocked)
            {
                List<TxRow> rows = this[terminal].LastBatch;
                BatchResult r = Db.ApplyBatch(terminal, Tenant, "S-" + terminal, rows, Now, true);
                Assert.AreEqual((0, rows.Count, 0), (r.Applied, r.Duplicates, r.Conflicts));
                return Check(terminal, r, out newlyBlocked);
            }

            public void ExpectClean(List<Finding> found, string? why = null)
            {
                Assert.AreEqual(0, found.Count, (why == null ? string.Empty : why + ": ") + string.Join("\n", found));
            }

            public void Dispose()
            {
                Db.Dispose();
                if (_dir != null)
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    Directory.Delete(_dir, true);
                }
            }

            private List<Finding> Check(string terminal, BatchResult r, out List<string> newlyBlocked)
            {
                // As the service: the checks run when the batch named a card with something to check.
                newlyBlocked = new List<string>();
                List<Finding> found = r.CheckCards.Count == 0 ? new List<Finding>() : _checks.Run(r.Tenant, terminal, r.CheckCards, Now, out newlyBlocked);
                Now += 10;
                return found;
            }
        }
    }
}
