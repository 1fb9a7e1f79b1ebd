using System;
using System.Device.Gpio;
using System.Device.I2c;
using System.Device.Spi;
using System.Threading;
using nanoFramework.Hardware.Esp32;
using Terminal.Core.Config;
using Terminal.Core.Flow;
using Terminal.Core.Ledger;
using Terminal.Core.Provisioning;
using Terminal.Core.Rules;
using Terminal.Core.Security;
using Terminal.Device.CardReader;
using Terminal.Device.Clock;
using Terminal.Device.Display;
using Terminal.Device.Indicator;
using Terminal.Device.Keypad;
using Terminal.Device.Mqtt;
using Terminal.Device.Provisioning;
using Terminal.Device.Security;
using Terminal.Device.Serial;
using Terminal.Device.Storage;
using Terminal.Device.Wifi;

namespace Terminal.Device
{
    /// <summary>
    /// Entry point: routes the pins, builds the adapters, mounts the ledger, starts provisioning on
    /// the service port, joins Wi-Fi, starts cloud sync and runs the tap flow. It only composes;
    /// behaviour lives in Terminal.Core, the adapters and the small device glue classes
    /// (Provisioning/ProvisioningHost, Mqtt/CloudSync, Security/KeyringLoader, Wifi/StoredNetwork).
    /// </summary>
    public static class Program
    {
        // One main-loop turn: a keypad scan, one card poll, the flow's state machine, then this pause.
        private const int LoopPauseMs = 20;

        // The service port's speed (docs/provisioning.md: 115200 8N1). Not in Board: Board's int
        // constants are pins, checked against hardware/pinmap.csv.
        private const int ServiceBaud = 115200;

        /// <summary>Firmware version reported over the service port and in the cloud status.</summary>
        public const string FirmwareVersion = "0.1.0";

        /// <summary>Runs the terminal until power-off.</summary>
        public static void Main()
        {
            RoutePins();

            GpioController gpio = new GpioController();
            BuzzerIndicator indicator = new BuzzerIndicator(gpio, Board.Buzzer, Board.Led);
            Ssd1306Display display = new Ssd1306Display(I2cDevice.Create(Ssd1306Display.CreateI2cSettings(Board.I2cBus)));
            MatrixKeypad keypad = new MatrixKeypad(
                gpio,
                new int[] { Board.KeypadRow1, Board.KeypadRow2, Board.KeypadRow3, Board.KeypadRow4 },
                new int[] { Board.KeypadColumn1, Board.KeypadColumn2, Board.KeypadColumn3, Board.KeypadColumn4 });
            Mfrc522CardReader reader = new Mfrc522CardReader(
                SpiDevice.Create(Mfrc522CardReader.CreateSpiSettings(Board.SpiBus, Board.RfidChipSelect)),
                Board.RfidReset,
                gpio);
            RtcClock clock = new RtcClock();

            Screen screen = new Screen();
            screen.Set("Loyalty terminal", "Starting...", string.Empty, string.Empty);
            display.Show(screen);

            // The ledger and the provisioning files share the LittleFS folder (provisioning's names start with 'p').
            LittleFsLedgerStore store = new LittleFsLedgerStore(Board.DriveRoot, Board.LedgerFolder, Board.FlashPartitionBytes);
            Terminal.Core.Ledger.Ledger ledger = new Terminal.Core.Ledger.Ledger(store, Board.LargeFlash ? LedgerOptions.Large() : LedgerOptions.Small());
            try
            {
                ledger.Mount();
            }
            catch (Exception e)
            {
                // Nothing can be recorded without a ledger: say so and stay put for the technician.
                screen.Set("Ledger error", e.Message, "Call service", string.Empty);
                display.Show(screen);
                indicator.Signal(Terminal.Core.Ports.Signal.Error);
                Thread.Sleep(Timeout.Infinite);
            }

            // Provisioning on the service port (COM2, docs/provisioning.md), as tools/Terminal.Provision.DeviceSim composes it.
            ServicePortAdapter servicePort = new ServicePortAdapter(Board.ServiceRx, Board.ServiceTx, ServiceBaud);
            WifiStationAdapter wifi = new WifiStationAdapter();
            LedgerDiagnostics diagnostics = new LedgerDiagnostics(ledger, FirmwareVersion);
            ProvisioningService provisioning = new ProvisioningService(
                servicePort, store, wifi, diagnostics, clock, new DeviceIdentity("loyalty-terminal", FirmwareVersion, "ESP32-WROVER", "loyalty-terminal"));
            provisioning.Start();
            ServiceLog log = new ServiceLog(provisioning, diagnostics);
            log.Info("boot: loyalty-terminal " + FirmwareVersion + ", provisioning service ready");

            // Counter settings and card keys from the provisioned configuration.
            TerminalSettings settings = new TerminalSettings();
            Keyring keyring = new Keyring();
            ProvisioningHost host = new ProvisioningHost(provisioning, settings, keyring, clock, log);
            host.ApplyConfig();
            CardAuthenticator authenticator = new CardAuthenticator(keyring, new NanoCredentialCrypto());

            screen.Set("Loyalty terminal", "Joining Wi-Fi...", string.Empty, string.Empty);
            display.Show(screen);
            StoredNetwork.Join(wifi, provisioning.Config, log);

            TapFlow flow = new TapFlow(ledger, EarnRules.Default(), VoucherCatalog.Default(), settings, display, indicator, clock);

            // Every tap checks the retailer's signed credential on the NTAG (docs/security.md); the
            // reader hands the tapped card to the flow (Mfrc522CardReader implements ISecureCardReader).
            flow.Authenticator = authenticator;

            // Cloud sync over M2Mqtt; rules and catalogue reach the flow between sales (CloudSync.Poll).
            CloudSync cloud = new CloudSync(provisioning.Config, provisioning, ledger, clock, diagnostics, log, FirmwareVersion);
            flow.RedemptionGuard = cloud.Guard;

            while (true)
            {
                flow.Step(keypad, reader);
                host.Poll(flow, cloud);
                cloud.Poll(flow);
                Thread.Sleep(LoopPauseMs);
            }
        }

        // Every bus pin is set before its bus is opened; nanoFramework's ESP32 defaults do not match
        // this board (Board's summary).
        private static void RoutePins()
        {
            Configuration.SetPinFunction(Board.RfidSck, DeviceFunction.SPI1_CLOCK);
            Configuration.SetPinFunction(Board.RfidMiso, DeviceFunction.SPI1_MISO);
            Configuration.SetPinFunction(Board.RfidMosi, DeviceFunction.SPI1_MOSI);
            Configuration.SetPinFunction(Board.OledSda, DeviceFunction.I2C1_DATA);
            Configuration.SetPinFunction(Board.OledScl, DeviceFunction.I2C1_CLOCK);
            Configuration.SetPinFunction(Board.ServiceTx, DeviceFunction.COM2_TX);
            Configuration.SetPinFunction(Board.ServiceRx, DeviceFunction.COM2_RX);
        }
    }
}
