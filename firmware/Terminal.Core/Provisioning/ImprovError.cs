namespace Terminal.Core.Provisioning
{
    /// <summary>Improv error codes (payload of an error-state packet).</summary>
    public enum ImprovError : byte
    {
        /// <summary>No error.</summary>
        None = 0x00,

        /// <summary>The RPC packet was malformed or failed its checksum.</summary>
        InvalidRpc = 0x01,

        /// <summary>The RPC command is not known.</summary>
        UnknownRpc = 0x02,

        /// <summary>The Wi-Fi credentials did not lead to a connection.</summary>
        UnableToConnect = 0x03,

        /// <summary>Anything else (for this terminal: the credentials could not be stored).</summary>
        Unknown = 0xFF,
    }
}
