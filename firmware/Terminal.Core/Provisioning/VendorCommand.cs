namespace Terminal.Core.Provisioning
{
    /// <summary>Commands of the loyalty (vendor) frames; payloads are described in docs/provisioning.md.</summary>
    public enum VendorCommand : byte
    {
        /// <summary>Protocol version, limits and identity.</summary>
        Hello = 0x01,

        /// <summary>Starts a configuration session, discarding anything staged before.</summary>
        Begin = 0x02,

        /// <summary>Stages one setting: key, value.</summary>
        Set = 0x03,

        /// <summary>Reads one committed setting (secrets read as "set" / "not set").</summary>
        Get = 0x04,

        /// <summary>Lists the setting keys.</summary>
        Keys = 0x05,

        /// <summary>Applies everything staged in one atomic step.</summary>
        Commit = 0x06,

        /// <summary>Discards everything staged.</summary>
        Abort = 0x07,

        /// <summary>Announces a CA certificate upload: total length and CRC-32.</summary>
        CertBegin = 0x08,

        /// <summary>One piece of the certificate: offset, bytes.</summary>
        CertChunk = 0x09,

        /// <summary>Reads diagnostics as name/value pairs.</summary>
        Diagnostics = 0x0A,

        /// <summary>Asks for a factory-reset confirmation token.</summary>
        ResetRequest = 0x0B,

        /// <summary>Performs the factory reset when the token matches.</summary>
        ResetConfirm = 0x0C,
    }
}
