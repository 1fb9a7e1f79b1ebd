using System;
using System.Device.Gpio;
using System.Device.I2c;
using System.Device.Spi;
using System.Threading;
using nanoFramework.Hardware.Esp32;
using Terminal.Core.Config;
using Terminal.Core.Flow;
using Terminal.Core.Ledger;
using Terminal.Core.Rules;
using Terminal.Device.CardReader;
using Terminal.Device.Clock;
using Terminal.Device.Display;
using Terminal.Device.Indicator;
using Terminal.Device.Keypad;
using Terminal.Device.Storage;

namespace Terminal.Device
{
    /// <summary>
    /// Entry point: routes the pins, builds the adapters, mounts the ledger and runs the tap flow.
    /// It only composes; behaviour lives in Terminal.Core and the adapters.
    /// </summary>
    public static class Program
    {
        // One main-loop turn: a keypad scan, one card poll, the flow's state machine, then this pause.
        private const int LoopPauseMs = 20;

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

            // Provisioning plugs in here (serial on Board.ServicePort, owned by the provisioning adapter):
            // it loads the provisioned settings instead of these defaults.
            TerminalSettings settings = new TerminalSettings();

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

            // Cloud sync plugs in here (M2Mqtt over Wi-Fi, owned by the sync adapter): it also sets the
            // wall clock by SNTP and replaces flow.Rules / flow.Catalog between taps.
            TapFlow flow = new TapFlow(ledger, EarnRules.Default(), VoucherCatalog.Default(), settings, display, indicator, clock);

            while (true)
            {
                flow.Step(keypad, reader);
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
