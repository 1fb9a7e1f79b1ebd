namespace Terminal.Core.Tests.Fakes
{
    /// <summary>One call on an <see cref="Terminal.Core.Ports.ILedgerStore"/>, as the simulated flash counts and traces it.</summary>
    public enum StoreOperation
    {
        /// <summary>Exists(name).</summary>
        Exists = 0,

        /// <summary>Length(name).</summary>
        Length = 1,

        /// <summary>Read(name, position, count).</summary>
        Read = 2,

        /// <summary>Append(name, count): open, write, close.</summary>
        Append = 3,

        /// <summary>Create(name, count): open (synced empty), write, close.</summary>
        Create = 4,

        /// <summary>Rename(name, to).</summary>
        Rename = 5,

        /// <summary>Delete(name).</summary>
        Delete = 6,

        /// <summary>List(prefix).</summary>
        List = 7,

        /// <summary>FreeBytes (a file-system size query).</summary>
        FreeBytes = 8,
    }
}
