namespace Terminal.Core.Ledger
{
    /// <summary>A card's account as the terminal knows it (card table plus journal not yet folded in).</summary>
    public sealed class CardState
    {
        /// <summary>Card flag: the cloud blocked this card.</summary>
        public const byte FlagBlocked = 0x01;

        /// <summary>True when the card has an account.</summary>
        public bool Exists { get; set; }

        /// <summary>Points balance.</summary>
        public int Balance { get; set; }

        /// <summary>Bit n set: once-per-card voucher n+1 was used.</summary>
        public ushort VouchersUsed { get; set; }

        /// <summary>Flag bits (<see cref="FlagBlocked"/>).</summary>
        public byte Flags { get; set; }

        /// <summary>True when the cloud blocked this card.</summary>
        public bool Blocked
        {
            get { return (Flags & FlagBlocked) != 0; }
        }

        /// <summary>Resets to "no account".</summary>
        public void Clear()
        {
            Exists = false;
            Balance = 0;
            VouchersUsed = 0;
            Flags = 0;
        }
    }
}
