using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace DeviceCheck;

/// <summary>One line of an API list: a doc ID, its type column and flags, and the assembly it is in.</summary>
internal sealed record ApiEntry(string Id, string Type, string Flags, string Assembly)
{
    public bool HasFlag(string flag) => Flags.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(flag);
}

/// <summary>The nanoFramework 1.x API lists (../shared/nanoframework-api/*.txt), indexed by doc ID.</summary>
internal sealed class ApiIndex
{
    private readonly Dictionary<string, ApiEntry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ApiEntry>> _methodsByName = new(StringComparer.Ordinal);

    private ApiIndex(string directory)
    {
        Directory = directory;
    }

    public string Directory { get; }

    /// <summary>Assembly name → the assemblies its header says it references.</summary>
    public Dictionary<string, string[]> References { get; } = new(StringComparer.Ordinal);

    public static ApiIndex Load(string directory)
    {
        var index = new ApiIndex(directory);
        foreach (string file in System.IO.Directory.GetFiles(directory, "*.txt").OrderBy(f => f, StringComparer.Ordinal))
        {
            string assembly = Path.GetFileNameWithoutExtension(file);
            foreach (string line in File.ReadLines(file))
            {
                if (line.StartsWith("# references", StringComparison.Ordinal))
                {
                    index.References[assembly] = line.Substring("# references".Length)
                        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    continue;
                }

                if (line.Length == 0 || line[0] == '#')
                {
                    continue;
                }

                string[] parts = line.Split('\t');
                var entry = new ApiEntry(parts[0], parts.Length > 1 ? parts[1] : string.Empty, parts.Length > 2 ? parts[2] : string.Empty, assembly);

                // A type can appear in two lists (a binding re-declaring a helper); the first one wins.
                index._entries.TryAdd(entry.Id, entry);
                if (entry.Id.StartsWith("M:", StringComparison.Ordinal))
                {
                    string key = MethodKey(entry.Id);
                    if (!index._methodsByName.TryGetValue(key, out List<ApiEntry>? list))
                    {
                        list = new List<ApiEntry>();
                        index._methodsByName[key] = list;
                    }

                    list.Add(entry);
                }
            }
        }

        if (index._entries.Count == 0)
        {
            throw new InvalidOperationException("no API entries found in " + directory);
        }

        return index;
    }

    /// <summary>
    /// Finds a doc ID as the shared README defines compatibility: listed as is, listed on a base type
    /// (walking the type column), or a listed overload that takes the trailing arguments as params.
    /// </summary>
    public ApiEntry? Resolve(string id)
    {
        if (_entries.TryGetValue(id, out ApiEntry? entry))
        {
            return entry;
        }

        return ResolveOnBase(id) ?? ResolveParams(id);
    }

    public bool Contains(string id) => _entries.ContainsKey(id);

    private ApiEntry? ResolveOnBase(string id)
    {
        if (id.Length < 2 || id[0] == 'T')
        {
            return null;
        }

        string prefix = id.Substring(0, 2);
        string body = id.Substring(2);
        int paren = body.IndexOf('(');
        string name = paren < 0 ? body : body.Substring(0, paren);
        int dot = name.LastIndexOf('.');
        if (dot < 0)
        {
            return null;
        }

        string type = name.Substring(0, dot);
        string member = body.Substring(dot + 1);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (_entries.TryGetValue("T:" + type, out ApiEntry? typeEntry) && seen.Add(type))
        {
            string baseType = typeEntry.Type.Split(',')[0];
            if (baseType.Length == 0)
            {
                return null;
            }

            if (_entries.TryGetValue(prefix + baseType + "." + member, out ApiEntry? found))
            {
                return found;
            }

            type = baseType;
        }

        return null;
    }

    private ApiEntry? ResolveParams(string id)
    {
        if (!id.StartsWith("M:", StringComparison.Ordinal) || !_methodsByName.TryGetValue(MethodKey(id), out List<ApiEntry>? candidates))
        {
            return null;
        }

        string[] called = Parameters(id);
        foreach (ApiEntry candidate in candidates.Where(c => c.HasFlag("params")))
        {
            string[] listed = Parameters(candidate.Id);
            if (listed.Length == 0 || called.Length < listed.Length - 1 || !listed[^1].EndsWith("[]", StringComparison.Ordinal))
            {
                continue;
            }

            bool leadingMatch = true;
            for (int i = 0; i < listed.Length - 1; i++)
            {
                leadingMatch &= listed[i] == called[i];
            }

            // The trailing arguments go into the params array; an object[] takes anything.
            string element = listed[^1].Substring(0, listed[^1].Length - 2);
            bool trailingMatch = true;
            for (int i = listed.Length - 1; i < called.Length; i++)
            {
                trailingMatch &= element == "System.Object" || called[i] == element;
            }

            if (leadingMatch && trailingMatch)
            {
                return candidate;
            }
        }

        return null;
    }

    private static string MethodKey(string id)
    {
        int paren = id.IndexOf('(');
        return paren < 0 ? id : id.Substring(0, paren);
    }

    private static string[] Parameters(string id)
    {
        int open = id.IndexOf('(');
        if (open < 0)
        {
            return Array.Empty<string>();
        }

        // Doc-ID parameter lists of 1.x have no generic arguments, so a plain split is exact.
        return id.Substring(open + 1, id.LastIndexOf(')') - open - 1).Split(',');
    }
}
