namespace Terminal.Core.Sync
{
    /// <summary>Where the sync engine reports what it refused or could not do (serial console, test output).</summary>
    public interface ISyncLog
    {
        /// <summary>One line of diagnostics. Never contains credentials.</summary>
        void Write(string line);
    }
}
