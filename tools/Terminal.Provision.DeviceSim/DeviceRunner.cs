using System;
using System.Threading;
using Terminal.Core.Ledger;
using Terminal.Core.Ports;
using Terminal.Core.Provisioning;
using Terminal.Host.Serial;
using Terminal.Host.Wifi;

namespace Terminal.Provision.DeviceSim
{
    /// <summary>
    /// Runs <see cref="ProvisioningService"/> on a serial port in a background thread, with a
    /// real ledger mounted on the same store (so diagnostics are real and the file names are
    /// shown not to clash). This is what the simulator's --serial option needs to do.
    /// </summary>
    public sealed class DeviceRunner : IDisposable
    {
        public const string FirmwareVersion = "0.1.0-sim";

        private readonly SerialServicePort _port;
        private readonly Thread _thread;
        private volatile bool _stop;
        private Exception? _failure;

        public DeviceRunner(string serialPath, ILedgerStore store, params string[] unreachableSsids)
        {
            Store = store;
            Ledger = new Ledger(store, LedgerOptions.Small());
            Ledger.Mount();
            Diagnostics = new LedgerDiagnostics(Ledger, FirmwareVersion);
            Wifi = new SimulatedWifiStation(unreachableSsids);
            _port = SerialServicePort.Open(serialPath);
            Service = new ProvisioningService(_port, store, Wifi, Diagnostics, new SystemClock(), new DeviceIdentity("loyalty-terminal", FirmwareVersion, "ESP32 (simulated)", "sim-terminal"));
            Service.Start();
            _thread = new Thread(Loop) { IsBackground = true, Name = "provisioning" };
        }

        public ILedgerStore Store { get; }

        public Ledger Ledger { get; }

        public LedgerDiagnostics Diagnostics { get; }

        public SimulatedWifiStation Wifi { get; }

        public ProvisioningService Service { get; }

        /// <summary>Called on the service thread after each commit, with the new configuration.</summary>
        public event Action<ProvisionedConfig>? ConfigChanged;

        public void Start()
        {
            Service.Log("boot: " + "loyalty-terminal " + FirmwareVersion + ", provisioning service ready");
            _thread.Start();
        }

        public void Dispose()
        {
            _stop = true;
            if (_thread.IsAlive)
            {
                _thread.Join(2000);
            }

            _port.Dispose();
            if (_failure != null)
            {
                throw new InvalidOperationException("the provisioning loop failed", _failure);
            }
        }

        private void Loop()
        {
            int generation = Service.Generation;
            try
            {
                while (!_stop)
                {
                    if (!Service.Poll())
                    {
                        Thread.Sleep(2);
                    }

                    if (Service.Generation != generation)
                    {
                        generation = Service.Generation;
                        ProvisionedConfig c = Service.Config;
                        Service.Log("config: generation " + generation + ", terminal " + c.TerminalId + ", broker " + c.Broker);
                        ConfigChanged?.Invoke(c);
                    }
                }
            }
            catch (Exception ex)
            {
                _failure = ex;
            }
        }
    }
}
