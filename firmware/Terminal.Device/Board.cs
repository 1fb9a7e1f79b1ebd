namespace Terminal.Device
{
    /// <summary>
    /// The one wiring of the terminal (hardware/README.md, hardware/pinmap.csv) and its flash size.
    /// Every pin is routed explicitly in <see cref="Program"/>: the defaults (for SPI1, MOSI 23 /
    /// MISO 25 / CLK 19 per the Mfrc522 binding's README) do not match this board, and the UART pins
    /// 16/17 that many ESP32 tables show belong to the PSRAM of a WROVER module.
    /// tools/DeviceCheck fails when this file and hardware/pinmap.csv disagree.
    /// </summary>
    public static class Board
    {
        // MFRC522 on the ESP32's VSPI pins (IO_MUX pins of that controller, the wiring most RC522
        // guides show), driven as nanoFramework bus SPI1.

        /// <summary>nanoFramework SPI bus the reader is on (pins routed as SPI1_*).</summary>
        public const int SpiBus = 1;

        /// <summary>MFRC522 SCK.</summary>
        public const int RfidSck = 18;

        /// <summary>MFRC522 MISO.</summary>
        public const int RfidMiso = 19;

        /// <summary>MFRC522 MOSI.</summary>
        public const int RfidMosi = 23;

        /// <summary>MFRC522 SDA/NSS (chip select, driven by the SPI driver). GPIO5 is a strapping pin
        /// with an internal pull-up; NSS is an input, so it stays high and the boot is not affected.</summary>
        public const int RfidChipSelect = 5;

        /// <summary>MFRC522 RST (NRSTPD); LOW = hard power-down.</summary>
        public const int RfidReset = 4;

        // SSD1306 128x64 OLED on I2C1 at the ESP32's customary I2C pins.

        /// <summary>nanoFramework I2C bus of the display (pins routed as I2C1_*).</summary>
        public const int I2cBus = 1;

        /// <summary>SSD1306 SDA.</summary>
        public const int OledSda = 21;

        /// <summary>SSD1306 SCL.</summary>
        public const int OledScl = 22;

        // 4x4 membrane keypad: rows are driven, columns are read.

        /// <summary>Keypad row 1 (keys 1 2 3 A).</summary>
        public const int KeypadRow1 = 13;

        /// <summary>Keypad row 2 (keys 4 5 6 B).</summary>
        public const int KeypadRow2 = 14;

        /// <summary>Keypad row 3 (keys 7 8 9 C).</summary>
        public const int KeypadRow3 = 27;

        /// <summary>Keypad row 4 (keys * 0 # D).</summary>
        public const int KeypadRow4 = 26;

        /// <summary>Keypad column 1 (keys 1 4 7 *). Input-only pin: external 10 kΩ pull-up.</summary>
        public const int KeypadColumn1 = 34;

        /// <summary>Keypad column 2 (keys 2 5 8 0). Input-only pin: external 10 kΩ pull-up.</summary>
        public const int KeypadColumn2 = 35;

        /// <summary>Keypad column 3 (keys 3 6 9 #). Input-only pin: external 10 kΩ pull-up.</summary>
        public const int KeypadColumn3 = 36;

        /// <summary>Keypad column 4 (keys A B C D). Input-only pin: external 10 kΩ pull-up.</summary>
        public const int KeypadColumn4 = 39;

        /// <summary>Active buzzer, through an NPN low-side switch (HIGH = sound).</summary>
        public const int Buzzer = 25;

        /// <summary>Status LED to GND through 330 Ω (HIGH = on). GPIO2 must not be pulled high at
        /// boot; an LED to GND only pulls it low, which is what download mode needs.</summary>
        public const int Led = 2;

        // Service UART for provisioning: COM1 (GPIO1/3, the USB bridge) belongs to nanoFramework's
        // wire protocol (deploy and debug).

        /// <summary>Serial port the provisioning adapter opens.</summary>
        public const string ServicePort = "COM2";

        /// <summary>COM2 TX (to the technician's USB-UART RX).</summary>
        public const int ServiceTx = 32;

        /// <summary>COM2 RX (from the technician's USB-UART TX).</summary>
        public const int ServiceRx = 33;

        /// <summary>
        /// True on an 8 MB flash module (2 MiB LittleFS partition): selects LedgerOptions.Large().
        /// False on 4 MB (256 KiB partition shared with nanoFramework's own configuration): Small().
        /// </summary>
        public const bool LargeFlash = false;

        /// <summary>Size of the I: partition nf-interpreter lays out for this flash size.</summary>
        public const long FlashPartitionBytes = LargeFlash ? 2L * 1024 * 1024 : 256L * 1024;

        /// <summary>Root of the internal flash drive.</summary>
        public const string DriveRoot = "I:\\";

        /// <summary>Folder holding the ledger files, apart from nanoFramework's own files at the root.</summary>
        public const string LedgerFolder = "I:\\ledger";
    }
}
