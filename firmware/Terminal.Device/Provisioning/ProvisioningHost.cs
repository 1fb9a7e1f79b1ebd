using nanoFramework.Runtime.Native;
using Terminal.Core.Config;
using Terminal.Core.Flow;
using Terminal.Core.Ports;
using Terminal.Core.Provisioning;
using Terminal.Core.Security;
using Terminal.Device.Mqtt;
using Terminal.Device.Security;

namespace Terminal.Device.Provisioning
{
    /// <summary>
    /// Runs the provisioning service from the main loop and applies what a technician commits.
    /// Counter settings (terminal id, PIN, currency) and card keys apply at once. Wi-Fi and cloud
    /// settings (network, broker, credentials, identity, CA) were used to build the link at boot,
    /// so a change to them restarts the terminal, but only once the service port has been quiet
    /// for <see cref="RestartQuietMs"/> (the CLI reads back after a commit) and no sale is open.
    /// </summary>
    public sealed class ProvisioningHost
    {
        /// <summary>Quiet time on the service port before a restart that applies network settings.</summary>
        public const int RestartQuietMs = 30000;

        // 64 bytes per read: draining up to 16 reads per turn keeps up with 115200 baud
        // (about 230 bytes per 20 ms turn) without letting the port starve the tap flow.
        private const int MaxReadsPerTurn = 16;

        private readonly ProvisioningService _service;
        private readonly TerminalSettings _settings;
        private readonly Keyring _keys;
        private readonly IClock _clock;
        private readonly ServiceLog _log;
        private ProvisionedConfig _config;
        private int _generation;
        private int _frames;
        private long _lastActivityMs;

        /// <summary>Watches <paramref name="service"/> (already started); applies commits to the settings and keyring.</summary>
        public ProvisioningHost(ProvisioningService service, TerminalSettings settings, Keyring keys, IClock clock, ServiceLog log)
        {
            _service = service;
            _settings = settings;
            _keys = keys;
            _clock = clock;
            _log = log;
            _config = service.Config;
            _generation = service.Generation;
            _frames = service.FramesHandled;
        }

        /// <summary>True when a commit changed network or cloud settings and a restart is waiting.</summary>
        public bool RestartPending { get; private set; }

        /// <summary>Applies the configuration in force to the flow's settings and the keyring (at boot).</summary>
        public void ApplyConfig()
        {
            _config.ApplyTo(_settings);
            string keyProblem = KeyringLoader.Load(_keys, _config);
            if (keyProblem != null)
            {
                _log.Write(keyProblem);
            }
        }

        /// <summary>One main-loop turn.</summary>
        public void Poll(TapFlow flow, CloudSync cloud)
        {
            long now = _clock.MonotonicMilliseconds;
            for (int i = 0; i < MaxReadsPerTurn && _service.Poll(); i++)
            {
                _lastActivityMs = now;
            }

            if (_service.FramesHandled != _frames || _service.ReceivingFrame)
            {
                _frames = _service.FramesHandled;
                _lastActivityMs = now;
            }

            if (_service.Generation != _generation)
            {
                _generation = _service.Generation;
                ProvisionedConfig previous = _config;
                _config = _service.Config;
                ApplyConfig();
                _log.Info("config: generation " + _generation.ToString() + " applied");
                if (NetworkChanged(previous, _config))
                {
                    RestartPending = true;
                    _log.Info("config: network or cloud settings changed, restarting when the port is quiet");
                }
            }

            if (RestartPending && now - _lastActivityMs >= RestartQuietMs && !flow.Busy)
            {
                _log.Info("restarting to apply network settings");
                cloud.Stop();
                Power.RebootDevice(RebootOption.NormalReboot);
            }
        }

        private static bool NetworkChanged(ProvisionedConfig a, ProvisionedConfig b)
        {
            return a.WifiSsid != b.WifiSsid || a.WifiPassword != b.WifiPassword
                || a.Broker != b.Broker || a.MqttUser != b.MqttUser || a.MqttPassword != b.MqttPassword
                || a.TerminalId != b.TerminalId || a.Tenant != b.Tenant || a.Shop != b.Shop
                || a.CertificateLength != b.CertificateLength || a.CertificateCrc != b.CertificateCrc;
        }
    }
}
