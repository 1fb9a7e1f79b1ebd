namespace Terminal.Core.Provisioning
{
    /// <summary>First payload byte of every vendor response.</summary>
    public enum VendorStatus : byte
    {
        /// <summary>Done; command-specific data follows.</summary>
        Ok = 0x00,

        /// <summary>The request frame failed its CRC; nothing was done.</summary>
        BadChecksum = 0x01,

        /// <summary>The request announced more payload than the device accepts; nothing was done.</summary>
        TooLong = 0x02,

        /// <summary>The command byte is not known.</summary>
        UnknownCommand = 0x03,

        /// <summary>The payload does not match the command's layout.</summary>
        Malformed = 0x04,

        /// <summary>The setting key is not known.</summary>
        UnknownKey = 0x05,

        /// <summary>The value or the combination of values is not acceptable; a reason follows.</summary>
        Rejected = 0x06,

        /// <summary>No session: send Begin first (or the session expired).</summary>
        NoSession = 0x07,

        /// <summary>The flash store failed; a reason follows. The old configuration is still in force.</summary>
        StoreFailed = 0x08,

        /// <summary>The reset token is wrong or expired.</summary>
        BadToken = 0x09,

        /// <summary>A certificate chunk is not where the device expects one; the expected offset follows.</summary>
        BadOffset = 0x0A,
    }
}
