namespace Terminal.Core.Ports
{
    /// <summary>
    /// Where the ledger lives: a flat set of named files with the device's LittleFS contract.
    /// Every mutating call is one durable commit (one close on the device): after it returns the
    /// change survives a power cut; if power is cut during it, the file is as it was before.
    /// Nothing is durable in between, so there is deliberately no open/write/flush API.
    /// </summary>
    public interface ILedgerStore
    {
        /// <summary>True when the file exists.</summary>
        bool Exists(string name);

        /// <summary>Length in bytes, or -1 when the file does not exist.</summary>
        int Length(string name);

        /// <summary>Reads up to <paramref name="count"/> bytes at <paramref name="position"/>; returns the count read.</summary>
        int Read(string name, int position, byte[] buffer, int offset, int count);

        /// <summary>Appends bytes, creating the file if needed: all of them become durable, or none.</summary>
        void Append(string name, byte[] buffer, int offset, int count);

        /// <summary>
        /// Creates a new file holding exactly these bytes. The name must not exist.
        /// On the device the empty file can survive a cut (nanoFramework syncs right after open),
        /// so callers treat a new file as valid only after checking its content.
        /// </summary>
        void Create(string name, byte[] buffer, int offset, int count);

        /// <summary>Atomic rename; throws when <paramref name="to"/> exists (as File.Move does on the device).</summary>
        void Rename(string from, string to);

        /// <summary>Deletes the file if it exists (atomic).</summary>
        void Delete(string name);

        /// <summary>Names of all files whose name starts with <paramref name="prefix"/>, in no particular order.</summary>
        string[] List(string prefix);

        /// <summary>Bytes still free for ledger data, as the file system accounts them (whole blocks).</summary>
        long FreeBytes { get; }
    }
}
