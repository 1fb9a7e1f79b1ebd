namespace Terminal.Core.Provisioning
{
    /// <summary>What a factory reset wipes besides the loyalty settings (bit flags).</summary>
    public static class ResetScope
    {
        /// <summary>Loyalty settings only: Wi-Fi and the CA certificate survive.</summary>
        public const byte SettingsOnly = 0x00;

        /// <summary>Also forget the Wi-Fi credentials.</summary>
        public const byte Wifi = 0x01;

        /// <summary>Also delete the CA certificate.</summary>
        public const byte Certificate = 0x02;

        /// <summary>Every valid bit.</summary>
        public const byte All = Wifi | Certificate;
    }
}
