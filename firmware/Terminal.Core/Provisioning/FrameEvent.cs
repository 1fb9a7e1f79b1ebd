namespace Terminal.Core.Provisioning
{
    /// <summary>What <see cref="FrameReader.Next"/> found in the byte stream.</summary>
    public enum FrameEvent : byte
    {
        /// <summary>Nothing complete yet: push more bytes.</summary>
        None = 0,

        /// <summary>An intact Improv packet.</summary>
        Improv = 1,

        /// <summary>An intact vendor frame.</summary>
        Vendor = 2,

        /// <summary>Something shaped like an Improv packet whose checksum failed (its type byte is readable).</summary>
        ImprovChecksumError = 3,

        /// <summary>Something shaped like a vendor frame whose CRC failed (sequence and command are readable).</summary>
        VendorChecksumError = 4,

        /// <summary>A vendor header announcing more than <see cref="VendorCodec.MaxPayload"/> bytes.</summary>
        VendorTooLong = 5,

        /// <summary>A line of text that is not part of any frame (only when text is collected).</summary>
        TextLine = 6,
    }
}
