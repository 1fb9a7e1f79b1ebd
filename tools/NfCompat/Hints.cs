using System;

namespace NfCompat;

/// <summary>
/// Short advice printed after a violation for the mistakes that are easy to make when writing the core
/// on .NET. Purely informational: a violation is a violation whether or not it has a hint.
/// </summary>
internal static class Hints
{
    // First match wins, so the specific entries come before the general ones.
    private static readonly (string Contains, string Hint)[] Rules =
    {
        // Roslyn picks these lowerings by what the target framework offers, not by LangVersion: on .NET 10
        // even C# 7.3 source compiles $"" to the handler and string + char to span-based Concat.
        ("DefaultInterpolatedStringHandler", "string interpolation ($\"\") compiles to DefaultInterpolatedStringHandler on .NET even with C# 7.3: use String.Format or +"),
        ("M:System.String.Concat(System.ReadOnlySpan", "string + char (or + c.ToString()) compiles to span-based Concat on .NET: write s + new string(c, 1)"),
        ("M:System.String.op_Implicit(System.String)~System.ReadOnlySpan", "string + char (or + c.ToString()) compiles to span-based Concat on .NET: write s + new string(c, 1)"),
        ("M:System.ReadOnlySpan`1.#ctor(`0@)", "string + char (or + c.ToString()) compiles to span-based Concat on .NET: write s + new string(c, 1)"),
        ("InterpolatedStringHandler", "interpolated message: pass a plain string"),
        ("M:System.Threading.Monitor.Enter(System.Object,System.Boolean@)", "lock statement: nanoFramework has Monitor.Enter(Object)/Exit(Object) only; write try/finally"),
        ("M:System.String.Replace", "String.Replace is missing on nanoFramework"),
        ("M:System.String.Join", "String.Join is missing on nanoFramework"),
        ("M:System.String.Split(System.Char", "use String.Split(params Char[])"),
        ("M:System.Array.Sort", "Array.Sort is missing on nanoFramework"),
        ("M:System.Buffer.BlockCopy", "use Array.Copy"),
        ("M:System.Char.Is", "Char.IsXxx is missing on nanoFramework: compare ranges"),
        ("System.Text.StringBuilder", "StringBuilder lives in nanoFramework.System.Text: check its list"),
        ("System.Nullable", "no Nullable<T> (int?): use a flag or sentinel value"),
        ("System.Span", "no Span<T>: use byte[] + offset + length (or SpanByte)"),
        ("System.ReadOnlySpan", "no ReadOnlySpan<T>: use byte[] + offset + length"),
        ("System.Collections.Generic.", "no generic collections: use ArrayList / Hashtable"),
        ("System.ValueTuple", "no tuples: return a small class or use out parameters"),
        ("System.Linq.", "no LINQ on nanoFramework"),
        ("System.Threading.Tasks.", "no Task/async on nanoFramework: use Thread"),
        ("System.Decimal", "no decimal on nanoFramework: use integer minor units"),
        ("System.Runtime.CompilerServices.IsVolatile", "volatile fields: not in nanoFramework's mscorlib"),
        ("System.Runtime.InteropServices.InAttribute", "in parameters / ref readonly: not in nanoFramework's mscorlib"),
        ("Assert.Fail", "nanoFramework.TestFramework has no Assert.Fail: use Assert.IsTrue(false, message)"),
        ("Assert.ThrowsException``1", "nanoFramework.TestFramework has Assert.ThrowsException(Type, Action[, String]); use a shared helper"),
        ("Assert.ThrowsExactly``1", "nanoFramework.TestFramework has Assert.ThrowsException(Type, Action[, String]); use a shared helper"),
        ("Assert.Inconclusive", "nanoFramework.TestFramework has Assert.SkipTest(String)"),
    };

    /// <summary>The advice for a violation, or null.</summary>
    public static string? For(Reference reference)
    {
        if (reference.Note != null)
        {
            return reference.Note;
        }

        foreach ((string contains, string hint) in Rules)
        {
            if (reference.DocId.Contains(contains, StringComparison.Ordinal))
            {
                return reference.Kind == ReferenceKind.GenericInstance || reference.Kind == ReferenceKind.GenericMethodInstance
                    ? "no generics on nanoFramework 1.x; " + hint
                    : hint;
            }
        }

        return reference.Kind switch
        {
            ReferenceKind.GenericInstance => "no generics on nanoFramework 1.x",
            ReferenceKind.GenericMethodInstance => "no generic methods on nanoFramework 1.x",
            ReferenceKind.GenericDefinition => "no generic types or methods on nanoFramework 1.x",
            _ => null,
        };
    }
}
