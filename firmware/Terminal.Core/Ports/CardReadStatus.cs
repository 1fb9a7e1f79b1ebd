namespace Terminal.Core.Ports
{
    /// <summary>Outcome of one poll of the card reader.</summary>
    public enum CardReadStatus
    {
        /// <summary>No card in the field.</summary>
        NoCard = 0,

        /// <summary>A card answered and its whole UID was read.</summary>
        Present = 1,

        /// <summary>A card answered but left the field before the read completed.</summary>
        Torn = 2,
    }
}
