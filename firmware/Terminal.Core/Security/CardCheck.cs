namespace Terminal.Core.Security
{
    /// <summary>
    /// Everything one tap learnt about the card's credential. One instance is reused for every tap
    /// (the tap path allocates nothing); <see cref="CardAuthenticator"/> fills it.
    /// </summary>
    public sealed class CardCheck
    {
        private readonly byte[] _signature = new byte[Ntag21x.SignatureSize];

        /// <summary>Creates an empty check.</summary>
        public CardCheck()
        {
            Clear();
        }

        /// <summary>The verdict.</summary>
        public CardOutcome Outcome { get; internal set; }

        /// <summary>Why the card was refused (<see cref="CardOutcome.Invalid"/>), else <see cref="SecurityReason.None"/>.</summary>
        public SecurityReason Reason { get; internal set; }

        /// <summary>Key version of the accepted record (0 when none).</summary>
        public byte KeyVersion { get; internal set; }

        /// <summary>Card serial of the accepted record (0 when none).</summary>
        public uint Serial { get; internal set; }

        /// <summary>Issue day of the accepted record (days since 2020-01-01).</summary>
        public int IssueDay { get; internal set; }

        /// <summary>Slot of the accepted record: 0 = A, 1 = B, -1 = none.</summary>
        public int Slot { get; internal set; }

        /// <summary>True when <see cref="Counter"/> was read in this tap.</summary>
        public bool CounterRead { get; internal set; }

        /// <summary>The card's NFC counter as read in this tap (0 when not read).</summary>
        public uint Counter { get; internal set; }

        /// <summary>True when <see cref="Signature"/> holds the originality signature (read at enrolment).</summary>
        public bool SignatureRead { get; internal set; }

        /// <summary>NXP originality signature read at enrolment (32 bytes), for the cloud to verify.</summary>
        public byte[] Signature
        {
            get { return _signature; }
        }

        /// <summary>False once the card NAKed or vanished: it accepts nothing more in this tap.</summary>
        public bool SessionOpen { get; internal set; }

        /// <summary>State of slot A found by the last verify.</summary>
        internal SlotState SlotA { get; set; }

        /// <summary>State of slot B found by the last verify.</summary>
        internal SlotState SlotB { get; set; }

        /// <summary>Unix time of the start of the issue day.</summary>
        public uint IssueUnixSeconds
        {
            get { return CredentialLayout.DayEpoch + ((uint)IssueDay * 86400); }
        }

        /// <summary>Forgets everything.</summary>
        public void Clear()
        {
            Outcome = CardOutcome.None;
            Reason = SecurityReason.None;
            KeyVersion = 0;
            Serial = 0;
            IssueDay = 0;
            Slot = -1;
            CounterRead = false;
            Counter = 0;
            SignatureRead = false;
            System.Array.Clear(_signature, 0, _signature.Length);
            SessionOpen = true;
            SlotA = SlotState.Empty;
            SlotB = SlotState.Empty;
        }
    }
}
