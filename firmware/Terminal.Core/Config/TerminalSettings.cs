namespace Terminal.Core.Config
{
    /// <summary>Per-terminal settings the technician provisions (issue #5) with working defaults.</summary>
    public sealed class TerminalSettings
    {
        /// <summary>Creates settings with defaults for a demo terminal.</summary>
        public TerminalSettings()
        {
            TerminalId = "T0001";
            TerminalNumber = 1;
            CashierPin = "1234";
            CurrencySymbol = "EUR";
            CurrencyDecimals = 2;
            ResultTimeoutMs = 4000;
            BalanceTimeoutMs = 6000;
            ErrorTimeoutMs = 4000;
            EntryTimeoutMs = 60000;
            MaxPinAttempts = 3;
            PinLockoutMs = 60000;
            IdleMaintenanceMs = 10000;
        }

        /// <summary>Identity of this terminal within the tenant.</summary>
        public string TerminalId { get; set; }

        /// <summary>Number of this terminal in the tenant (1-4095), part of every card serial it issues.</summary>
        public int TerminalNumber { get; set; }

        /// <summary>PIN that authorises a void.</summary>
        public string CashierPin { get; set; }

        /// <summary>Currency code or symbol shown with amounts.</summary>
        public string CurrencySymbol { get; set; }

        /// <summary>Digits after the decimal point (2 for EUR, 0 for JPY).</summary>
        public int CurrencyDecimals { get; set; }

        /// <summary>How long a result stays on screen.</summary>
        public int ResultTimeoutMs { get; set; }

        /// <summary>How long a balance stays on screen.</summary>
        public int BalanceTimeoutMs { get; set; }

        /// <summary>How long an error stays on screen.</summary>
        public int ErrorTimeoutMs { get; set; }

        /// <summary>An unfinished entry is abandoned after this long without input.</summary>
        public int EntryTimeoutMs { get; set; }

        /// <summary>Wrong PINs before voids are locked.</summary>
        public int MaxPinAttempts { get; set; }

        /// <summary>How long voids stay locked.</summary>
        public int PinLockoutMs { get; set; }

        /// <summary>After this long idle, everything pending is folded into the card table.</summary>
        public int IdleMaintenanceMs { get; set; }
    }
}
