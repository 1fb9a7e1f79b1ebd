using System;
using System.IO;
using System.Linq;
using Terminal.Core.Ports;

namespace Terminal.Host;

/// <summary>
/// <see cref="ILedgerStore"/> on a PC directory with the device's contract: each mutating call
/// is made durable (fsync) before it returns, and rename refuses an existing target as
/// File.Move does on nanoFramework.
/// </summary>
public sealed class DirectoryLedgerStore : ILedgerStore
{
    private readonly string _root;

    /// <summary>Uses (and creates) <paramref name="directory"/>.</summary>
    public DirectoryLedgerStore(string directory)
    {
        _root = Path.GetFullPath(directory);
        Directory.CreateDirectory(_root);
    }

    /// <summary>The directory holding the ledger files.</summary>
    public string Root => _root;

    /// <summary>Free bytes reported to the ledger; defaults to the real disk's free space.</summary>
    public long? FreeBytesOverride { get; set; }

    /// <inheritdoc/>
    public long FreeBytes => FreeBytesOverride ?? new DriveInfo(_root).AvailableFreeSpace;

    /// <inheritdoc/>
    public bool Exists(string name) => File.Exists(PathOf(name));

    /// <inheritdoc/>
    public int Length(string name)
    {
        var info = new FileInfo(PathOf(name));
        return info.Exists ? checked((int)info.Length) : -1;
    }

    /// <inheritdoc/>
    public int Read(string name, int position, byte[] buffer, int offset, int count)
    {
        using var stream = new FileStream(PathOf(name), FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
        stream.Position = position;
        int total = 0;
        while (total < count)
        {
            int n = stream.Read(buffer, offset + total, count - total);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    /// <inheritdoc/>
    public void Append(string name, byte[] buffer, int offset, int count)
    {
        using var stream = new FileStream(PathOf(name), FileMode.Append, FileAccess.Write, FileShare.Read, 1, FileOptions.None);
        stream.Write(buffer, offset, count);
        stream.Flush(flushToDisk: true);
    }

    /// <inheritdoc/>
    public void Create(string name, byte[] buffer, int offset, int count)
    {
        using var stream = new FileStream(PathOf(name), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        stream.Write(buffer, offset, count);
        stream.Flush(flushToDisk: true);
    }

    /// <inheritdoc/>
    public void Rename(string from, string to) => File.Move(PathOf(from), PathOf(to), overwrite: false);

    /// <inheritdoc/>
    public void Delete(string name) => File.Delete(PathOf(name));

    /// <inheritdoc/>
    public string[] List(string prefix) =>
        Directory.EnumerateFiles(_root, prefix + "*").Select(Path.GetFileName).OfType<string>().ToArray();

    private string PathOf(string name)
    {
        if (name.Length == 0 || name.IndexOfAny(['/', '\\', ':']) >= 0 || name.StartsWith('.'))
        {
            throw new ArgumentException("ledger file names are flat: " + name, nameof(name));
        }

        return Path.Combine(_root, name);
    }
}
