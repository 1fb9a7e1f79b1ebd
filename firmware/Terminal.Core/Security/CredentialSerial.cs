namespace Terminal.Core.Security
{
    /// <summary>
    /// The 32-bit card serial a terminal issues at enrolment: the issuing terminal's number in the
    /// top 12 bits and that terminal's credential sequence in the low 20 bits. It fits the
    /// <c>Transaction.Reference</c> of the Enrol record, which is how the cloud learns which serials
    /// were issued (and flags a card carrying one it never saw: a card minted with a stolen key).
    /// </summary>
    public static class CredentialSerial
    {
        /// <summary>Largest terminal number (12 bits).</summary>
        public const int MaxTerminal = 4095;

        /// <summary>Largest per-terminal sequence (20 bits: over a million cards per terminal).</summary>
        public const int MaxSequence = 1048575;

        /// <summary>Composes a serial; both parts start at 1 (0 means "none").</summary>
        public static uint Make(int terminalNumber, int sequence)
        {
            if (terminalNumber < 1 || terminalNumber > MaxTerminal)
            {
                throw new System.ArgumentOutOfRangeException("terminalNumber");
            }

            if (sequence < 1 || sequence > MaxSequence)
            {
                throw new System.ArgumentOutOfRangeException("sequence");
            }

            return ((uint)terminalNumber << 20) | (uint)sequence;
        }

        /// <summary>The issuing terminal's number.</summary>
        public static int TerminalOf(uint serial)
        {
            return (int)(serial >> 20);
        }

        /// <summary>The issuing terminal's credential sequence.</summary>
        public static int SequenceOf(uint serial)
        {
            return (int)(serial & MaxSequence);
        }

        /// <summary>Readable form, for example "0007-0000123".</summary>
        public static string Format(uint serial)
        {
            return TerminalOf(serial).ToString("D4") + "-" + SequenceOf(serial).ToString("D7");
        }
    }
}
