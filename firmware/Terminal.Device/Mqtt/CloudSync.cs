using Terminal.Core.Flow;
using Terminal.Core.Provisioning;
using Terminal.Core.Sync;
using Terminal.Device.Clock;
using Terminal.Device.Provisioning;

namespace Terminal.Device.Mqtt
{
    /// <summary>
    /// The cloud side of the terminal as the device builds it from the provisioned settings:
    /// <see cref="M2MqttCloudLink"/> + <see cref="SyncEngine"/>, and the
    /// <see cref="OfflineRedemptionCap"/> the flow consults. Mirrors the host composition
    /// (tests/Terminal.Sync.Tests SimTerminal) with the device's link. The cap exists even when
    /// sync is off: a terminal that never reaches the cloud then stays within the offline caps,
    /// which is the safe side.
    /// </summary>
    public sealed class CloudSync
    {
        private readonly SyncEngine _engine;
        private readonly M2MqttCloudLink _link;
        private readonly RtcClock _clock;
        private readonly LedgerDiagnostics _diagnostics;
        private readonly ServiceLog _log;
        private readonly bool _needsClock;
        private bool _started;
        private bool _saidWaiting;
        private int _acks;

        /// <summary>Builds the link and the engine when the settings are complete; <see cref="Disabled"/> says why not.</summary>
        public CloudSync(ProvisionedConfig config, ProvisioningService provisioning, Terminal.Core.Ledger.Ledger ledger, RtcClock clock, LedgerDiagnostics diagnostics, ServiceLog log, string firmwareVersion)
        {
            _clock = clock;
            _diagnostics = diagnostics;
            _log = log;
            string terminal = config.TerminalId.Length > 0 ? config.TerminalId : "unprovisioned";
            Options = new SyncOptions(terminal, config.Tenant, config.Shop);
            Options.FirmwareVersion = firmwareVersion;
            Guard = new OfflineRedemptionCap(ledger, Options);

            if (!config.IsComplete)
            {
                Disable("sync off: tenant, shop, terminal and broker must be provisioned");
                return;
            }

            string caPem = null;
            if (config.BrokerUsesTls)
            {
                // Never fall back to a plain connection for an mqtts:// broker.
                caPem = ReadCertificate(provisioning, config.CertificateLength);
                if (caPem == null)
                {
                    Disable("sync off: mqtts broker but no CA certificate provisioned");
                    return;
                }
            }

            // docs/sync.md: the terminal id is the MQTT user name (the broker's ACL is keyed on it)
            // unless provisioning names another user.
            string user = config.MqttUser.Length > 0 ? config.MqttUser : config.TerminalId;
            string password = config.MqttPassword.Length > 0 ? config.MqttPassword : null;
            _link = new M2MqttCloudLink(config.BrokerHost, config.BrokerPort, config.TerminalId, user, password, caPem);
            _engine = new SyncEngine(ledger, _link, Options, clock);
            _engine.Log = log;

            // TLS checks the broker certificate's validity dates, which an unset clock (1970 after
            // power-up, until SNTP answers) fails: start only once the clock is plausible.
            _needsClock = config.BrokerUsesTls;
        }

        /// <summary>Why sync is off (null when it runs or waits for the clock).</summary>
        public string Disabled { get; private set; }

        /// <summary>The sync options in force (identity, caps).</summary>
        public SyncOptions Options { get; private set; }

        /// <summary>Offline redemption caps for <see cref="TapFlow.RedemptionGuard"/>.</summary>
        public OfflineRedemptionCap Guard { get; private set; }

        /// <summary>One main-loop turn: start when possible, poll the engine, hand new rules to the flow between sales.</summary>
        public void Poll(TapFlow flow)
        {
            if (_engine == null)
            {
                return;
            }

            if (!_started)
            {
                if (_needsClock && !_clock.IsSet)
                {
                    if (!_saidWaiting)
                    {
                        _log.Info("sync: waiting for the clock (SNTP) before TLS");
                        _saidWaiting = true;
                    }

                    return;
                }

                _engine.Start();
                _started = true;
                _log.Info("sync: started");
            }

            _engine.Poll();
            _engine.ApplyConfigTo(flow);
            int acks = _engine.Stats.AcksApplied;
            if (acks != _acks)
            {
                _acks = acks;
                _diagnostics.LastSyncUnixSeconds = _clock.UnixSeconds;
            }
        }

        /// <summary>Says offline (retained) and disconnects, before a planned restart.</summary>
        public void Stop()
        {
            if (_started)
            {
                _engine.Stop();
                _started = false;
            }
        }

        private void Disable(string reason)
        {
            Disabled = reason;
            _log.Write(reason);
        }

        private static string ReadCertificate(ProvisioningService provisioning, int length)
        {
            if (length <= 0)
            {
                return null;
            }

            byte[] pem = new byte[length];
            int read = 0;
            while (read < length)
            {
                int n = provisioning.ReadCertificate(read, pem, read, length - read);
                if (n <= 0)
                {
                    return null;
                }

                read += n;
            }

            return System.Text.Encoding.UTF8.GetString(pem, 0, length);
        }
    }
}
