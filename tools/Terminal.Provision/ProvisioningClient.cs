using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using System.Threading;
using Terminal.Core.Encoding;
using Terminal.Core.Ports;
using Terminal.Core.Provisioning;

namespace Terminal.Provision
{
    /// <summary>
    /// The host side of the service-port protocol: sends Improv RPCs and vendor requests and
    /// waits (bounded) for the answers, skipping log lines and stale frames. One request at a time.
    /// </summary>
    public sealed class ProvisioningClient
    {
        /// <summary>Certificate bytes per chunk (well under the 512-byte payload limit).</summary>
        public const int CertChunkBytes = 256;

        private const int Retries = 2;

        private readonly IServicePort _port;
        private readonly string _portName;
        private readonly FrameReader _reader = new(collectText: true);
        private readonly byte[] _in = new byte[512];
        private readonly byte[] _out = new byte[VendorCodec.MaxFrame];
        private readonly PayloadWriter _writer = new();
        private byte _sequence = (byte)Random.Shared.Next(1, 255);
        private int _corruptFrames;

        public ProvisioningClient(IServicePort port, string portName, int timeoutMs)
        {
            _port = port;
            _portName = portName;
            TimeoutMs = timeoutMs;
        }

        /// <summary>How long to wait for an answer.</summary>
        public int TimeoutMs { get; set; }

        /// <summary>Log lines the device printed while we waited.</summary>
        public event Action<string>? DeviceLog;

        // ---- Improv ----

        /// <summary>Improv device info: firmware name, version, chip, device name.</summary>
        public string[] DeviceInfo()
        {
            SendImprov(ImprovCommand.RequestDeviceInfo, Array.Empty<byte>());
            return WaitImprovResult(ImprovCommand.RequestDeviceInfo, TimeoutMs);
        }

        /// <summary>Improv current state.</summary>
        public ImprovState CurrentState()
        {
            SendImprov(ImprovCommand.RequestCurrentState, Array.Empty<byte>());
            ImprovState? state = null;
            Wait(TimeoutMs, frame =>
            {
                if (frame.IsImprov && frame.Type == ImprovPacketType.CurrentState && frame.Data.Length == 1)
                {
                    state = (ImprovState)frame.Data[0];
                    return true;
                }

                ThrowOnImprovError(frame);
                return false;
            }, "current state");
            return state!.Value;
        }

        /// <summary>Networks the terminal sees (SSID, RSSI, secured).</summary>
        public List<string[]> Scan()
        {
            SendImprov(ImprovCommand.RequestScannedNetworks, Array.Empty<byte>());
            var networks = new List<string[]>();
            Wait(TimeoutMs * 5, frame =>
            {
                ThrowOnImprovError(frame);
                if (frame.IsImprov && frame.Type == ImprovPacketType.RpcResult && frame.Data.Length >= 2 && frame.Data[0] == (byte)ImprovCommand.RequestScannedNetworks)
                {
                    string[]? s = ImprovCodec.DecodeStrings(frame.Data, 2, frame.Data.Length - 2);
                    if (s == null || s.Length == 0)
                    {
                        return true;
                    }

                    networks.Add(s);
                }

                return false;
            }, "Wi-Fi scan");
            return networks;
        }

        /// <summary>
        /// Sends Wi-Fi credentials the Improv way: the terminal tries them and stores them only if
        /// it connects. Returns the redirect URLs the terminal offers (usually none).
        /// </summary>
        public string[] SetWifi(string ssid, string password, int connectTimeoutMs, Action<string>? progress)
        {
            int n = ImprovCodec.EncodeWifiSettings(ssid, password, _out, 0);
            if (n < 0)
            {
                throw new ProvisionException(ExitCodes.Usage, "SSID must be 1-32 bytes and the password at most 64 bytes");
            }

            _port.Write(_out, 0, n);
            string[]? result = null;
            Wait(connectTimeoutMs, frame =>
            {
                ThrowOnImprovError(frame);
                if (frame.IsImprov && frame.Type == ImprovPacketType.CurrentState && frame.Data.Length == 1)
                {
                    progress?.Invoke(((ImprovState)frame.Data[0]) switch
                    {
                        ImprovState.Provisioning => "connecting to " + ssid + " ...",
                        ImprovState.Provisioned => "connected",
                        ImprovState.Authorized => "not connected",
                        _ => "state " + frame.Data[0],
                    });
                }

                if (frame.IsImprov && frame.Type == ImprovPacketType.RpcResult && frame.Data.Length >= 2 && frame.Data[0] == (byte)ImprovCommand.SendWifiSettings)
                {
                    result = ImprovCodec.DecodeStrings(frame.Data, 2, frame.Data.Length - 2) ?? Array.Empty<string>();
                    return true;
                }

                return false;
            }, "Wi-Fi result");
            return result!;
        }

        // ---- vendor ----

        /// <summary>Protocol version, firmware, chip, device name.</summary>
        public HelloInfo Hello()
        {
            var r = Request(VendorCommand.Hello, _ => { });
            return new HelloInfo(r.ReadByte(), r.ReadUInt16(), r.ReadString8()!, r.ReadString8()!, r.ReadString8()!, r.ReadString8()!, r.ReadByte() != 0);
        }

        public void Begin() => Request(VendorCommand.Begin, _ => { });

        public void Abort() => Request(VendorCommand.Abort, _ => { });

        /// <summary>Stages a setting; throws <see cref="DeviceRefusedException"/> with the reason when refused.</summary>
        public void Set(string key, string value) => Request(VendorCommand.Set, w =>
        {
            w.WriteString8(key);
            w.WriteString16(value);
        });

        /// <summary>Reads a committed setting as the device shows it (secrets as "set"/"not set").</summary>
        public SettingValue Get(string key)
        {
            var r = Request(VendorCommand.Get, w => w.WriteString8(key));
            int flags = r.ReadByte();
            string value = r.ReadString16() ?? string.Empty;
            return new SettingValue(key, value, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0);
        }

        /// <summary>All setting keys the device knows.</summary>
        public List<string> Keys()
        {
            var r = Request(VendorCommand.Keys, _ => { });
            int count = r.ReadByte();
            var keys = new List<string>();
            for (int i = 0; i < count; i++)
            {
                keys.Add(r.ReadString8() ?? string.Empty);
            }

            return keys;
        }

        /// <summary>Applies everything staged; returns the device's configuration generation.</summary>
        public uint Commit() => Request(VendorCommand.Commit, _ => { }).ReadUInt32();

        /// <summary>Uploads a CA certificate into the session in chunks, reporting (sent, total).</summary>
        public void UploadCertificate(byte[] pem, Action<int, int>? progress)
        {
            uint crc = Crc32.Compute(pem, 0, pem.Length);
            Request(VendorCommand.CertBegin, w =>
            {
                w.WriteUInt32((uint)pem.Length);
                w.WriteUInt32(crc);
            });
            int offset = 0;
            progress?.Invoke(0, pem.Length);
            while (offset < pem.Length)
            {
                int n = Math.Min(CertChunkBytes, pem.Length - offset);
                int at = offset;
                PayloadReader r;
                try
                {
                    r = Request(VendorCommand.CertChunk, w =>
                    {
                        w.WriteUInt32((uint)at);
                        w.WriteBytes(pem, at, n);
                    });
                }
                catch (DeviceRefusedException ex) when (ex.Status == VendorStatus.BadOffset)
                {
                    // The device lost or already has a chunk: continue where it says.
                    offset = (int)ex.Reader.ReadUInt32();
                    continue;
                }

                offset = (int)r.ReadUInt32();
                progress?.Invoke(offset, pem.Length);
            }
        }

        /// <summary>Diagnostics as name/value pairs, in the device's order.</summary>
        public List<KeyValuePair<string, string>> Diagnostics()
        {
            var r = Request(VendorCommand.Diagnostics, _ => { });
            int count = r.ReadByte();
            var list = new List<KeyValuePair<string, string>>();
            for (int i = 0; i < count; i++)
            {
                list.Add(new(r.ReadString8() ?? "?", r.ReadString8() ?? "?"));
            }

            return list;
        }

        /// <summary>Factory reset: asks for a token and confirms with it.</summary>
        public void FactoryReset(byte scope)
        {
            string token = Request(VendorCommand.ResetRequest, w => w.WriteByte(scope)).ReadString8() ?? string.Empty;
            Request(VendorCommand.ResetConfirm, w =>
            {
                w.WriteByte(scope);
                w.WriteString8(token);
            });
        }

        // ---- plumbing ----

        private PayloadReader Request(VendorCommand command, Action<PayloadWriter> fill)
        {
            for (int attempt = 0; ; attempt++)
            {
                byte sequence = unchecked(++_sequence);
                _writer.Reset(_out, VendorCodec.PrefixLength, VendorCodec.MaxPayload);
                fill(_writer);
                if (_writer.Overflow)
                {
                    throw new ProvisionException(ExitCodes.Usage, "request too long for one frame");
                }

                int n = VendorCodec.Frame(VendorCodec.KindRequest, sequence, (byte)command, _out, 0, _writer.Length);
                _port.Write(_out, 0, n);
                byte[]? payload = null;
                Wait(TimeoutMs, frame =>
                {
                    if (frame.IsVendor && frame.Kind == VendorCodec.KindResponse && frame.Sequence == sequence && frame.Data.Length >= 1)
                    {
                        payload = frame.Data;
                        return true;
                    }

                    return false;
                }, command.ToString());

                var reader = new PayloadReader();
                reader.Reset(payload!, 1, payload!.Length - 1);
                var status = (VendorStatus)payload[0];
                if (status == VendorStatus.Ok)
                {
                    return reader;
                }

                if (status == VendorStatus.BadChecksum && attempt < Retries)
                {
                    // The terminal received our frame corrupted and did nothing: send it again.
                    _corruptFrames++;
                    continue;
                }

                if (status == VendorStatus.BadChecksum)
                {
                    throw new ProvisionException(ExitCodes.IoError, "checksum error: the terminal received corrupted frames " + (attempt + 1) + " times on " + _portName + ". Check the cable and that --baud matches the terminal (115200).");
                }

                var copy = new PayloadReader();
                copy.Reset(payload, 1, payload.Length - 1);
                string? reason = status == VendorStatus.BadOffset ? null : reader.ReadString8();
                throw new DeviceRefusedException(command, status, reason, copy);
            }
        }

        private void SendImprov(ImprovCommand command, byte[] data)
        {
            int n = ImprovCodec.EncodeRpcCommand(command, data, 0, data.Length, _out, 0);
            _port.Write(_out, 0, n);
        }

        private string[] WaitImprovResult(ImprovCommand command, int timeoutMs)
        {
            string[]? result = null;
            Wait(timeoutMs, frame =>
            {
                ThrowOnImprovError(frame);
                if (frame.IsImprov && frame.Type == ImprovPacketType.RpcResult && frame.Data.Length >= 2 && frame.Data[0] == (byte)command)
                {
                    result = ImprovCodec.DecodeStrings(frame.Data, 2, frame.Data.Length - 2) ?? throw new ProvisionException(ExitCodes.IoError, "malformed Improv result from the terminal");
                    return true;
                }

                return false;
            }, "Improv " + command);
            return result!;
        }

        private static void ThrowOnImprovError(Frame frame)
        {
            if (frame.IsImprov && frame.Type == ImprovPacketType.ErrorState && frame.Data.Length == 1 && frame.Data[0] != 0)
            {
                throw new ImprovErrorException((ImprovError)frame.Data[0]);
            }
        }

        private void Wait(int timeoutMs, Func<Frame, bool> accept, string what)
        {
            var clock = Stopwatch.StartNew();
            int corruptAtStart = _corruptFrames;
            while (_early.Count > 0)
            {
                if (accept(_early.Dequeue()))
                {
                    return;
                }
            }

            while (clock.ElapsedMilliseconds < timeoutMs)
            {
                int n = _port.Read(_in, 0, _in.Length);
                if (n == 0)
                {
                    Thread.Sleep(2);
                    continue;
                }

                for (int i = 0; i < n; i++)
                {
                    _reader.Push(_in[i]);
                    FrameEvent e;
                    while ((e = _reader.Next()) != FrameEvent.None)
                    {
                        Frame? frame = ToFrame(e);
                        if (frame != null && accept(frame))
                        {
                            // Keep the rest of this read for the next call: push order is preserved.
                            for (int k = i + 1; k < n; k++)
                            {
                                _reader.Push(_in[k]);
                                Drain();
                            }

                            return;
                        }
                    }
                }
            }

            if (_corruptFrames > corruptAtStart)
            {
                throw new ProvisionException(ExitCodes.IoError, "checksum error: " + (_corruptFrames - corruptAtStart) + " corrupted frame(s) from the terminal on " + _portName + " and no valid answer (" + what + "). Check the cable and that --baud matches the terminal (115200).");
            }

            throw new ProvisionException(ExitCodes.Unavailable, "no answer from the terminal on " + _portName + " within " + timeoutMs + " ms (" + what + "). Is it powered and in provisioning mode, and is this its service port? Check --port and --baud.");
        }

        // Frames that arrive after the accepted one are remembered for the next Wait.
        private readonly Queue<Frame> _early = new();

        private void Drain()
        {
            FrameEvent e;
            while ((e = _reader.Next()) != FrameEvent.None)
            {
                Frame? f = ToFrame(e);
                if (f != null)
                {
                    _early.Enqueue(f);
                }
            }
        }

        private Frame? ToFrame(FrameEvent e)
        {
            switch (e)
            {
                case FrameEvent.Improv:
                    return new Frame(true, _reader.ImprovType, 0, 0, Copy(_reader.ImprovDataOffset, _reader.ImprovDataLength));
                case FrameEvent.Vendor:
                    return new Frame(false, _reader.VendorKind, _reader.VendorSequence, _reader.VendorCommand, Copy(_reader.VendorPayloadOffset, _reader.VendorPayloadLength));
                case FrameEvent.TextLine:
                    if (_reader.Line.Length > 0)
                    {
                        DeviceLog?.Invoke(_reader.Line);
                    }

                    return null;
                default:
                    _corruptFrames++;
                    return null;
            }
        }

        private byte[] Copy(int offset, int count)
        {
            var data = new byte[count];
            Array.Copy(_reader.Buffer, offset, data, 0, count);
            return data;
        }

        /// <summary>One received frame (Improv: Type + Data; vendor: Kind, Sequence, Command, Data = payload).</summary>
        private sealed record Frame(bool IsImprov, byte TypeOrKind, byte Sequence, byte Command, byte[] Data)
        {
            public bool IsVendor => !IsImprov;

            public ImprovPacketType Type => (ImprovPacketType)TypeOrKind;

            public byte Kind => TypeOrKind;
        }
    }

    /// <summary>What the vendor hello says.</summary>
    public sealed record HelloInfo(int ProtocolVersion, int MaxPayload, string FirmwareName, string FirmwareVersion, string Chip, string DeviceName, bool SessionOpen);

    /// <summary>A setting as read back.</summary>
    public sealed record SettingValue(string Key, string Value, bool IsSet, bool IsSecret, bool StagedChange);

    /// <summary>The terminal answered a vendor request with a refusal.</summary>
    public sealed class DeviceRefusedException : ProvisionException
    {
        public DeviceRefusedException(VendorCommand command, VendorStatus status, string? reason, PayloadReader reader)
            : base(ExitCodes.Failed, Describe(command, status, reason))
        {
            Status = status;
            Reason = reason;
            Reader = reader;
        }

        public VendorStatus Status { get; }

        public string? Reason { get; }

        /// <summary>The response payload after the status byte.</summary>
        public PayloadReader Reader { get; }

        private static string Describe(VendorCommand command, VendorStatus status, string? reason)
        {
            string hint = status switch
            {
                VendorStatus.Rejected => "rejected: " + reason,
                VendorStatus.UnknownKey => reason + " (see 'get' for the list of keys)",
                VendorStatus.NoSession => "the terminal has no open session (it expires after 10 minutes idle); run the command again",
                VendorStatus.StoreFailed => "the terminal could not write its flash: " + reason,
                VendorStatus.BadToken => "reset token refused: " + reason,
                VendorStatus.TooLong => "frame too long for the terminal: " + reason,
                VendorStatus.UnknownCommand => "the terminal's firmware does not know this command (update the firmware or the tool)",
                VendorStatus.Malformed => "the terminal could not parse the request: " + reason,
                _ => status + ": " + reason,
            };
            return command + ": " + hint;
        }
    }

    /// <summary>The terminal answered an Improv RPC with an error state.</summary>
    public sealed class ImprovErrorException : ProvisionException
    {
        public ImprovErrorException(ImprovError error)
            : base(ExitCodes.Failed, Describe(error))
        {
            Error = error;
        }

        public ImprovError Error { get; }

        private static string Describe(ImprovError error) => error switch
        {
            ImprovError.UnableToConnect => "the terminal could not connect to that Wi-Fi network: check SSID and password, and that the network is in range",
            ImprovError.InvalidRpc => "the terminal reported an invalid Improv packet (corrupted on the cable, or a value too long)",
            ImprovError.UnknownRpc => "the terminal does not support this Improv command",
            _ => "the terminal reported an error (" + error + "); see 'diag'",
        };
    }
}
