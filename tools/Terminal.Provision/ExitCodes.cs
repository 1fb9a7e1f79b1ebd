namespace Terminal.Provision
{
    /// <summary>Exit codes: 0/1/2 as shells expect, the rest from BSD sysexits.h.</summary>
    public static class ExitCodes
    {
        /// <summary>Done.</summary>
        public const int Ok = 0;

        /// <summary>The terminal refused (rejected value, wrong token, Wi-Fi did not connect, flash failed).</summary>
        public const int Failed = 1;

        /// <summary>Bad command line.</summary>
        public const int Usage = 2;

        /// <summary>EX_DATAERR: the profile or certificate file is not valid.</summary>
        public const int DataError = 65;

        /// <summary>EX_NOINPUT: a file named on the command line does not exist.</summary>
        public const int NoInput = 66;

        /// <summary>EX_UNAVAILABLE: no answer from the terminal, or the port does not exist.</summary>
        public const int Unavailable = 69;

        /// <summary>EX_IOERR: frames arrived corrupted (checksum errors), or the port failed.</summary>
        public const int IoError = 74;

        /// <summary>EX_TEMPFAIL: the port is busy; retry when the other program let go.</summary>
        public const int TempFail = 75;

        /// <summary>EX_NOPERM: not allowed to open the port.</summary>
        public const int NoPermission = 77;
    }
}
