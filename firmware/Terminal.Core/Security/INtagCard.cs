namespace Terminal.Core.Security
{
    /// <summary>
    /// The NTAG21x card in the reader's field, one exchange per call, in the terms of the
    /// NXP NTAG213/215/216 datasheet §10 (command set). The card is already selected when the
    /// port is handed out; every call can end with <see cref="NtagStatus.Gone"/> because the
    /// shopper lifted it. Buffers are the caller's, so a tap allocates nothing.
    /// </summary>
    public interface INtagCard
    {
        /// <summary>GET_VERSION (§10.1): 8 bytes (vendor, product type, storage size...).</summary>
        NtagStatus GetVersion(byte[] buffer, int offset);

        /// <summary>READ (§10.2): the 4 pages (16 bytes) from <paramref name="page"/> on, rolling over
        /// to page 0 past the last page. The first READ of a tap increments the NFC counter when enabled.</summary>
        NtagStatus Read(byte page, byte[] buffer, int offset);

        /// <summary>WRITE (§10.4): 4 bytes into <paramref name="page"/>, answered by an ACK once programmed.</summary>
        NtagStatus Write(byte page, byte[] data, int offset);

        /// <summary>PWD_AUTH (§10.7): sends the 4-byte password; on success the card's 2-byte PACK is
        /// copied to <paramref name="pack"/>. The caller, not the card, decides whether the PACK is right.</summary>
        NtagStatus PasswordAuth(byte[] password, int offset, byte[] pack, int packOffset);

        /// <summary>READ_CNT (§10.6) of counter 02h: the 24-bit NFC counter (§8.6).</summary>
        NtagStatus ReadCounter(out uint counter);

        /// <summary>READ_SIG (§10.8): NXP's 32-byte originality signature over the UID (§8.8).</summary>
        NtagStatus ReadSignature(byte[] buffer, int offset);
    }
}
