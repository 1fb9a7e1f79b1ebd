using Terminal.Core.Ports;

namespace Terminal.Core.Provisioning
{
    /// <summary>
    /// The device side of the service port: answers Improv Serial (Wi-Fi, state, device info,
    /// scan, hostname) and the vendor frames (loyalty settings, certificate, diagnostics,
    /// factory reset), and writes log lines in between. Single-threaded: the main loop calls
    /// <see cref="Poll"/>; nothing blocks except a Wi-Fi connection attempt.
    /// Wire protocol: docs/provisioning.md; decisions: docs/adr/0006-serial-provisioning.md.
    /// </summary>
    public sealed partial class ProvisioningService
    {
        /// <summary>A frame that stops arriving for this long is given up (its length field lied).</summary>
        public const int FrameTimeoutMs = 1000;

        /// <summary>Staged changes are discarded after this long without a vendor command.</summary>
        public const int SessionTimeoutMs = 10 * 60 * 1000;

        /// <summary>A factory-reset token is valid this long.</summary>
        public const int ResetTokenMs = 60 * 1000;

        /// <summary>Longest log line written (longer ones are cut).</summary>
        public const int MaxLogLine = 200;

        private readonly IServicePort _port;
        private readonly IWifiStation _wifi;
        private readonly IDiagnosticsSource _diagnostics;
        private readonly IClock _clock;
        private readonly DeviceIdentity _identity;
        private readonly ILedgerStore _store;
        private readonly ConfigStore _configStore;
        private readonly FrameReader _reader = new FrameReader(false);
        private readonly byte[] _in = new byte[64];
        private readonly byte[] _out = new byte[VendorCodec.MaxFrame + 1];
        private readonly PayloadWriter _writer = new PayloadWriter();
        private readonly PayloadReader _payload = new PayloadReader();
        private long _lastByteAt;
        private bool _connecting;

        /// <summary>Creates the service; call <see cref="Start"/> once, then <see cref="Poll"/> from the main loop.</summary>
        public ProvisioningService(IServicePort port, ILedgerStore store, IWifiStation wifi, IDiagnosticsSource diagnostics, IClock clock, DeviceIdentity identity)
        {
            _port = port;
            _store = store;
            _wifi = wifi;
            _diagnostics = diagnostics;
            _clock = clock;
            _identity = identity;
            _configStore = new ConfigStore(store);
            Config = new ProvisionedConfig(null, 0, 0);
        }

        /// <summary>The configuration in force. Replaced (never modified) by each commit.</summary>
        public ProvisionedConfig Config { get; private set; }

        /// <summary>Counts commits since start, so the application knows when to re-read <see cref="Config"/>.</summary>
        public int Generation { get; private set; }

        /// <summary>True when <see cref="Start"/> had to finish or roll back an interrupted commit.</summary>
        public bool RepairedAtStart { get; private set; }

        /// <summary>Frames that were intact and handled.</summary>
        public int FramesHandled { get; private set; }

        /// <summary>Candidates that failed a checksum or a length check.</summary>
        public int FramesRejected { get; private set; }

        /// <summary>True while part of a frame has arrived and the rest is awaited.</summary>
        public bool ReceivingFrame
        {
            get { return _reader.HasPartialFrame; }
        }

        /// <summary>Improv state as a client would be told now.</summary>
        public ImprovState State
        {
            get
            {
                if (_connecting)
                {
                    return ImprovState.Provisioning;
                }

                return _wifi.IsConnected ? ImprovState.Provisioned : ImprovState.Authorized;
            }
        }

        /// <summary>Repairs what a power cut interrupted and loads the configuration.</summary>
        public void Start()
        {
            RepairedAtStart = _configStore.Recover();
            Config = _configStore.Load();
        }

        /// <summary>
        /// Handles whatever arrived on the port. Returns true when bytes were read (call again
        /// soon); false when the port was quiet.
        /// </summary>
        public bool Poll()
        {
            long now = _clock.MonotonicMilliseconds;
            ExpireSession(now);
            int n = _port.Read(_in, 0, _in.Length);
            if (n <= 0)
            {
                if (_reader.HasPartialFrame && now - _lastByteAt > FrameTimeoutMs)
                {
                    // The sender stopped inside a frame; rescan what is left after its first byte.
                    _reader.Abandon();
                    Drain();
                }

                return false;
            }

            _lastByteAt = now;
            for (int i = 0; i < n; i++)
            {
                _reader.Push(_in[i]);
                Drain();
            }

            return true;
        }

        /// <summary>
        /// Writes a log line. Only printable ASCII goes out (anything else becomes '?'), so a log
        /// line can never contain an Improv header ("IMPROV" + 0x01) or a vendor magic (0xFE).
        /// </summary>
        public void Log(string text)
        {
            int length = text == null ? 0 : text.Length;
            if (length > MaxLogLine)
            {
                length = MaxLogLine;
            }

            byte[] line = new byte[length + 1];
            for (int i = 0; i < length; i++)
            {
                char c = text[i];
                line[i] = c >= ' ' && c <= '~' ? (byte)c : (byte)'?';
            }

            line[length] = 0x0A;
            _port.Write(line, 0, line.Length);
        }

        /// <summary>Reads part of the stored CA certificate for the MQTT client (see <see cref="ConfigStore.ReadCertificate"/>).</summary>
        public int ReadCertificate(int position, byte[] buffer, int offset, int count)
        {
            return _configStore.ReadCertificate(position, buffer, offset, count);
        }

        private void Drain()
        {
            FrameEvent e;
            while ((e = _reader.Next()) != FrameEvent.None)
            {
                switch (e)
                {
                    case FrameEvent.Improv:
                        FramesHandled++;
                        if (_reader.ImprovType == (byte)ImprovPacketType.RpcCommand)
                        {
                            try
                            {
                                HandleImprov(_reader.Buffer, _reader.ImprovDataOffset, _reader.ImprovDataLength);
                            }
                            catch (System.Exception ex)
                            {
                                // A failing port (Wi-Fi, flash) must not take the main loop down.
                                _connecting = false;
                                LastStoreError = ex.Message;
                                SendImprovError(ImprovError.Unknown);
                            }
                        }

                        break;
                    case FrameEvent.ImprovChecksumError:
                        // As the reference firmware does: a packet failing its checksum is an invalid RPC.
                        FramesRejected++;
                        SendImprovError(ImprovError.InvalidRpc);
                        break;
                    case FrameEvent.Vendor:
                        FramesHandled++;
                        if (_reader.VendorKind == VendorCodec.KindRequest)
                        {
                            byte sequence = _reader.VendorSequence;
                            byte command = _reader.VendorCommand;
                            try
                            {
                                HandleVendor(sequence, command, _reader.Buffer, _reader.VendorPayloadOffset, _reader.VendorPayloadLength);
                            }
                            catch (System.Exception ex)
                            {
                                LastStoreError = ex.Message;
                                SendStatus(sequence, command, VendorStatus.StoreFailed, "terminal error: " + ex.Message);
                            }
                        }

                        break;
                    case FrameEvent.VendorChecksumError:
                        FramesRejected++;
                        if (_reader.VendorKind == VendorCodec.KindRequest)
                        {
                            SendStatus(_reader.VendorSequence, _reader.VendorCommand, VendorStatus.BadChecksum, null);
                        }

                        break;
                    case FrameEvent.VendorTooLong:
                        FramesRejected++;
                        if (_reader.VendorKind == VendorCodec.KindRequest)
                        {
                            SendStatus(_reader.VendorSequence, _reader.VendorCommand, VendorStatus.TooLong, "payload longer than 512 bytes");
                        }

                        break;
                }
            }
        }

        // Every frame goes out followed by a line feed, so a technician watching the port with a
        // plain terminal sees frames and log lines on separate lines; parsers skip it.
        private void Send(int length)
        {
            _out[length] = 0x0A;
            _port.Write(_out, 0, length + 1);
        }
    }
}
