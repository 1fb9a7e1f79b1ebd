using System;
using System.Collections.Generic;

namespace NfCompat;

/// <summary>
/// The only references accepted although the lists do not contain them. Each one is something the
/// compiler synthesises on its own, differently per target: the .NET build references it, the
/// nanoFramework build of the same source does without. Keep this list short and justified; anything
/// written by hand in the shared sources must be in the lists.
/// </summary>
/// <remarks>
/// Checked against the lists and deliberately NOT here because the lists already have them:
/// <c>RuntimeHelpers.InitializeArray</c> (array initialisers), <c>Type.GetTypeFromHandle</c> (typeof),
/// <c>String.op_Equality</c>/<c>get_Chars</c>/<c>get_Length</c> (switch on string),
/// <c>DebuggerBrowsableAttribute</c>, <c>DebuggerHiddenAttribute</c>, <c>ExtensionAttribute</c>,
/// <c>ParamArrayAttribute</c>, <c>IsExternalInit</c>.
/// </remarks>
internal static class Allowlist
{
    /// <summary>
    /// Attribute types the compiler applies by itself. Accepted only where every use is as a custom
    /// attribute (calling or naming them in code is still a violation).
    /// </summary>
    private static readonly IReadOnlyDictionary<string, string> SynthesisedAttributes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // Roslyn puts [CompilerGenerated] on auto-property backing fields, closure classes and lambdas
        // only if the target corlib defines it (it is an optional well-known attribute). nanoFramework's
        // mscorlib does not, so the device build simply omits it.
        ["System.Runtime.CompilerServices.CompilerGeneratedAttribute"] = "optional compiler attribute, omitted when the corlib lacks it",

        // Roslyn's "embeddable" attributes: when the corlib lacks them (nanoFramework's does) the compiler
        // emits a private copy into the assembly itself. On .NET 10 they come from the framework instead.
        ["System.Runtime.CompilerServices.IsReadOnlyAttribute"] = "embedded by the compiler when the corlib lacks it",
        ["System.Runtime.CompilerServices.IsByRefLikeAttribute"] = "embedded by the compiler when the corlib lacks it",
        ["System.Runtime.CompilerServices.IsUnmanagedAttribute"] = "embedded by the compiler when the corlib lacks it",
        ["System.Runtime.CompilerServices.NullableAttribute"] = "embedded by the compiler when the corlib lacks it",
        ["System.Runtime.CompilerServices.NullableContextAttribute"] = "embedded by the compiler when the corlib lacks it",
        ["System.Runtime.CompilerServices.NullablePublicOnlyAttribute"] = "embedded by the compiler when the corlib lacks it",
        ["System.Runtime.CompilerServices.NativeIntegerAttribute"] = "embedded by the compiler when the corlib lacks it",
        ["System.Runtime.CompilerServices.ScopedRefAttribute"] = "embedded by the compiler when the corlib lacks it",
        ["System.Runtime.CompilerServices.RefSafetyRulesAttribute"] = "embedded by the compiler when the corlib lacks it",
    };

    /// <summary>
    /// Generic methods the compiler calls on its own. Roslyn lowers an empty <c>params</c> argument list
    /// to <c>Array.Empty&lt;T&gt;()</c> when the corlib has it and to <c>new T[0]</c> otherwise, so a
    /// .NET build shows this MethodSpec where the device build allocates an empty array. (An explicit
    /// <c>Array.Empty&lt;T&gt;()</c> in source looks the same in IL and is therefore not caught: the
    /// price of this entry, recorded in ADR 0003.)
    /// </summary>
    private static readonly IReadOnlyDictionary<string, string> SynthesisedGenericMethods = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["M:System.Array.Empty``1"] = "empty params array (device build emits new T[0])",
    };

    /// <summary>True (with the justification) if a type reference is an allowlisted compiler attribute.</summary>
    public static bool AllowsType(string typeName, bool onlyInAttributes, out string reason)
    {
        if (onlyInAttributes && SynthesisedAttributes.TryGetValue(typeName, out string? r))
        {
            reason = r;
            return true;
        }

        reason = string.Empty;
        return false;
    }

    /// <summary>True (with the justification) if a member reference is an allowlisted attribute constructor.</summary>
    public static bool AllowsMember(MemberQuery query, bool onlyInAttributes, out string reason)
    {
        if (query.Kind == 'M' && query.Name == "#ctor")
        {
            return AllowsType(query.Type, onlyInAttributes, out reason);
        }

        reason = string.Empty;
        return false;
    }

    /// <summary>True (with the justification) if a generic method instantiation is compiler-synthesised.</summary>
    public static bool AllowsGenericMethod(string genericMethodId, out string reason)
    {
        if (SynthesisedGenericMethods.TryGetValue(genericMethodId, out string? r))
        {
            reason = r;
            return true;
        }

        reason = string.Empty;
        return false;
    }

    /// <summary>
    /// Every delegate type has a runtime-provided constructor <c>(Object, IntPtr)</c> and <c>Invoke</c>
    /// with the delegate's own signature; the lists come from source declarations, which have neither.
    /// nanoFramework supports delegates (Thread, Timer and events need them), so creating and invoking
    /// a listed delegate type is fine. BeginInvoke/EndInvoke (asynchronous delegates) are not accepted.
    /// </summary>
    public static bool IsDelegateRuntimeMember(MemberQuery query, ApiType? type)
    {
        if (type == null || !type.IsDelegate || query.Kind != 'M')
        {
            return false;
        }

        if (query.Name == "Invoke")
        {
            return true;
        }

        return query.Name == "#ctor"
            && query.Parameters.Count == 2
            && query.Parameters[0] == "System.Object"
            && query.Parameters[1] == "System.IntPtr";
    }
}
