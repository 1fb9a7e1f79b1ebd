namespace Terminal.Core.Security
{
    /// <summary>What a tap proved about the card's credential.</summary>
    public enum CardOutcome
    {
        /// <summary>Nothing decided yet.</summary>
        None = 0,

        /// <summary>A record signed with the current key, and the card knows its password: the sale proceeds.</summary>
        Valid = 1,

        /// <summary>Valid, but signed with the previous key version: the sale proceeds and the card is re-signed.</summary>
        NeedsResign = 2,

        /// <summary>No credential on the card and its UID is new: it may be enrolled.</summary>
        Blank = 3,

        /// <summary>"Card not recognised": see <see cref="CardCheck.Reason"/>; only a security event is recorded.</summary>
        Invalid = 4,

        /// <summary>The card left the field before the answer was complete; nothing is decided or recorded.</summary>
        Torn = 5,
    }
}
