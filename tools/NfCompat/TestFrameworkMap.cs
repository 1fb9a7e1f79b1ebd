using System;
using System.Collections.Generic;
using System.Linq;

namespace NfCompat;

/// <summary>
/// The shared test files compile against MSTest on the host and against nanoFramework.TestFramework on
/// the device (<c>#if NANOFRAMEWORK_1_0</c> swaps the using). Both expose the same type names in different
/// namespaces, so MSTest references are checked as if they named nanoFramework.TestFramework.
/// </summary>
internal static class TestFrameworkMap
{
    public const string MsTestNamespace = "Microsoft.VisualStudio.TestTools.UnitTesting";
    public const string NanoNamespace = "nanoFramework.TestFramework";

    private const string MsTestPrefix = MsTestNamespace + ".";
    private const string NanoPrefix = NanoNamespace + ".";

    private const string PerTestSetupHint =
        "no 1:1 equivalent: nanoFramework.TestFramework's [Setup]/[Cleanup] run once per class, not per test; build fresh state inside each test method";

    /// <summary>
    /// MSTest types that exist under the mapped name or not at all but must never be treated as
    /// equivalent, with what to do instead.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, string> NoEquivalent = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [MsTestPrefix + "TestInitializeAttribute"] = PerTestSetupHint,
        [MsTestPrefix + "TestCleanupAttribute"] = PerTestSetupHint,
        [MsTestPrefix + "ClassInitializeAttribute"] = PerTestSetupHint,
        [MsTestPrefix + "ClassCleanupAttribute"] = PerTestSetupHint,
        [MsTestPrefix + "AssemblyInitializeAttribute"] = PerTestSetupHint,
        [MsTestPrefix + "AssemblyCleanupAttribute"] = PerTestSetupHint,
        [MsTestPrefix + "TestContext"] = "nanoFramework.TestFramework has no TestContext",
    };

    /// <summary>True for names in the MSTest namespace.</summary>
    public static bool IsMsTest(string typeName) => typeName.StartsWith(MsTestPrefix, StringComparison.Ordinal);

    /// <summary>Rewrites every MSTest namespace occurrence to nanoFramework.TestFramework.</summary>
    public static string Map(string text) => text.Contains(MsTestPrefix, StringComparison.Ordinal)
        ? text.Replace(MsTestPrefix, NanoPrefix, StringComparison.Ordinal)
        : text;

    /// <summary>The query as it would read against nanoFramework.TestFramework.</summary>
    public static MemberQuery Map(MemberQuery query) => new MemberQuery(
        query.Kind,
        Map(query.Type),
        query.Name,
        query.Parameters.Select(Map).ToArray(),
        query.ReturnType == null ? null : Map(query.ReturnType));

    /// <summary>True (with advice) when an MSTest type has no nanoFramework equivalent by design.</summary>
    public static bool HasNoEquivalent(string typeName, out string hint)
    {
        if (NoEquivalent.TryGetValue(typeName, out string? h))
        {
            hint = h;
            return true;
        }

        hint = string.Empty;
        return false;
    }

    /// <summary>
    /// Candidate non-generic overloads for an MSTest generic method instantiation. MSTest's
    /// <c>Assert.AreEqual&lt;T&gt;(T, T)</c> with <c>T = Int32</c> is what <c>Assert.AreEqual(1, x)</c>
    /// compiles to on the host; the same source on the device binds to <c>AreEqual(Int32, Int32, String)</c>
    /// (optional message), or to the <c>Object</c> overload for types without their own overload
    /// (enums, the core's structs). Yields the substituted parameter lists, concrete first.
    /// </summary>
    public static IEnumerable<IReadOnlyList<string>> NonGenericCandidates(IReadOnlyList<TypeSig> genericParameters, IReadOnlyList<TypeSig> typeArguments)
    {
        var concrete = genericParameters.Select(p => Map(p.Substitute(null, typeArguments).ToDocString())).ToArray();
        yield return concrete;

        var objects = new TypeSig[typeArguments.Count];
        for (int i = 0; i < objects.Length; i++)
        {
            objects[i] = new NamedTypeSig("System.Object", default, "mscorlib");
        }

        var boxed = genericParameters.Select(p => Map(p.Substitute(null, objects).ToDocString())).ToArray();
        if (!boxed.SequenceEqual(concrete, StringComparer.Ordinal))
        {
            yield return boxed;
        }
    }
}
