#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System.Collections;
using Terminal.Core.Encoding;
using Terminal.Core.Provisioning;

namespace Terminal.Core.Tests.Provisioning
{
    [TestClass]
    public class FrameReaderTests
    {
        [TestMethod]
        public void FramesAndLogLinesAreSeparated()
        {
            byte[] improv = new byte[ImprovCodec.MaxPacket];
            int ni = ImprovCodec.EncodeState(ImprovState.Provisioned, improv, 0);
            byte[] vendor = new byte[VendorCodec.MaxFrame];
            vendor[VendorCodec.PrefixLength] = 0;
            int nv = VendorCodec.Frame(VendorCodec.KindResponse, 5, 1, vendor, 0, 1);

            byte[] stream = Concat(Ascii("boot ok\r\nIn IMPROV mode\n"), improv, ni);
            stream = Concat(stream, Ascii("half a li"), 9);
            stream = Concat(stream, vendor, nv);
            stream = Concat(stream, Ascii("ne\n"), 3);
            ArrayList events = Feed(new FrameReader(true), stream);
            Assert.AreEqual("line:boot ok|line:In IMPROV mode|improv:1|vendor:5|line:half a line|", Describe(events));
        }

        [TestMethod]
        public void GarbageBeforeAFrameIsSkipped()
        {
            byte[] improv = new byte[ImprovCodec.MaxPacket];
            int n = ImprovCodec.EncodeRpcCommand(ImprovCommand.RequestDeviceInfo, null, 0, 0, improv, 0);
            byte[] stream = Concat(new byte[] { 0x00, 0xFF, 0x49, 0x49, 0x4D, 0xFE, 0x4C, 0x13 }, improv, n);
            Assert.AreEqual("improv:3|", Describe(Feed(new FrameReader(false), stream)));
        }

        [TestMethod]
        public void AFrameHiddenInsideABrokenOneIsFound()
        {
            // A vendor header announcing 20 bytes, then only an Improv packet (12 bytes) and a
            // few more: the vendor candidate fails its CRC, the reader restarts one byte later
            // and finds the Improv packet inside it.
            byte[] vendor = new byte[VendorCodec.MaxFrame];
            VendorCodec.Frame(VendorCodec.KindRequest, 1, 1, vendor, 0, 20);
            byte[] improv = new byte[ImprovCodec.MaxPacket];
            int n = ImprovCodec.EncodeRpcCommand(ImprovCommand.RequestCurrentState, null, 0, 0, improv, 0);
            byte[] stream = Concat(Slice(vendor, VendorCodec.PrefixLength), improv, n);
            stream = Concat(stream, new byte[12], 12);
            Assert.AreEqual("vendor-crc|improv:3|", Describe(Feed(new FrameReader(false), stream)));
        }

        [TestMethod]
        public void ATruncatedFrameIsGivenUpByAbandon()
        {
            byte[] improv = new byte[ImprovCodec.MaxPacket];
            int n = ImprovCodec.EncodeRpcCommand(ImprovCommand.RequestDeviceInfo, null, 0, 0, improv, 0);
            FrameReader reader = new FrameReader(false);
            ArrayList events = Feed(reader, Slice(improv, n - 3));
            Assert.AreEqual(0, events.Count);
            Assert.IsTrue(reader.HasPartialFrame);
            reader.Abandon();
            events = Feed(reader, new byte[0]);
            Assert.AreEqual(0, events.Count);
            Assert.IsFalse(reader.HasPartialFrame);

            // The reader is usable again.
            Assert.AreEqual("improv:3|", Describe(Feed(reader, Slice(improv, n))));
        }

        [TestMethod]
        public void OversizeVendorLengthIsReportedAtTheHeader()
        {
            byte[] vendor = new byte[VendorCodec.MaxFrame];
            VendorCodec.Frame(VendorCodec.KindRequest, 7, 3, vendor, 0, 0);
            LittleEndian.WriteUInt16(vendor, 8, VendorCodec.MaxPayload + 1);
            Assert.AreEqual("vendor-long:7|", Describe(Feed(new FrameReader(false), Slice(vendor, VendorCodec.PrefixLength))));
        }

        [TestMethod]
        public void ImprovChecksumErrorsAreReported()
        {
            byte[] improv = new byte[ImprovCodec.MaxPacket];
            int n = ImprovCodec.EncodeState(ImprovState.Authorized, improv, 0);
            improv[n - 1]++;
            Assert.AreEqual("improv-sum|", Describe(Feed(new FrameReader(false), Slice(improv, n))));
        }

        [TestMethod]
        public void LongAndBinaryLinesAreCutAndEscaped()
        {
            byte[] data = new byte[FrameReader.MaxLine + 20];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = (byte)'a';
            }

            data[3] = 0x07;
            data[data.Length - 1] = 0x0A;
            ArrayList events = Feed(new FrameReader(true), data);
            Assert.AreEqual(2, events.Count);
            string first = (string)events[0];
            Assert.IsTrue(first.StartsWith("line:aaa\\x07aa"));
            Assert.IsTrue(first.Length <= FrameReader.MaxLine + 5);
        }

        [TestMethod]
        public void MaximumSizeFramesFit()
        {
            byte[] vendor = new byte[VendorCodec.MaxFrame];
            int n = VendorCodec.Frame(VendorCodec.KindRequest, 2, 9, vendor, 0, VendorCodec.MaxPayload);
            byte[] improv = new byte[ImprovCodec.MaxPacket];
            int m = ImprovCodec.Frame(ImprovPacketType.RpcResult, improv, 0, ImprovCodec.MaxData);
            byte[] stream = Concat(Slice(vendor, n), improv, m);
            Assert.AreEqual("vendor:2|improv:4|", Describe(Feed(new FrameReader(false), stream)));
        }

        internal static ArrayList Feed(FrameReader reader, byte[] data)
        {
            ArrayList events = new ArrayList();
            for (int i = 0; i <= data.Length; i++)
            {
                if (i < data.Length)
                {
                    reader.Push(data[i]);
                }

                FrameEvent e;
                while ((e = reader.Next()) != FrameEvent.None)
                {
                    switch (e)
                    {
                        case FrameEvent.Improv:
                            events.Add("improv:" + reader.ImprovType.ToString());
                            break;
                        case FrameEvent.Vendor:
                            events.Add("vendor:" + reader.VendorSequence.ToString());
                            break;
                        case FrameEvent.TextLine:
                            events.Add("line:" + reader.Line);
                            break;
                        case FrameEvent.ImprovChecksumError:
                            events.Add("improv-sum");
                            break;
                        case FrameEvent.VendorChecksumError:
                            events.Add("vendor-crc");
                            break;
                        default:
                            events.Add("vendor-long:" + reader.VendorSequence.ToString());
                            break;
                    }
                }
            }

            return events;
        }

        private static string Describe(ArrayList events)
        {
            string s = string.Empty;
            for (int i = 0; i < events.Count; i++)
            {
                string e = (string)events[i];
                if (e != "line:")
                {
                    s = s + e + "|";
                }
            }

            return s;
        }

        private static byte[] Ascii(string text)
        {
            return Utf8.Encode(text);
        }

        private static byte[] Slice(byte[] data, int count)
        {
            byte[] s = new byte[count];
            System.Array.Copy(data, s, count);
            return s;
        }

        private static byte[] Concat(byte[] a, byte[] b, int count)
        {
            byte[] c = new byte[a.Length + count];
            System.Array.Copy(a, c, a.Length);
            if (count > 0)
            {
                System.Array.Copy(b, 0, c, a.Length, count);
            }

            return c;
        }
    }
}
