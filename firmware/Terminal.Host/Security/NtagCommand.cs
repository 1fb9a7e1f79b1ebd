namespace Terminal.Host.Security;

/// <summary>An NTAG21x command, as the cost model prices it.</summary>
public enum NtagCommand
{
    /// <summary>GET_VERSION (60h).</summary>
    GetVersion,

    /// <summary>READ (30h), 16 bytes.</summary>
    Read,

    /// <summary>WRITE (A2h), one page, answered by an ACK once programmed.</summary>
    Write,

    /// <summary>PWD_AUTH (1Bh).</summary>
    PasswordAuth,

    /// <summary>READ_CNT (39h).</summary>
    ReadCounter,

    /// <summary>READ_SIG (3Ch).</summary>
    ReadSignature,
}
