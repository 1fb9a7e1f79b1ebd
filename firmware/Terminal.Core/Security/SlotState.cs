namespace Terminal.Core.Security
{
    /// <summary>What one credential slot holds (internal to the authenticator).</summary>
    internal enum SlotState
    {
        /// <summary>Not a record of ours (blank, factory NDEF, or someone else's data).</summary>
        Empty = 0,

        /// <summary>A record whose MAC verifies with the current key.</summary>
        Current = 1,

        /// <summary>A record whose MAC verifies with the previous key.</summary>
        Previous = 2,

        /// <summary>Our format, MAC wrong, UID tag right: forged or edited.</summary>
        BadMac = 3,

        /// <summary>Our format, UID tag of another card.</summary>
        Moved = 4,

        /// <summary>Our format, key version not held.</summary>
        UnknownKey = 5,
    }
}
