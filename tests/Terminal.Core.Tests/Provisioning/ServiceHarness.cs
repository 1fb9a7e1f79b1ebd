using System.Collections;
using Terminal.Core.Provisioning;
using Terminal.Core.Tests.Fakes;

namespace Terminal.Core.Tests.Provisioning
{
    /// <summary>
    /// A provisioning service wired to fakes, with a minimal host side: it sends frames on the
    /// twin port, polls the device and collects what comes back. Single-threaded.
    /// </summary>
    public sealed class ServiceHarness
    {
        private readonly FrameReader _hostReader = new FrameReader(true);
        private readonly byte[] _frame = new byte[VendorCodec.MaxFrame];
        private readonly PayloadWriter _writer = new PayloadWriter();
        private byte _sequence;
        private byte[] _received = new byte[0];

        /// <summary>Creates a device over a fresh store.</summary>
        public ServiceHarness()
            : this(new CutLedgerStore())
        {
        }

        /// <summary>Creates a device over an existing store (a "reboot").</summary>
        public ServiceHarness(CutLedgerStore store)
        {
            Store = store;
            Host = MemoryServicePort.CreatePair();
            Wifi = new FakeWifiStation("ShopNet", "correct horse");
            Diagnostics = new FakeDiagnostics();
            Clock = new FakeClock();
            Service = new ProvisioningService(Host.Twin, store, Wifi, Diagnostics, Clock, new DeviceIdentity("loyalty-terminal", "0.1.0", "ESP32", "terminal"));
            Service.Start();
        }

        public CutLedgerStore Store { get; private set; }

        public MemoryServicePort Host { get; private set; }

        public FakeWifiStation Wifi { get; private set; }

        public FakeDiagnostics Diagnostics { get; private set; }

        public FakeClock Clock { get; private set; }

        public ProvisioningService Service { get; private set; }

        /// <summary>Text lines the host saw since the last call that collected events.</summary>
        public ArrayList Lines { get; private set; }

        /// <summary>Sends raw bytes and lets the device handle them.</summary>
        public void SendRaw(byte[] data, int offset, int count)
        {
            Host.Write(data, offset, count);
            Pump();
        }

        /// <summary>Lets the device poll until its input is drained.</summary>
        public void Pump()
        {
            while (Service.Poll())
            {
            }
        }

        /// <summary>Sends an Improv RPC and returns the packets that came back (each a byte[]: type, data...).</summary>
        public ArrayList Improv(ImprovCommand command, byte[] data)
        {
            int n = ImprovCodec.EncodeRpcCommand(command, data, 0, data == null ? 0 : data.Length, _frame, 0);
            SendRaw(_frame, 0, n);
            return Collect();
        }

        /// <summary>Reads every complete Improv packet waiting at the host as [type, data...] arrays; vendor frames as [0xFE, status, payload...].</summary>
        public ArrayList Collect()
        {
            ArrayList packets = new ArrayList();
            Lines = new ArrayList();
            byte[] bytes = Host.ReadAll();
            byte[] all = new byte[_received.Length + bytes.Length];
            System.Array.Copy(_received, all, _received.Length);
            System.Array.Copy(bytes, 0, all, _received.Length, bytes.Length);
            _received = all;
            for (int i = 0; i < bytes.Length; i++)
            {
                _hostReader.Push(bytes[i]);
                FrameEvent e;
                while ((e = _hostReader.Next()) != FrameEvent.None)
                {
                    if (e == FrameEvent.Improv)
                    {
                        byte[] p = new byte[1 + _hostReader.ImprovDataLength];
                        p[0] = _hostReader.ImprovType;
                        System.Array.Copy(_hostReader.Buffer, _hostReader.ImprovDataOffset, p, 1, _hostReader.ImprovDataLength);
                        packets.Add(p);
                    }
                    else if (e == FrameEvent.Vendor)
                    {
                        byte[] p = new byte[1 + _hostReader.VendorPayloadLength];
                        p[0] = 0xFE;
                        System.Array.Copy(_hostReader.Buffer, _hostReader.VendorPayloadOffset, p, 1, _hostReader.VendorPayloadLength);
                        packets.Add(p);
                    }
                    else if (e == FrameEvent.TextLine)
                    {
                        if (_hostReader.Line.Length > 0)
                        {
                            Lines.Add(_hostReader.Line);
                        }
                    }
                    else
                    {
                        throw new System.Exception("device sent a damaged frame: " + e.ToString());
                    }
                }
            }

            return packets;
        }

        /// <summary>Every byte the host has read from the device so far.</summary>
        public byte[] AllReceived()
        {
            return _received;
        }

        /// <summary>Builds a vendor request; the payload is written by <paramref name="fields"/> into <see cref="Writer"/> first.</summary>
        public PayloadWriter StartRequest()
        {
            _writer.Reset(_frame, VendorCodec.PrefixLength, VendorCodec.MaxPayload);
            return _writer;
        }

        /// <summary>Sends the request started with <see cref="StartRequest"/>; returns the response payload (status first), or null when none came.</summary>
        public byte[] Send(VendorCommand command)
        {
            _sequence++;
            int n = VendorCodec.Frame(VendorCodec.KindRequest, _sequence, (byte)command, _frame, 0, _writer.Length);
            SendRaw(_frame, 0, n);
            ArrayList packets = Collect();
            for (int i = 0; i < packets.Count; i++)
            {
                byte[] p = (byte[])packets[i];
                if (p[0] == 0xFE)
                {
                    byte[] payload = new byte[p.Length - 1];
                    System.Array.Copy(p, 1, payload, 0, payload.Length);
                    return payload;
                }
            }

            return null;
        }

        /// <summary>A request without payload.</summary>
        public byte[] Simple(VendorCommand command)
        {
            StartRequest();
            return Send(command);
        }

        /// <summary>Stages one setting; returns the response payload.</summary>
        public byte[] Set(string key, string value)
        {
            PayloadWriter w = StartRequest();
            w.WriteString8(key);
            w.WriteString16(value);
            return Send(VendorCommand.Set);
        }

        /// <summary>Reads one setting's displayed value.</summary>
        public string Get(string key)
        {
            PayloadWriter w = StartRequest();
            w.WriteString8(key);
            byte[] r = Send(VendorCommand.Get);
            PayloadReader reader = new PayloadReader();
            reader.Reset(r, 2, r.Length - 2);
            return reader.ReadString16();
        }

        /// <summary>Begin, set each key/value pair, commit; returns the commit response.</summary>
        public byte[] Apply(string[] pairs)
        {
            Simple(VendorCommand.Begin);
            for (int i = 0; i < pairs.Length; i += 2)
            {
                byte[] r = Set(pairs[i], pairs[i + 1]);
                if (r[0] != (byte)VendorStatus.Ok)
                {
                    return r;
                }
            }

            return Simple(VendorCommand.Commit);
        }

        /// <summary>The reason text of a failed response.</summary>
        public static string Reason(byte[] response)
        {
            PayloadReader reader = new PayloadReader();
            reader.Reset(response, 1, response.Length - 1);
            return reader.ReadString8();
        }
    }
}
