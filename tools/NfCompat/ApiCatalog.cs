using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace NfCompat;

/// <summary>Raised when the API folder is missing, empty or malformed: the check must not pass then.</summary>
internal sealed class ApiCatalogException : Exception
{
    public ApiCatalogException(string message)
        : base(message)
    {
    }
}

/// <summary>A type line of an API list: <c>T:Name&lt;TAB&gt;Base,Interfaces&lt;TAB&gt;flags</c>.</summary>
internal sealed class ApiType
{
    public ApiType(string name, IReadOnlyList<string> bases, IReadOnlySet<string> flags, string assembly)
    {
        Name = name;
        Bases = bases;
        Flags = flags;
        Assembly = assembly;
    }

    public string Name { get; }

    /// <summary>Base type first (for classes), then interfaces; empty for System.Object.</summary>
    public IReadOnlyList<string> Bases { get; }

    public IReadOnlySet<string> Flags { get; }

    public string Assembly { get; }

    public bool IsDelegate => Flags.Contains("delegate");
}

/// <summary>A member line of an API list, with its ID split into parts.</summary>
internal sealed class ApiMember
{
    public ApiMember(string id, char kind, string type, string name, IReadOnlyList<string> parameters, IReadOnlySet<string> flags, string assembly)
    {
        Id = id;
        Kind = kind;
        Type = type;
        Name = name;
        Parameters = parameters;
        Flags = flags;
        Assembly = assembly;
    }

    public string Id { get; }

    public char Kind { get; }

    public string Type { get; }

    /// <summary>Escaped member name, including a generic-arity suffix (<c>Foo``1</c>) if any.</summary>
    public string Name { get; }

    public IReadOnlyList<string> Parameters { get; }

    public IReadOnlySet<string> Flags { get; }

    public string Assembly { get; }
}

/// <summary>How a referenced member was found in the lists.</summary>
internal enum MatchKind
{
    /// <summary>The exact ID is listed.</summary>
    Exact,

    /// <summary>The exact ID is listed on a base type or interface.</summary>
    Inherited,

    /// <summary>A listed overload takes the trailing arguments as a <c>params</c> array.</summary>
    Params,

    /// <summary>A listed overload has extra trailing optional parameters.</summary>
    Optional,
}

/// <summary>The outcome of a successful lookup.</summary>
internal sealed class MemberMatch
{
    public MemberMatch(MatchKind kind, string id, string assembly)
    {
        Kind = kind;
        Id = id;
        Assembly = assembly;
    }

    public MatchKind Kind { get; }

    /// <summary>The listed ID the reference resolved to.</summary>
    public string Id { get; }

    /// <summary>The nanoFramework assembly (list file) that provides it.</summary>
    public string Assembly { get; }
}

/// <summary>A member reference to look up: the parts of its documentation ID.</summary>
internal sealed class MemberQuery
{
    public MemberQuery(char kind, string type, string name, IReadOnlyList<string> parameters, string? returnType = null)
    {
        Kind = kind;
        Type = type;
        Name = name;
        Parameters = parameters;
        ReturnType = returnType;
    }

    /// <summary>'M' (method) or 'F' (field).</summary>
    public char Kind { get; }

    public string Type { get; }

    /// <summary>Escaped member name with generic-arity suffix, e.g. <c>#ctor</c>, <c>get_Length</c>, <c>Empty``1</c>.</summary>
    public string Name { get; }

    public IReadOnlyList<string> Parameters { get; }

    /// <summary>Only used for conversion operators (<c>~Return</c>).</summary>
    public string? ReturnType { get; }

    public string Id => Compose(Type);

    /// <summary>The ID this query would have if the member were declared on <paramref name="type"/>.</summary>
    public string Compose(string type)
    {
        if (Kind == 'F')
        {
            return "F:" + type + "." + Name;
        }

        var sb = new System.Text.StringBuilder();
        sb.Append(Kind).Append(':').Append(type).Append('.').Append(Name);
        MetadataNames.AppendParameters(sb, Parameters);
        if (ReturnType != null && (Name == "op_Implicit" || Name == "op_Explicit"))
        {
            sb.Append('~').Append(ReturnType);
        }

        return sb.ToString();
    }
}

/// <summary>
/// The union of all ../shared/nanoframework-api/*.txt lists, with the lookups the compatibility rules
/// need: exact IDs, a type's base-type chain, and the overloads of a method name.
/// </summary>
internal sealed class ApiCatalog
{
    private readonly Dictionary<string, string> _idToAssembly = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ApiType> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ApiMember>> _overloads = new(StringComparer.Ordinal);
    private readonly List<string> _assemblies = new();

    private ApiCatalog()
    {
    }

    /// <summary>Names of the list files (nanoFramework assemblies) that were loaded.</summary>
    public IReadOnlyList<string> Assemblies => _assemblies;

    /// <summary>Number of distinct IDs in the union.</summary>
    public int Count => _idToAssembly.Count;

    /// <summary>Loads every <c>*.txt</c> in <paramref name="directory"/>; throws when there is nothing usable.</summary>
    public static ApiCatalog Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new ApiCatalogException("nanoFramework API folder not found: " + directory);
        }

        string[] files = Directory.GetFiles(directory, "*.txt");
        Array.Sort(files, StringComparer.Ordinal);
        if (files.Length == 0)
        {
            throw new ApiCatalogException("nanoFramework API folder has no *.txt lists: " + directory);
        }

        var catalog = new ApiCatalog();
        foreach (string file in files)
        {
            string assembly = Path.GetFileNameWithoutExtension(file);
            catalog.AddList(assembly, File.ReadLines(file), file);
        }

        catalog.Validate(directory);
        return catalog;
    }

    /// <summary>Builds a catalog from in-memory lists (assembly name -> lines), for tests.</summary>
    public static ApiCatalog FromLists(IEnumerable<KeyValuePair<string, string[]>> lists)
    {
        var catalog = new ApiCatalog();
        foreach (KeyValuePair<string, string[]> list in lists)
        {
            catalog.AddList(list.Key, list.Value, list.Key);
        }

        return catalog;
    }

    /// <summary>True when the ID is listed in any list.</summary>
    public bool Contains(string id) => _idToAssembly.ContainsKey(id);

    /// <summary>The list (assembly) an ID comes from, or null.</summary>
    public string? AssemblyOf(string id) => _idToAssembly.TryGetValue(id, out string? a) ? a : null;

    /// <summary>The type entry for a type name (without <c>T:</c>), or null.</summary>
    public ApiType? FindType(string name) => _types.TryGetValue(name, out ApiType? t) ? t : null;

    /// <summary>Listed methods with this declaring type and escaped name.</summary>
    public IReadOnlyList<ApiMember> Overloads(string type, string name) =>
        _overloads.TryGetValue(type + "|" + name, out List<ApiMember>? list) ? list : Array.Empty<ApiMember>();

    /// <summary>
    /// The type itself followed by its listed base types and interfaces, breadth first. A type that is
    /// not listed yields only itself.
    /// </summary>
    public IEnumerable<string> SelfAndAncestors(string type)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { type };
        var queue = new Queue<string>();
        queue.Enqueue(type);
        while (queue.Count > 0)
        {
            string current = queue.Dequeue();
            yield return current;
            if (_types.TryGetValue(current, out ApiType? t))
            {
                foreach (string b in t.Bases)
                {
                    if (seen.Add(b))
                    {
                        queue.Enqueue(b);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Applies the compatibility rules of ../shared/nanoframework-api/README.md to a member reference:
    /// listed exactly, listed on a base type, or a listed overload that takes the trailing arguments as a
    /// <c>params</c> array or has extra trailing optional parameters. Returns null when none applies.
    /// </summary>
    public MemberMatch? ResolveMember(MemberQuery query)
    {
        // Constructors are not inherited: a base-class constructor is no substitute.
        bool walkBases = query.Name != "#ctor" && query.Name != "#cctor";
        IEnumerable<string> types = walkBases ? SelfAndAncestors(query.Type) : new[] { query.Type };
        foreach (string type in types)
        {
            string id = query.Compose(type);
            if (_idToAssembly.TryGetValue(id, out string? assembly))
            {
                return new MemberMatch(type == query.Type ? MatchKind.Exact : MatchKind.Inherited, id, assembly);
            }

            if (query.Kind != 'M')
            {
                continue;
            }

            foreach (ApiMember overload in Overloads(type, query.Name))
            {
                if (overload.Flags.Contains("params") && IsParamsEquivalent(query.Parameters, overload.Parameters))
                {
                    return new MemberMatch(MatchKind.Params, overload.Id, overload.Assembly);
                }

                if (overload.Flags.Contains("optional") && IsProperPrefix(query.Parameters, overload.Parameters))
                {
                    return new MemberMatch(MatchKind.Optional, overload.Id, overload.Assembly);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// True when <paramref name="listed"/> ends in <c>T[]</c> (its params array) and the reference passes
    /// the same leading parameters followed by zero or more arguments of type <c>T</c>: a .NET call to
    /// <c>Format(String,Object)</c> binds on the device to <c>Format(String,params Object[])</c>.
    /// </summary>
    internal static bool IsParamsEquivalent(IReadOnlyList<string> reference, IReadOnlyList<string> listed)
    {
        if (listed.Count == 0)
        {
            return false;
        }

        string last = listed[listed.Count - 1];
        if (!last.EndsWith("[]", StringComparison.Ordinal))
        {
            return false;
        }

        string element = last.Substring(0, last.Length - 2);
        int fixedCount = listed.Count - 1;
        if (reference.Count < fixedCount)
        {
            return false;
        }

        for (int i = 0; i < fixedCount; i++)
        {
            if (!string.Equals(reference[i], listed[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        for (int i = fixedCount; i < reference.Count; i++)
        {
            if (!string.Equals(reference[i], element, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// True when the reference's parameters are a strict prefix of the listed ones. The list only says a
    /// member "has default values", not which parameters: the missing trailing ones are assumed to be them.
    /// </summary>
    internal static bool IsProperPrefix(IReadOnlyList<string> reference, IReadOnlyList<string> listed)
    {
        if (reference.Count >= listed.Count)
        {
            return false;
        }

        for (int i = 0; i < reference.Count; i++)
        {
            if (!string.Equals(reference[i], listed[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Splits <c>A,B{C,D},E[0:,0:]</c> at top-level commas.</summary>
    internal static List<string> SplitParameters(string list)
    {
        var result = new List<string>();
        if (list.Length == 0)
        {
            return result;
        }

        int depth = 0;
        int start = 0;
        for (int i = 0; i < list.Length; i++)
        {
            char c = list[i];
            if (c == '{' || c == '[' || c == '(')
            {
                depth++;
            }
            else if (c == '}' || c == ']' || c == ')')
            {
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                result.Add(list.Substring(start, i - start));
                start = i + 1;
            }
        }

        result.Add(list.Substring(start));
        return result;
    }

    /// <summary>
    /// Splits a member ID (<c>M:Ns.Type.Name(P1,P2)~R</c>) into declaring type, escaped name and parameters.
    /// Returns false for IDs that are not member IDs.
    /// </summary>
    internal static bool TryParseMemberId(string id, out char kind, out string type, out string name, out List<string> parameters)
    {
        kind = '\0';
        type = string.Empty;
        name = string.Empty;
        parameters = new List<string>();
        if (id.Length < 3 || id[1] != ':' || id[0] == 'T')
        {
            return false;
        }

        kind = id[0];
        string body = id.Substring(2);
        int paren = body.IndexOf('(');
        string head;
        if (paren >= 0)
        {
            int close = body.LastIndexOf(')');
            if (close < paren)
            {
                return false;
            }

            head = body.Substring(0, paren);
            parameters = SplitParameters(body.Substring(paren + 1, close - paren - 1));
        }
        else
        {
            int tilde = body.IndexOf('~');
            head = tilde >= 0 ? body.Substring(0, tilde) : body;
        }

        int dot = head.LastIndexOf('.');
        if (dot <= 0)
        {
            return false;
        }

        type = head.Substring(0, dot);
        name = head.Substring(dot + 1);
        return true;
    }

    private void AddList(string assembly, IEnumerable<string> lines, string source)
    {
        _assemblies.Add(assembly);
        int lineNumber = 0;
        foreach (string raw in lines)
        {
            lineNumber++;
            if (raw.Length == 0 || raw[0] == '#')
            {
                continue;
            }

            string[] fields = raw.Split('\t');
            if (fields.Length != 3)
            {
                throw new ApiCatalogException($"{source}:{lineNumber}: expected ID<TAB>type<TAB>flags, got: {raw}");
            }

            string id = fields[0];
            var flags = new HashSet<string>(fields[2].Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);

            // The same ID can sit in two lists (type forwarding between packages); the first list wins
            // for reporting, the rule outcome is the same.
            _idToAssembly.TryAdd(id, assembly);
            if (id.StartsWith("T:", StringComparison.Ordinal))
            {
                string typeName = id.Substring(2);
                string[] bases = fields[1].Length == 0 ? Array.Empty<string>() : SplitParameters(fields[1]).ToArray();
                _types.TryAdd(typeName, new ApiType(typeName, bases, flags, assembly));
                continue;
            }

            if (!TryParseMemberId(id, out char kind, out string type, out string name, out List<string> parameters))
            {
                throw new ApiCatalogException($"{source}:{lineNumber}: cannot parse documentation ID: {id}");
            }

            if (kind == 'M')
            {
                string key = type + "|" + name;
                if (!_overloads.TryGetValue(key, out List<ApiMember>? list))
                {
                    list = new List<ApiMember>();
                    _overloads.Add(key, list);
                }

                list.Add(new ApiMember(id, kind, type, name, parameters, flags, assembly));
            }
        }
    }

    // A folder that loads but cannot be the nanoFramework lists (e.g. the wrong directory passed with
    // --api) must not make everything look like a violation or, worse, pass: insist on the basics.
    private void Validate(string directory)
    {
        string[] required = { "T:System.Object", "M:System.Object.#ctor", "T:System.String" };
        foreach (string id in required)
        {
            if (!Contains(id))
            {
                throw new ApiCatalogException($"nanoFramework API folder {directory} does not list {id}: is it the right folder (mscorlib.txt missing?)");
            }
        }
    }
}
