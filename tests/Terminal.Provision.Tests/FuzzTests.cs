using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Terminal.Core.Encoding;
using Terminal.Core.Provisioning;
using Terminal.Core.Tests.Fakes;
using Terminal.Core.Tests.Provisioning;
using Terminal.Provision.DeviceSim;

namespace Terminal.Provision.Tests
{
    /// <summary>
    /// Fuzzes the device side with random and mutated frames (deterministic seeds). Every input
    /// is judged by an independent oracle (<see cref="ReferenceFrames"/>): if it holds no intact
    /// frame, the configuration (flash files, commit count, Wi-Fi calls) must not change; a
    /// complete candidate with a bad checksum or an oversize length must get its error reply.
    /// Counts are printed (dotnet test --logger "console;verbosity=detailed"). LONG=1 runs 10x more.
    /// </summary>
    [TestClass]
    public class FuzzTests
    {
        private static readonly bool Long = Environment.GetEnvironmentVariable("LONG") == "1";

        [TestMethod]
        public void InMemoryFuzzChangesNothingAndAnswersAsTheSpecSays()
        {
            int count = Long ? 1_000_000 : 100_000;
            var rng = new Random(20250105);
            var h = new ServiceHarness();
            Assert.AreEqual((byte)VendorStatus.Ok, h.Apply(ProvisioningServiceVendorTests.Profile)[0]);
            ProvisioningServiceVendorTests.UploadCertificate(h);
            List<byte[]> templates = Templates();
            var stats = new Stats();
            var clock = Stopwatch.StartNew();

            for (int i = 0; i < count; i++)
            {
                if (!h.Service.SessionOpen)
                {
                    // Keep staged changes waiting, so a wrongly accepted Commit would show.
                    h.Simple(VendorCommand.Begin);
                    h.Set("tenant", "staged-not-committed");
                    h.Collect();
                    stats.SessionsOpened++;
                }

                byte[] input = Generate(rng, templates, stats);
                string before = h.Store.Fingerprint();
                int generation = h.Service.Generation;
                int connects = h.Wifi.ConnectCalls;
                int forgets = h.Wifi.ForgetCalls;
                try
                {
                    h.Host.Write(input, 0, input.Length);
                    h.Pump();
                    for (int guard = 0; h.Service.ReceivingFrame && guard < 2000; guard++)
                    {
                        // The sender went quiet inside a frame: let the timeout give it up.
                        h.Clock.Advance(ProvisioningService.FrameTimeoutMs + 1);
                        h.Service.Poll();
                    }

                    Assert.IsFalse(h.Service.ReceivingFrame, "partial frames are given up");
                }
                catch (Exception ex) when (ex is not AssertFailedException)
                {
                    stats.Crashes++;
                    Console.WriteLine("crash on input " + i + ": " + ex);
                    h = new ServiceHarness(h.Store);
                    continue;
                }

                Output output = Parse(h.Host.ReadAll(), stats);
                stats.Inputs++;
                stats.Bytes += input.Length;
                if (ReferenceFrames.ContainsValidFrame(input))
                {
                    stats.ValidByChance++;
                    continue;
                }

                stats.Invalid++;
                bool changed = h.Store.Fingerprint() != before || h.Service.Generation != generation
                    || h.Wifi.ConnectCalls != connects || h.Wifi.ForgetCalls != forgets;
                if (changed)
                {
                    stats.ConfigChanges++;
                    Console.WriteLine("config changed by invalid input " + i + ": " + Hex.Format(input, 0, Math.Min(input.Length, 64)));
                }

                if (ReferenceFrames.IsCompleteImprovWithBadChecksumAt(input, 0))
                {
                    stats.ExpectImprovError++;
                    stats.MissingReplies += output.ImprovInvalidRpc > 0 ? 0 : 1;
                }
                else if (ReferenceFrames.IsOversizeVendorRequestAt(input, 0))
                {
                    stats.ExpectTooLong++;
                    stats.MissingReplies += output.TooLong > 0 ? 0 : 1;
                }
                else if (ReferenceFrames.IsCompleteVendorRequestWithBadCrcAt(input, 0))
                {
                    stats.ExpectBadChecksum++;
                    stats.MissingReplies += output.BadChecksum > 0 ? 0 : 1;
                }

                if (i % 5000 == 0)
                {
                    // Still alive and answering.
                    byte[]? hello = h.Simple(VendorCommand.Hello);
                    Assert.IsNotNull(hello, "device answers Hello after input " + i);
                    Assert.AreEqual((byte)VendorStatus.Ok, hello[0]);
                }
            }

            Console.WriteLine(stats.Report("in-memory fuzz", clock.Elapsed));
            Assert.AreEqual(0, stats.Crashes, "crashes");
            Assert.AreEqual(0, stats.ConfigChanges, "config changes from invalid frames");
            Assert.AreEqual(0, stats.MissingReplies, "missing error replies");
            Assert.AreEqual(0, stats.DamagedOutput, "damaged frames from the device");
            Assert.IsTrue(stats.Inputs >= count);
            Assert.IsTrue(stats.Invalid > count * 9 / 10, "most inputs are invalid");
            Assert.IsTrue(stats.ExpectImprovError > 1000 && stats.ExpectBadChecksum > 1000 && stats.ExpectTooLong > 1000, "every error path was exercised");
            Assert.IsTrue(stats.ValidByChance > 0, "the oracle sees the mutants that stay valid");
        }

        [TestMethod]
        public void PtyFuzzChangesNothing()
        {
            int count = Long ? 20_000 : 2_000;
            var rng = new Random(77);
            List<byte[]> templates = Templates();
            var stats = new Stats();

            // One stream of invalid inputs: an input is kept only if the stream, across the
            // boundary, still holds no intact frame.
            var stream = new List<byte>();
            while (stats.Inputs < count)
            {
                byte[] input = Generate(rng, templates, stats);
                int from = Math.Max(0, stream.Count - VendorCodec.MaxFrame);
                var window = new List<byte>(stream.GetRange(from, stream.Count - from));
                window.AddRange(input);
                if (ReferenceFrames.ContainsValidFrame(window.ToArray()))
                {
                    continue;
                }

                stream.AddRange(input);
                stats.Inputs++;
                stats.Bytes += input.Length;
            }

            using var pair = SocatPair.Start();
            var store = new CutLedgerStore();
            using var device = new DeviceRunner(pair.DeviceEnd, store);
            device.Start();
            Assert.AreEqual(0, CliRun.Of("--port", pair.HostEnd, "apply", WriteProfile(out TempDir dir)).Exit);
            dir.Dispose();
            string before = store.Fingerprint();
            int generation = device.Service.Generation;

            using (var port = Terminal.Host.Serial.SerialServicePort.Open(pair.HostEnd))
            {
                byte[] all = stream.ToArray();
                var sink = new byte[4096];
                var reader = new FrameReader(true);
                for (int offset = 0; offset < all.Length; offset += 1024)
                {
                    port.Write(all, offset, Math.Min(1024, all.Length - offset));
                    DrainInto(port, reader, sink, stats, 5);
                }

                // Let the device finish and give up any trailing partial frame.
                Thread.Sleep(ProvisioningService.FrameTimeoutMs + 300);
                DrainInto(port, reader, sink, stats, 200);
            }

            CliRun diag = CliRun.Of("--port", pair.HostEnd, "diag");
            Assert.AreEqual(0, diag.Exit, diag.ToString());
            Console.WriteLine(stats.Report("pty fuzz", TimeSpan.Zero) + "  device diag: " + diag.Out.Replace("\n", "; ", StringComparison.Ordinal));
            Assert.AreEqual(before, store.Fingerprint(), "no config change over the pty");
            Assert.AreEqual(generation, device.Service.Generation);
            Assert.IsTrue(device.Service.FramesRejected > 0);
            Assert.AreEqual(0, stats.DamagedOutput);
        }

        private static void DrainInto(Terminal.Host.Serial.SerialServicePort port, FrameReader reader, byte[] sink, Stats stats, int quietMs)
        {
            var quiet = Stopwatch.StartNew();
            while (quiet.ElapsedMilliseconds < quietMs)
            {
                int n = port.Read(sink, 0, sink.Length);
                if (n == 0)
                {
                    Thread.Sleep(1);
                    continue;
                }

                quiet.Restart();
                for (int i = 0; i < n; i++)
                {
                    reader.Push(sink[i]);
                    FrameEvent e;
                    while ((e = reader.Next()) != FrameEvent.None)
                    {
                        if (e == FrameEvent.Improv || e == FrameEvent.Vendor)
                        {
                            stats.DeviceFrames++;
                        }
                        else if (e != FrameEvent.TextLine)
                        {
                            stats.DamagedOutput++;
                        }
                    }
                }
            }
        }

        private static string WriteProfile(out TempDir dir)
        {
            dir = new TempDir();
            dir.Write("ca.pem", CliEndToEndTests.CertificatePem(1200));
            return dir.Write("profile.json", CliEndToEndTests.ProfileJson);
        }

        private static Output Parse(byte[] bytes, Stats stats)
        {
            var output = new Output();
            var reader = new FrameReader(true);
            foreach (byte b in bytes)
            {
                reader.Push(b);
                FrameEvent e;
                while ((e = reader.Next()) != FrameEvent.None)
                {
                    switch (e)
                    {
                        case FrameEvent.Improv:
                            stats.DeviceFrames++;
                            if (reader.ImprovType == (byte)ImprovPacketType.ErrorState && reader.Buffer[reader.ImprovDataOffset] == (byte)ImprovError.InvalidRpc)
                            {
                                output.ImprovInvalidRpc++;
                                stats.ImprovErrorsSent++;
                            }
                            else if (reader.ImprovType == (byte)ImprovPacketType.ErrorState && reader.Buffer[reader.ImprovDataOffset] == (byte)ImprovError.UnknownRpc)
                            {
                                stats.UnknownRpcSent++;
                            }

                            break;
                        case FrameEvent.Vendor:
                            stats.DeviceFrames++;
                            byte status = reader.Buffer[reader.VendorPayloadOffset];
                            if (status == (byte)VendorStatus.BadChecksum)
                            {
                                output.BadChecksum++;
                                stats.BadChecksumSent++;
                            }
                            else if (status == (byte)VendorStatus.TooLong)
                            {
                                output.TooLong++;
                                stats.TooLongSent++;
                            }

                            break;
                        case FrameEvent.TextLine:
                            break;
                        default:
                            stats.DamagedOutput++;
                            break;
                    }
                }
            }

            return output;
        }

        private static List<byte[]> Templates()
        {
            var list = new List<byte[]>();
            var frame = new byte[VendorCodec.MaxFrame];
            list.Add(Take(frame, ImprovCodec.EncodeWifiSettings("ShopNet", "correct horse", frame, 0)));
            list.Add(Take(frame, ImprovCodec.EncodeWifiSettings("OtherNet", "wrong password", frame, 0)));
            list.Add(Take(frame, ImprovCodec.EncodeRpcCommand(ImprovCommand.Hostname, new byte[] { 9, (byte)'f', (byte)'u', (byte)'z', (byte)'z', (byte)'-', (byte)'h', (byte)'o', (byte)'s', (byte)'t' }, 0, 10, frame, 0)));
            list.Add(Take(frame, ImprovCodec.EncodeRpcCommand(ImprovCommand.RequestCurrentState, null, 0, 0, frame, 0)));
            list.Add(Take(frame, ImprovCodec.EncodeRpcCommand(ImprovCommand.RequestDeviceInfo, null, 0, 0, frame, 0)));
            list.Add(Take(frame, ImprovCodec.EncodeRpcCommand(ImprovCommand.RequestScannedNetworks, null, 0, 0, frame, 0)));
            var w = new PayloadWriter();
            foreach (VendorCommand c in new[] { VendorCommand.Begin, VendorCommand.Commit, VendorCommand.Abort, VendorCommand.Hello, VendorCommand.Diagnostics, VendorCommand.Keys })
            {
                list.Add(Take(frame, VendorCodec.Frame(VendorCodec.KindRequest, 1, (byte)c, frame, 0, 0)));
            }

            w.Reset(frame, VendorCodec.PrefixLength, VendorCodec.MaxPayload);
            w.WriteString8("tenant");
            w.WriteString16("evil");
            list.Add(Take(frame, VendorCodec.Frame(VendorCodec.KindRequest, 2, (byte)VendorCommand.Set, frame, 0, w.Length)));
            w.Reset(frame, VendorCodec.PrefixLength, VendorCodec.MaxPayload);
            w.WriteByte(ResetScope.All);
            list.Add(Take(frame, VendorCodec.Frame(VendorCodec.KindRequest, 3, (byte)VendorCommand.ResetRequest, frame, 0, w.Length)));
            w.Reset(frame, VendorCodec.PrefixLength, VendorCodec.MaxPayload);
            w.WriteByte(ResetScope.All);
            w.WriteString8("0123ABCD");
            list.Add(Take(frame, VendorCodec.Frame(VendorCodec.KindRequest, 4, (byte)VendorCommand.ResetConfirm, frame, 0, w.Length)));
            w.Reset(frame, VendorCodec.PrefixLength, VendorCodec.MaxPayload);
            w.WriteUInt32(300);
            w.WriteUInt32(0x12345678);
            list.Add(Take(frame, VendorCodec.Frame(VendorCodec.KindRequest, 5, (byte)VendorCommand.CertBegin, frame, 0, w.Length)));
            w.Reset(frame, VendorCodec.PrefixLength, VendorCodec.MaxPayload);
            w.WriteUInt32(0);
            w.WriteBytes(Utf8.Encode(ProvisioningServiceVendorTests.Pem), 0, 300);
            list.Add(Take(frame, VendorCodec.Frame(VendorCodec.KindRequest, 6, (byte)VendorCommand.CertChunk, frame, 0, w.Length)));
            w.Reset(frame, VendorCodec.PrefixLength, VendorCodec.MaxPayload);
            w.WriteString8("mqtt.password");
            list.Add(Take(frame, VendorCodec.Frame(VendorCodec.KindRequest, 7, (byte)VendorCommand.Get, frame, 0, w.Length)));
            return list;
        }

        private static byte[] Take(byte[] frame, int length)
        {
            var copy = new byte[length];
            Array.Copy(frame, copy, length);
            return copy;
        }

        private static readonly byte[] Interesting = { (byte)'I', (byte)'M', (byte)'P', (byte)'R', (byte)'O', (byte)'V', 0x01, 0x03, 0xFE, (byte)'L', (byte)'T', (byte)'P', 0x51, 0x0A, 0x00, 0xFF };

        private static byte[] Generate(Random rng, List<byte[]> templates, Stats stats)
        {
            int kind = rng.Next(100);
            if (kind < 20)
            {
                stats.Random++;
                return RandomBytes(rng, rng.Next(1, 600), rng.Next(2) == 0);
            }

            if (kind < 35)
            {
                // Improv header, then random type, length and data; checksum right only by luck.
                stats.ImprovShaped++;
                int length = rng.Next(256);
                byte[] data = RandomBytes(rng, 10 + length + rng.Next(-5, 5) + 5, false);
                byte[] header = { (byte)'I', (byte)'M', (byte)'P', (byte)'R', (byte)'O', (byte)'V', 1, (byte)(rng.Next(5) == 0 ? rng.Next(256) : 3), (byte)length };
                Array.Copy(header, data, header.Length);
                return data;
            }

            if (kind < 50)
            {
                // Vendor header with random length (a third of them past the 512-byte limit).
                stats.VendorShaped++;
                int length = rng.Next(3) == 0 ? rng.Next(513, 65536) : rng.Next(0, 513);
                byte[] data = RandomBytes(rng, 10 + Math.Min(length, 600) + rng.Next(0, 8), false);
                byte[] header = { 0xFE, (byte)'L', (byte)'T', (byte)'P', 1, 0x51, (byte)rng.Next(256), (byte)rng.Next(16), (byte)length, (byte)(length >> 8) };
                Array.Copy(header, data, header.Length);
                return data;
            }

            stats.Mutated++;
            byte[] mutant = (byte[])templates[rng.Next(templates.Count)].Clone();
            int mutations = rng.Next(1, 5);
            for (int m = 0; m < mutations; m++)
            {
                mutant = Mutate(rng, mutant);
            }

            return mutant;
        }

        private static byte[] Mutate(Random rng, byte[] data)
        {
            if (data.Length == 0)
            {
                return RandomBytes(rng, 5, true);
            }

            var list = new List<byte>(data);
            int at = rng.Next(data.Length);
            switch (rng.Next(9))
            {
                case 0:
                    list[at] ^= (byte)(1 << rng.Next(8));
                    break;
                case 1:
                    list[at] = (byte)rng.Next(256);
                    break;
                case 2:
                    list.Insert(at, (byte)rng.Next(256));
                    break;
                case 3:
                    list.RemoveAt(at);
                    break;
                case 4:
                    list.RemoveRange(at, list.Count - at);
                    break;
                case 5:
                    list.AddRange(RandomBytes(rng, rng.Next(1, 50), true));
                    break;
                case 6:
                    // Length fields: Improv byte 8, vendor bytes 8-9 (often past the limit).
                    if (list.Count > 9)
                    {
                        list[8] = (byte)rng.Next(256);
                        if (list[0] == 0xFE)
                        {
                            list[9] = (byte)rng.Next(256);
                        }
                    }

                    break;
                case 7:
                    // Swap two bytes: keeps an additive checksum right (the oracle catches those).
                    int other = rng.Next(data.Length);
                    (list[at], list[other]) = (list[other], list[at]);
                    break;
                default:
                    int n = Math.Min(rng.Next(1, 20), list.Count - at);
                    list.InsertRange(at, list.GetRange(at, n));
                    break;
            }

            return list.ToArray();
        }

        private static byte[] RandomBytes(Random rng, int length, bool interesting)
        {
            var data = new byte[Math.Max(0, length)];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = interesting && rng.Next(3) == 0 ? Interesting[rng.Next(Interesting.Length)] : (byte)rng.Next(256);
            }

            return data;
        }

        private sealed class Output
        {
            public int ImprovInvalidRpc;
            public int BadChecksum;
            public int TooLong;
        }

        private sealed class Stats
        {
            public int Inputs;
            public long Bytes;
            public int Random;
            public int ImprovShaped;
            public int VendorShaped;
            public int Mutated;
            public int ValidByChance;
            public int Invalid;
            public int Crashes;
            public int ConfigChanges;
            public int ExpectImprovError;
            public int ExpectBadChecksum;
            public int ExpectTooLong;
            public int MissingReplies;
            public int ImprovErrorsSent;
            public int UnknownRpcSent;
            public int BadChecksumSent;
            public int TooLongSent;
            public int DeviceFrames;
            public int DamagedOutput;
            public int SessionsOpened;

            public string Report(string title, TimeSpan elapsed) =>
                $"{title}: {Inputs} inputs, {Bytes} bytes (random {Random}, Improv-shaped {ImprovShaped}, vendor-shaped {VendorShaped}, mutated {Mutated})"
                + $"\n  invalid {Invalid}, valid by chance {ValidByChance}; crashes {Crashes}, config changes from invalid frames {ConfigChanges}"
                + $"\n  error replies expected: Improv invalid-RPC {ExpectImprovError}, vendor bad-checksum {ExpectBadChecksum}, vendor too-long {ExpectTooLong}; missing {MissingReplies}"
                + $"\n  device sent {DeviceFrames} frames (Improv invalid-RPC {ImprovErrorsSent}, unknown-RPC {UnknownRpcSent}, bad-checksum {BadChecksumSent}, too-long {TooLongSent}), damaged {DamagedOutput}; sessions reopened {SessionsOpened}"
                + (elapsed > TimeSpan.Zero ? $"\n  {elapsed.TotalSeconds:F1} s" : string.Empty);
        }
    }
}
