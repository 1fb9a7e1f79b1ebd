using System;
using System.Collections.Generic;
using System.Linq;

namespace NfCompat;

/// <summary>One reference that is not available on nanoFramework 1.x.</summary>
internal sealed class Violation
{
    public Violation(string assembly, Reference reference, string? hint)
    {
        Assembly = assembly;
        Reference = reference;
        Hint = hint;
    }

    public string Assembly { get; }

    public Reference Reference { get; }

    public string? Hint { get; }

    public string DocId => Reference.DocId;

    /// <summary>The report line: <c>NFCOMPAT: asm: docId (used in A.B, C.D) -- hint</c>.</summary>
    public string Format(int maxSites = 8)
    {
        var sites = Reference.Sites.Take(maxSites).ToList();
        string where = string.Join(", ", sites);
        if (Reference.Sites.Count > maxSites)
        {
            where += ", +" + (Reference.Sites.Count - maxSites) + " more";
        }

        string line = "NFCOMPAT: " + Assembly + ": " + DocId + " (used in " + where + ")";
        return Hint == null ? line : line + " -- " + Hint;
    }
}

/// <summary>The outcome for one assembly.</summary>
internal sealed class AssemblyReport
{
    public AssemblyReport(string assembly, int checkedCount, IReadOnlyList<Violation> violations, IReadOnlyCollection<string> nanoAssemblies, int skipped, IReadOnlyList<string> resolutions)
    {
        Assembly = assembly;
        CheckedCount = checkedCount;
        Violations = violations;
        NanoAssemblies = nanoAssemblies;
        Skipped = skipped;
        Resolutions = resolutions;
    }

    public string Assembly { get; }

    /// <summary>Distinct external references that were checked.</summary>
    public int CheckedCount { get; }

    public IReadOnlyList<Violation> Violations { get; }

    /// <summary>nanoFramework assemblies (list files) that satisfied at least one reference.</summary>
    public IReadOnlyCollection<string> NanoAssemblies { get; }

    /// <summary>Rows skipped on purpose (SDK assembly attributes, compiler-embedded types).</summary>
    public int Skipped { get; }

    /// <summary>For <c>--list</c>: how every accepted reference was resolved, one line each.</summary>
    public IReadOnlyList<string> Resolutions { get; }
}

/// <summary>Applies the compatibility rules to the references of a scanned assembly.</summary>
internal sealed class CompatChecker
{
    private readonly ApiCatalog _catalog;

    public CompatChecker(ApiCatalog catalog) => _catalog = catalog;

    public AssemblyReport Check(ScanResult scan)
    {
        var violations = new List<Violation>();
        var usedLists = new SortedSet<string>(StringComparer.Ordinal);
        var resolutions = new List<string>();
        int checkedCount = 0;
        foreach (Reference reference in scan.References)
        {
            if (reference.Kind == ReferenceKind.Member && reference.IsGenericMethodDefinition)
            {
                // Only reachable through a MethodSpec, which is checked (and mapped) as a whole.
                continue;
            }

            checkedCount++;
            if (!IsCompatible(reference, out string? assembly, out string? hint, out string how))
            {
                violations.Add(new Violation(scan.AssemblyName, reference, hint ?? Hints.For(reference)));
                continue;
            }

            if (assembly != null)
            {
                usedLists.Add(assembly);
            }

            resolutions.Add("ok: " + scan.AssemblyName + ": " + reference.DocId + " -> " + how + (assembly == null ? string.Empty : " [" + assembly + "]"));
        }

        violations.Sort((a, b) => string.CompareOrdinal(a.Format(), b.Format()));
        resolutions.Sort(StringComparer.Ordinal);
        return new AssemblyReport(scan.AssemblyName, checkedCount, violations, usedLists, scan.Skipped, resolutions);
    }

    /// <summary>
    /// Decides one reference. <paramref name="assembly"/> is the nanoFramework list that provides it (if any);
    /// <paramref name="hint"/> overrides the generic advice; <paramref name="how"/> says which rule accepted it.
    /// </summary>
    internal bool IsCompatible(Reference reference, out string? assembly, out string? hint, out string how)
    {
        assembly = null;
        hint = null;
        how = string.Empty;
        switch (reference.Kind)
        {
            case ReferenceKind.Type:
                return IsTypeCompatible(reference, out assembly, out hint, out how);
            case ReferenceKind.Member:
                return IsMemberCompatible(reference, out assembly, out hint, out how);
            case ReferenceKind.GenericMethodInstance:
                return IsGenericMethodCompatible(reference, out assembly, out hint, out how);
            case ReferenceKind.GenericInstance:
            case ReferenceKind.GenericDefinition:
            case ReferenceKind.Unsupported:
                return false;
            default:
                throw new InvalidOperationException("Unknown reference kind " + reference.Kind);
        }
    }

    private bool IsTypeCompatible(Reference reference, out string? assembly, out string? hint, out string how)
    {
        assembly = null;
        hint = null;
        how = string.Empty;
        string name = reference.TypeName ?? throw new InvalidOperationException("type reference without name");
        if (TestFrameworkMap.HasNoEquivalent(name, out string advice))
        {
            hint = advice;
            return false;
        }

        string mapped = TestFrameworkMap.Map(name);
        assembly = _catalog.AssemblyOf("T:" + mapped);
        if (assembly != null)
        {
            how = "listed T:" + mapped;
            return true;
        }

        if (Allowlist.AllowsType(name, !reference.UsedOutsideAttributes, out string reason))
        {
            how = "allowlisted (" + reason + ")";
            return true;
        }

        if (TestFrameworkMap.IsMsTest(name))
        {
            hint = "no nanoFramework.TestFramework equivalent (looked for T:" + mapped + ")";
        }

        return false;
    }

    private bool IsMemberCompatible(Reference reference, out string? assembly, out string? hint, out string how)
    {
        assembly = null;
        hint = null;
        how = string.Empty;
        MemberQuery query = reference.Query ?? throw new InvalidOperationException("member reference without query");
        if (TestFrameworkMap.HasNoEquivalent(query.Type, out string advice))
        {
            hint = advice;
            return false;
        }

        MemberQuery mapped = TestFrameworkMap.Map(query);
        MemberMatch? match = _catalog.ResolveMember(mapped);
        if (match != null)
        {
            assembly = match.Assembly;
            how = match.Kind.ToString().ToLowerInvariant() + " " + match.Id;
            return true;
        }

        ApiType? type = _catalog.FindType(mapped.Type);
        if (Allowlist.IsDelegateRuntimeMember(mapped, type))
        {
            assembly = type!.Assembly;
            how = "runtime member of listed delegate T:" + mapped.Type;
            return true;
        }

        if (Allowlist.AllowsMember(query, !reference.UsedOutsideAttributes, out string reason))
        {
            how = "allowlisted (" + reason + ")";
            return true;
        }

        if (TestFrameworkMap.IsMsTest(query.Type))
        {
            hint = Hints.For(reference) ?? "no nanoFramework.TestFramework equivalent (looked for " + mapped.Id + ")";
        }

        return false;
    }

    private bool IsGenericMethodCompatible(Reference reference, out string? assembly, out string? hint, out string how)
    {
        assembly = null;
        hint = null;
        how = string.Empty;
        string targetType = reference.TargetType ?? throw new InvalidOperationException("MethodSpec without target");
        string targetName = reference.TargetName ?? throw new InvalidOperationException("MethodSpec without target");
        IReadOnlyList<TypeSig> parameters = reference.TargetParameters ?? Array.Empty<TypeSig>();
        IReadOnlyList<TypeSig> arguments = reference.MethodArguments ?? Array.Empty<TypeSig>();

        string genericId = "M:" + targetType + "." + targetName + "``" + arguments.Count;
        if (Allowlist.AllowsGenericMethod(genericId, out string reason))
        {
            how = "allowlisted (" + reason + ")";
            return true;
        }

        if (!TestFrameworkMap.IsMsTest(targetType))
        {
            return false;
        }

        foreach (IReadOnlyList<string> candidate in TestFrameworkMap.NonGenericCandidates(parameters, arguments))
        {
            var query = new MemberQuery('M', TestFrameworkMap.Map(targetType), targetName, candidate);
            MemberMatch? match = _catalog.ResolveMember(query);
            if (match != null)
            {
                assembly = match.Assembly;
                how = "test framework overload (" + string.Join(",", candidate) + "): " + match.Kind.ToString().ToLowerInvariant() + " " + match.Id;
                return true;
            }
        }

        hint = Hints.For(reference) ?? "no non-generic nanoFramework.TestFramework overload for this instantiation";
        return false;
    }
}
