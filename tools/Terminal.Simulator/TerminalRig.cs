using System;
using System.IO;
using System.Security.Cryptography;
using Terminal.Core.Config;
using Terminal.Core.Flow;
using Terminal.Core.Ledger;
using Terminal.Core.Ports;
using Terminal.Core.Provisioning;
using Terminal.Core.Rules;
using Terminal.Core.Security;
using Terminal.Core.Sync;
using Terminal.Host;
using Terminal.Host.Mqtt;
using Terminal.Host.Security;
using Terminal.Host.Serial;
using Terminal.Host.Simulation;
using Terminal.Host.Wifi;

namespace Terminal.Simulator;

/// <summary>
/// The real portable core composed with simulated hardware: what Program.cs does on the device,
/// with host adapters instead of device ones (files for flash, MQTTnet for M2Mqtt, a pty for the
/// service UART, simulated NTAGs for the MFRC522).
/// </summary>
public sealed class TerminalRig : IDisposable
{
    /// <summary>Loop period, as on the device.</summary>
    public const int StepMilliseconds = 20;

    /// <summary>Firmware version the simulator reports.</summary>
    public const string FirmwareVersion = "0.1.0-sim";

    private readonly StreamWriter? _log;
    private MqttNetCloudLink? _link;
    private SyncEngine? _engine;
    private ProvisioningService? _provisioning;
    private SerialServicePort? _servicePort;
    private int _provisioningGeneration = -1;

    /// <summary>Builds the rig over a data folder and mounts the ledger.</summary>
    public TerminalRig(string dataDirectory, IClock clock, LedgerOptions options, bool secure)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(DataDirectory);
        Store = new DirectoryLedgerStore(Path.Combine(DataDirectory, "ledger"));
        Clock = clock;
        Ledger = new Ledger(Store, options);
        Ledger.Mount();
        Settings = new TerminalSettings();
        Wallet = new CardWallet(Path.Combine(DataDirectory, "cards"), secure);
        Field.Left += Wallet.Save;
        Flow = new TapFlow(Ledger, EarnRules.Default(), VoucherCatalog.Default(), Settings, Display, Signals, Clock);
        if (secure)
        {
            Keys = DemoKeys();
            Flow.Authenticator = new CardAuthenticator(Keys, new HostCredentialCrypto());
        }

        _log = new StreamWriter(Path.Combine(DataDirectory, "terminal.log"), append: true) { AutoFlush = true };
    }

    public string DataDirectory { get; }

    public DirectoryLedgerStore Store { get; }

    public IClock Clock { get; }

    public Ledger Ledger { get; }

    public TerminalSettings Settings { get; }

    public TapFlow Flow { get; }

    public CardWallet Wallet { get; }

    /// <summary>Card keys in use (null in UID-only mode).</summary>
    public Keyring? Keys { get; }

    public QueueKeypad Keypad { get; } = new();

    public CounterField Field { get; } = new();

    public TextDisplay Display { get; } = new();

    public SignalLog Signals { get; } = new();

    /// <summary>Where the terminal syncs, e.g. "127.0.0.1:1883", or null when offline.</summary>
    public string? BrokerEndpoint { get; private set; }

    /// <summary>True while the MQTT link is up.</summary>
    public bool Online => _link?.IsConnected == true;

    /// <summary>Sync counters, when syncing.</summary>
    public SyncStats? SyncStats => _engine?.Stats;

    /// <summary>Provisioning service on the service port, when one was given.</summary>
    public ProvisioningService? Provisioning => _provisioning;

    /// <summary>One turn of the device's main loop.</summary>
    public void Step()
    {
        Flow.Step(Keypad, Field);
        if (_engine != null)
        {
            _engine.Poll();
            _engine.ApplyConfigTo(Flow);
        }

        if (_provisioning != null)
        {
            _provisioning.Poll();
            if (_provisioning.Generation != _provisioningGeneration)
            {
                ApplyProvisioning();
            }
        }
    }

    /// <summary>Connects the outbox to a broker (replacing any earlier link).</summary>
    public void ConnectCloud(string host, int port, string? user, string? password, string? caCertificatePath, string tenant, string shop)
    {
        DisconnectCloud();
        var linkOptions = new MqttLinkOptions
        {
            Host = host,
            Port = port,
            ClientId = Settings.TerminalId,
            UserName = user,
            Password = password,
            CaCertificatePath = caCertificatePath,
        };
        _link = new MqttNetCloudLink(linkOptions, Log);
        var syncOptions = new SyncOptions(Settings.TerminalId, tenant, shop) { FirmwareVersion = FirmwareVersion };
        _engine = new SyncEngine(Ledger, _link, syncOptions, Clock) { Log = new SyncLog(this) };
        _engine.Start();
        Flow.RedemptionGuard = new OfflineRedemptionCap(Ledger, syncOptions);
        BrokerEndpoint = host + ":" + port;
        Log("sync to " + BrokerEndpoint + " as " + Settings.TerminalId + " (tenant " + tenant + ", shop " + shop + ")");
    }

    /// <summary>Stops syncing (taps go on offline).</summary>
    public void DisconnectCloud()
    {
        _engine?.Stop();
        _link?.Close();
        _link?.Dispose();
        _engine = null;
        _link = null;
        BrokerEndpoint = null;
    }

    /// <summary>Serves Improv and the vendor commands on a serial port (a pty in tests).</summary>
    public void AttachServicePort(string path)
    {
        _servicePort = SerialServicePort.Open(path);
        var diagnostics = new LedgerDiagnostics(Ledger, FirmwareVersion);
        var identity = new DeviceIdentity("loyalty-terminal", FirmwareVersion, "ESP32 (simulated)", "sim-terminal");
        _provisioning = new ProvisioningService(_servicePort, Store, new SimulatedWifiStation(), diagnostics, Clock, identity);
        _provisioning.Start();
        Log("provisioning on " + path);
    }

    /// <summary>The provisioned configuration found in the data folder, or null.</summary>
    public ProvisionedConfig? StoredProvisioning => _provisioning?.Config;

    /// <summary>One-line status for the bottom of the simulator screen.</summary>
    public string Status()
    {
        string cloud = BrokerEndpoint == null ? "offline (no broker)" : (Online ? "online " : "offline ") + BrokerEndpoint;
        return $"seq {Ledger.LastSequence}  unsynced {Ledger.UnsyncedCount}  cards {Ledger.CardCount}  state {Flow.State}  cloud {cloud}";
    }

    /// <summary>Writes a line to terminal.log in the data folder (never secrets).</summary>
    public void Log(string line)
    {
        if (_log == null)
        {
            return;
        }

        lock (_log)
        {
            _log.WriteLine(DateTimeOffset.UtcNow.ToString("O") + " " + line);
        }
    }

    /// <summary>Folds everything into the card table and closes links before the process ends.</summary>
    public void Shutdown()
    {
        Field.Lift();
        DisconnectCloud();
        _servicePort?.Dispose();
        try
        {
            Ledger.MaintainAll();
        }
        catch (IOException e)
        {
            Console.Error.WriteLine("simulator: could not fold the journal at exit (" + e.Message + "); it is replayed at next start.");
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Shutdown();
        _log?.Dispose();
    }

    private void ApplyProvisioning()
    {
        _provisioningGeneration = _provisioning!.Generation;
        ProvisionedConfig config = _provisioning.Config;
        config.ApplyTo(Settings);
        if (config.CardKey != null && Keys != null && config.CardKeyVersion > 0)
        {
            byte[]? password = config.CardPasswordKey;
            if (password != null)
            {
                Keys.SetPasswordKey(password, 0, password.Length);
            }

            byte[] key = config.CardKey;
            Keys.SetCurrent((byte)config.CardKeyVersion, key, 0, key.Length);
            if (config.CardKeyOld != null && config.CardKeyOldVersion > 0)
            {
                byte[] old = config.CardKeyOld;
                Keys.SetPrevious((byte)config.CardKeyOldVersion, old, 0, old.Length);
            }
        }

        if (config.IsComplete)
        {
            string? ca = null;
            if (config.BrokerUsesTls && config.CertificateLength > 0)
            {
                byte[] pem = new byte[config.CertificateLength];
                int n = _provisioning.ReadCertificate(0, pem, 0, pem.Length);
                ca = Path.Combine(DataDirectory, "broker-ca.pem");
                File.WriteAllBytes(ca, pem.AsSpan(0, n).ToArray());
            }

            ConnectCloud(config.BrokerHost, config.BrokerPort, NullIfEmpty(config.MqttUser), NullIfEmpty(config.MqttPassword), ca, config.Tenant, config.Shop);
        }
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    /// <summary>
    /// Card keys for the simulator only (derived from fixed strings, so cards enrolled in one run
    /// verify in the next). A real terminal gets its keys over the service port as write-only secrets.
    /// </summary>
    private static Keyring DemoKeys()
    {
        var keys = new Keyring();
        byte[] record = SHA256.HashData("loyalty-terminal simulator record key v1"u8);
        byte[] password = SHA256.HashData("loyalty-terminal simulator password key"u8);
        keys.SetPasswordKey(password, 0, password.Length);
        keys.SetCurrent(1, record, 0, record.Length);
        return keys;
    }

    private sealed class SyncLog(TerminalRig rig) : ISyncLog
    {
        public void Write(string line) => rig.Log("sync: " + line);
    }
}
