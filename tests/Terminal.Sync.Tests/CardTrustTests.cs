using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;
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
using Terminal.Core.Tests.Fakes;
using Terminal.Host.Mqtt;
using Terminal.Sync.Tests.Infrastructure;

namespace Terminal.Sync.Tests
{
    /// <summary>
    /// Issue 8 phase 2 end to end: terminals with the real authenticator, ledger and sync engine talk
    /// to the cloud service through a real mosquitto; the cloud runs the card-trust checks after each
    /// batch and its blocked list must reach every terminal's ledger. Originality signatures come from
    /// a test key pair the cloud is configured with (standing in for NXP's).
    /// </summary>
    [TestClass]
    public class CardTrustTests
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

        public TestContext TestContext { get; set; } = null!;

        private sealed class Rig : IAsyncDisposable
        {
            public readonly ConcurrentQueue<string> Logs = new();
            public readonly Keyring Keys = SecurityKit.Keys(1, 0);
            public readonly List<TrustTerminal> Terminals = new();
            public Mosquitto Broker = null!;
            public CloudService Cloud = null!;
            public ECPrivateKeyParameters NxpStandIn = null!;
            public uint Now = (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds();

            public string Db => Path.Combine(Broker.Directory, "cloud.db");

            public static async Task<Rig> StartAsync(params (string Id, int Number)[] terminals)
            {
                Rig r = new();
                (byte[] publicKey, r.NxpStandIn) = TestKeyPair();
                r.Broker = Mosquitto.Start();
                r.Cloud = await CloudService.StartAsync(new CloudOptions
                {
                    BrokerHost = "127.0.0.1", BrokerPort = r.Broker.Port, Database = r.Db, Log = r.Logs.Enqueue, OriginalityPublicKey = publicKey,
                });
                await r.Cloud.WaitConnectedAsync();
                foreach ((string id, int number) in terminals)
                {
                    r.Terminals.Add(new TrustTerminal(id, number, r.Keys, t => new MqttLinkOptions { Host = "127.0.0.1", Port = r.Broker.Port, ClientId = t }, r.Logs.Enqueue));
                }

                return r;
            }

            public TrustTerminal this[string id] => Terminals.Single(t => t.Id == id);

            /// <summary>An NTAG215 "made by NXP": its signature verifies with the cloud's key.</summary>
            public SimulatedNtag GenuineCard(int n)
            {
                byte[] uid = SecurityKit.Uid(n);
                return new SimulatedNtag(Ntag21x.StorageNtag215, uid, Sign(NxpStandIn, uid));
            }

            /// <summary>Polls the online terminals until <paramref name="done"/> holds.</summary>
            public async Task PumpUntil(Func<bool> done, string what)
            {
                DateTime end = DateTime.UtcNow + Patience;
                while (!done())
                {
                    if (DateTime.UtcNow > end)
                    {
                        Assert.Fail("timed out waiting for " + what + "\n" + string.Join("\n", Logs.TakeLast(30)));
                    }

                    foreach (TrustTerminal t in Terminals)
                    {
                        t.Poll();
                    }

                    await Task.Delay(5);
                }
            }

            public Task Synced(params string[] ids) => PumpUntil(() => ids.All(id => this[id].Engine != null && this[id].Ledger.UnsyncedCount == 0), "sync of " + string.Join(",", ids));

            public List<Finding> Findings(string uid)
            {
                using CloudDatabase db = CloudDatabase.Open(Db);
                return db.Findings(uid);
            }

            public bool BlockedInCloud(string uid)
            {
                using CloudDatabase db = CloudDatabase.Open(Db);
                return db.Cards(uid).Any(c => c.Blocked);
            }

            public async ValueTask DisposeAsync()
            {
                foreach (TrustTerminal t in Terminals)
                {
                    t.Dispose();
                }

                await Cloud.StopAsync();
                Broker.Dispose();
            }
        }

        [TestMethod]
        [Timeout(120_000)]
        public Task MagicCloneAtBAfterTheGenuineCardAtAIsBlockedEverywhere() => MagicClone(lateSync: false);

        [TestMethod]
        [Timeout(120_000)]
        public Task MagicCloneIsBlockedEverywhereWhenBSyncsBeforeA() => MagicClone(lateSync: true);

        private async Task MagicClone(bool lateSync)
        {
            await using Rig r = await Rig.StartAsync(("A", 1), ("B", 2), ("C", 3));
            TrustTerminal a = r["A"], b = r["B"], c = r["C"];
            b.Connect();
            c.Connect();
            if (!lateSync)
            {
                a.Connect();
            }

            // The genuine card is enrolled and used at A over two minutes, an hour ago.
            SimulatedNtag genuine = r.GenuineCard(1);
            string uid = genuine.Uid.ToString();
            uint t0 = r.Now - 3600;
            a.UnixSeconds = t0;
            Assert.AreEqual(TapResult.Enrolled, a.Tap(genuine, 1250));
            a.UnixSeconds = t0 + 60;
            Assert.AreEqual(TapResult.Earned, a.Tap(genuine, 800));
            a.UnixSeconds = t0 + 120;
            Assert.AreEqual(TapResult.Earned, a.Tap(genuine, 400));

            // Half an hour later a perfect copy (UID, pages, signature, sniffed password) with its own counter is used at B.
            SimulatedNtag clone = SimulatedNtag.MagicCloneOf(genuine, 0);
            b.UnixSeconds = t0 + 1800;
            Assert.AreEqual(TapResult.Earned, b.Tap(clone, 9900), "offline, the terminal cannot tell the clone from the card");
            if (lateSync)
            {
                await r.Synced("B", "C");
                Assert.AreEqual(0, r.Findings(uid).Count(f => f.Blocking), "B alone is consistent: nothing to flag yet, and the serial waits for its issuer");
                Assert.IsFalse(r.BlockedInCloud(uid));
                a.Connect();
            }

            await r.Synced("A", "B", "C");
            await r.PumpUntil(() => r.Terminals.All(t => t.IsBlocked(genuine.Uid)), "the blocked list at every terminal");
            List<Finding> findings = r.Findings(uid);
            Assert.IsTrue(findings.Any(f => f.Blocking && f.Check.StartsWith("counter-", StringComparison.Ordinal)), string.Join("\n", findings));
            Assert.IsFalse(findings.Any(f => f.Check.StartsWith("serial-", StringComparison.Ordinal) || f.Check == "signature-invalid"), "the clone carries a genuine serial and signature: " + string.Join("\n", findings));
            Assert.IsTrue(r.BlockedInCloud(uid));

            // The flow refuses the card everywhere now, the clone and the genuine card alike (the shopper gets a new card).
            Assert.AreEqual(TapResult.Blocked, b.Tap(clone, 500));
            Assert.AreEqual(TapResult.Blocked, a.Tap(genuine, 500));
            Assert.AreEqual(TapResult.Blocked, c.Tap(clone, 500));
            foreach (Finding f in findings)
            {
                TestContext.WriteLine($"{(lateSync ? "late sync" : "in order")}: {f.Uid} {f.Check}: {f.Detail}");
            }
        }

        [TestMethod]
        [Timeout(120_000)]
        public async Task CardMintedWithAStolenKeyUnderANeverIssuedSerialIsBlocked()
        {
            await using Rig r = await Rig.StartAsync(("A", 1), ("B", 2));
            using (CloudDatabase db = CloudDatabase.Open(r.Db))
            {
                // Provisioning tells the cloud the numbers (they are also learned from issuances).
                Assert.IsTrue(db.SetTerminalNumber("acme", "A", 1));
                Assert.IsTrue(db.SetTerminalNumber("acme", "B", 2));
                Assert.IsFalse(db.SetTerminalNumber("acme", "B", 1), "a number belongs to one terminal");
            }

            TrustTerminal a = r["A"], b = r["B"];
            a.Connect();
            b.Connect();
            SimulatedNtag genuine = r.GenuineCard(2);
            a.UnixSeconds = r.Now - 1200;
            Assert.AreEqual(TapResult.Enrolled, a.Tap(genuine, 1000));

            // The thief read the record key out of A's flash and mints a card on a real (NXP-signed) blank,
            // under A's number with a sequence A never reached.
            SimulatedNtag minted = r.GenuineCard(3);
            SecurityKit.Enrol(SecurityKit.Authenticator(r.Keys), minted, CredentialSerial.Make(1, 500));
            b.UnixSeconds = r.Now - 900;
            Assert.AreEqual(TapResult.Earned, b.Tap(minted, 5000), "the minted record verifies offline");
            await r.Synced("A", "B");
            string uid = minted.Uid.ToString();
            await r.PumpUntil(() => a.IsBlocked(minted.Uid) && b.IsBlocked(minted.Uid), "the minted card blocked at A and B");
            List<Finding> findings = r.Findings(uid);
            Assert.IsTrue(findings.Any(f => f.Blocking && f.Check == "serial-never-issued"), string.Join("\n", findings));
            Assert.AreEqual(0, r.Findings(genuine.Uid.ToString()).Count, "the genuine card of A is clean");
            Assert.IsFalse(a.IsBlocked(genuine.Uid));
            Assert.AreEqual(TapResult.Blocked, a.Tap(minted, 100));
            TestContext.WriteLine(string.Join("\n", findings.Select(f => f.Check + ": " + f.Detail)));
        }

        [TestMethod]
        [Timeout(120_000)]
        public async Task CardWhoseOriginalitySignatureDoesNotVerifyIsBlocked()
        {
            await using Rig r = await Rig.StartAsync(("A", 1), ("B", 2));
            TrustTerminal a = r["A"], b = r["B"];
            a.Connect();
            b.Connect();

            // A UID-changeable chip: the terminal enrols it (it cannot check ECC), the cloud cannot verify its signature.
            SimulatedNtag fake = SimulatedNtag.Ntag215(SecurityKit.Uid(4));
            SimulatedNtag genuine = r.GenuineCard(5);
            a.UnixSeconds = r.Now - 300;
            Assert.AreEqual(TapResult.Enrolled, a.Tap(fake, 700));
            Assert.AreEqual(TapResult.Enrolled, a.Tap(genuine, 700));
            await r.Synced("A", "B");
            await r.PumpUntil(() => a.IsBlocked(fake.Uid) && b.IsBlocked(fake.Uid), "the fake chip blocked at A and B");
            List<Finding> findings = r.Findings(fake.Uid.ToString());
            Assert.IsTrue(findings.Any(f => f.Blocking && f.Check == "signature-invalid"), string.Join("\n", findings));
            Assert.AreEqual(0, r.Findings(genuine.Uid.ToString()).Count, "the genuine chip's signature verifies");
            using CloudDatabase db = CloudDatabase.Open(r.Db);
            Assert.AreEqual(true, db.Evidence(genuine.Uid.ToString()).Single().Original);
            Assert.AreEqual(false, db.Evidence(fake.Uid.ToString()).Single().Original);
            Assert.AreEqual(1, db.TerminalNumber("A"), "A's number was learned from its issuances");
            Assert.IsFalse(a.IsBlocked(genuine.Uid));
        }

        [TestMethod]
        [Timeout(120_000)]
        public async Task GenuineCardUsedAtThreeTerminalsWithALateSyncAndSkewedClockIsNeverFlagged()
        {
            await using Rig r = await Rig.StartAsync(("A", 1), ("B", 2), ("C", 3));
            TrustTerminal a = r["A"], b = r["B"], c = r["C"];
            a.Connect();
            b.Connect();
            SimulatedNtag genuine = r.GenuineCard(6);
            uint t0 = r.Now - 7200;
            a.UnixSeconds = t0;
            Assert.AreEqual(TapResult.Enrolled, a.Tap(genuine, 2000));

            // Round after round at A, B and C; C is offline all along and its clock runs 100 s slow.
            TrustTerminal[] order = { b, c, a, c, b, a, b, c };
            uint time = t0;
            foreach (TrustTerminal t in order)
            {
                time += 150;
                t.UnixSeconds = t == c ? time - 100 : time;
                Assert.AreEqual(TapResult.Earned, t.Tap(genuine, 1000), t.Id);
                if (t != c)
                {
                    await r.Synced(t.Id);
                }
            }

            // Someone tries a dump of the card (no password) at B: refused offline, recorded, and it must not get the genuine card blocked.
            b.UnixSeconds = time + 30;
            Assert.AreEqual(TapResult.Refused, b.Tap(SimulatedNtag.DumpCloneOf(genuine), 100));
            c.Connect();
            await r.Synced("A", "B", "C");

            // Synced means acknowledged, and the cloud acknowledges a batch after its checks ran.
            string uid = genuine.Uid.ToString();
            List<Finding> findings = r.Findings(uid);
            Assert.AreEqual(0, findings.Count, string.Join("\n", findings));
            Assert.IsFalse(r.BlockedInCloud(uid));
            Assert.IsFalse(r.Terminals.Any(t => t.IsBlocked(genuine.Uid)));
            Assert.AreEqual(TapResult.Earned, c.Tap(genuine, 100));
            using CloudDatabase db = CloudDatabase.Open(r.Db);
            (string terminal, TxRow row) = db.SecurityEvents(uid).Single();
            Assert.AreEqual("B", terminal);
            Assert.AreEqual((long)SecurityReason.PasswordRejected, row.Reference);
            Assert.AreEqual(12, db.CardHistory(uid).Count(h => h.Row.Kind != TxRow.SecurityEventKind), "A, B and C: Enrol + Earn and 2 more Earns each (the evidence row lives in sec_card_evidence)");
            TestContext.WriteLine($"genuine card: {db.CardHistory(uid).Count} rows across A, B, C, 0 findings; the refused dump is a security event at B (reason {row.Reference})");
        }

        private static (byte[] PublicKey, ECPrivateKeyParameters PrivateKey) TestKeyPair()
        {
            var curve = OriginalitySignature.Curve();
            var generator = new ECKeyPairGenerator();
            generator.Init(new ECKeyGenerationParameters(new ECDomainParameters(curve.Curve, curve.G, curve.N, curve.H), new SecureRandom()));
            AsymmetricCipherKeyPair pair = generator.GenerateKeyPair();
            return (((ECPublicKeyParameters)pair.Public).Q.GetEncoded(false), (ECPrivateKeyParameters)pair.Private);
        }

        /// <summary>The factory's signature: ECDSA over the raw UID, r and s as 16 bytes each.</summary>
        private static byte[] Sign(ECPrivateKeyParameters key, byte[] uid)
        {
            var signer = new ECDsaSigner();
            signer.Init(true, new ParametersWithRandom(key, new SecureRandom()));
            BigInteger[] rs = signer.GenerateSignature(uid);
            return BigIntegers.AsUnsignedByteArray(16, rs[0]).Concat(BigIntegers.AsUnsignedByteArray(16, rs[1])).ToArray();
        }
    }
}
