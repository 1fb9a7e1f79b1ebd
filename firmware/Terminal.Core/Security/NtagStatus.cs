namespace Terminal.Core.Security
{
    /// <summary>How the card in the field answered one exchange.</summary>
    public enum NtagStatus
    {
        /// <summary>The card answered and the answer is in the caller's buffer.</summary>
        Ok = 0,

        /// <summary>
        /// The card answered with a NAK (wrong password, protected or missing page, unsupported
        /// command). NTAG213/215/216 datasheet §8.4 (state diagram): after a NAK the card falls back to IDLE or HALT, so
        /// nothing more is sent to it in this tap.
        /// </summary>
        Refused = 1,

        /// <summary>No answer: the card left the field (or never answered). A WRITE that ends like
        /// this may or may not have been programmed.</summary>
        Gone = 2,
    }
}
