using System;
using System.Collections.Generic;
using System.Reflection.Metadata;
using System.Text;

namespace NfCompat;

/// <summary>
/// A type as it appears in a metadata signature, kept structured (not just a string) so the
/// checker can both render C# documentation IDs and look inside it for generic instances,
/// type references and required modifiers.
/// </summary>
internal abstract class TypeSig
{
    /// <summary>
    /// Renders the type the way the compiler's XML documentation writes a parameter type (the format of
    /// the API lists): generic instances always with braces, <c>G{`0}</c>, general arrays as <c>[0:,0:]</c>.
    /// </summary>
    public string ToDocString()
    {
        var sb = new StringBuilder();
        Append(sb);
        return sb.ToString();
    }

    internal abstract void Append(StringBuilder sb);

    /// <summary>Replaces generic parameters by the given arguments (for MethodSpec instantiations).</summary>
    public abstract TypeSig Substitute(IReadOnlyList<TypeSig>? typeArgs, IReadOnlyList<TypeSig>? methodArgs);

    public override string ToString() => ToDocString();
}

/// <summary>
/// A named type: a primitive, a TypeDef (own) or a TypeRef. <see cref="FullName"/> uses documentation-ID
/// spelling: namespace, then nested types joined with '.', with the metadata arity suffix kept
/// (<c>System.Collections.Generic.List`1</c>).
/// </summary>
internal sealed class NamedTypeSig : TypeSig
{
    public NamedTypeSig(string fullName, EntityHandle handle, string? scopeAssembly)
    {
        FullName = fullName;
        Handle = handle;
        ScopeAssembly = scopeAssembly;
    }

    public string FullName { get; }

    /// <summary>TypeRef or TypeDef handle; nil for primitives.</summary>
    public EntityHandle Handle { get; }

    /// <summary>Name of the assembly the type comes from; null when it is defined in the scanned module.</summary>
    public string? ScopeAssembly { get; }

    internal override void Append(StringBuilder sb) => sb.Append(FullName);

    public override TypeSig Substitute(IReadOnlyList<TypeSig>? typeArgs, IReadOnlyList<TypeSig>? methodArgs) => this;
}

/// <summary>A closed or open generic instantiation such as <c>List&lt;int&gt;</c>.</summary>
internal sealed class GenericInstanceSig : TypeSig
{
    public GenericInstanceSig(NamedTypeSig definition, IReadOnlyList<TypeSig> arguments)
    {
        Definition = definition;
        Arguments = arguments;
    }

    public NamedTypeSig Definition { get; }

    public IReadOnlyList<TypeSig> Arguments { get; }

    // Documentation IDs write List`1 instantiated as List{System.Int32}; for nested generic types each
    // segment takes its own share of the arguments: Outer`1.Inner`1 -> Outer{A}.Inner{B}. The XML-doc
    // writer uses braces even when the arguments are the type's own parameters (G{`0}); Roslyn's
    // DocumentationCommentId.CreateDeclarationId would write G`1 there, but the lists follow the former.
    internal override void Append(StringBuilder sb)
    {
        string name = Definition.FullName;
        int argIndex = 0;
        int i = 0;
        while (i < name.Length)
        {
            char c = name[i];
            if (c != '`')
            {
                sb.Append(c);
                i++;
                continue;
            }

            int j = i + 1;
            int arity = 0;
            while (j < name.Length && char.IsAsciiDigit(name[j]))
            {
                arity = (arity * 10) + (name[j] - '0');
                j++;
            }

            sb.Append('{');
            for (int k = 0; k < arity; k++)
            {
                if (k > 0)
                {
                    sb.Append(',');
                }

                if (argIndex < Arguments.Count)
                {
                    Arguments[argIndex].Append(sb);
                }

                argIndex++;
            }

            sb.Append('}');
            i = j;
        }
    }

    public override TypeSig Substitute(IReadOnlyList<TypeSig>? typeArgs, IReadOnlyList<TypeSig>? methodArgs)
    {
        var args = new TypeSig[Arguments.Count];
        for (int k = 0; k < args.Length; k++)
        {
            args[k] = Arguments[k].Substitute(typeArgs, methodArgs);
        }

        return new GenericInstanceSig(Definition, args);
    }
}

/// <summary>Single-dimensional zero-based array (<c>T[]</c>) or multi-dimensional array (<c>T[0:,0:]</c>).</summary>
internal sealed class ArraySig : TypeSig
{
    public ArraySig(TypeSig element, int rank, bool isVector)
    {
        Element = element;
        Rank = rank;
        IsVector = isVector;
    }

    public TypeSig Element { get; }

    public int Rank { get; }

    /// <summary>True for SZARRAY (<c>T[]</c>).</summary>
    public bool IsVector { get; }

    internal override void Append(StringBuilder sb)
    {
        Element.Append(sb);
        if (IsVector)
        {
            sb.Append("[]");
            return;
        }

        // DocumentationCommentId writes every dimension of a general array as "0:" (lower bound 0,
        // size unspecified), e.g. int[,] -> System.Int32[0:,0:].
        sb.Append('[');
        for (int k = 0; k < Rank; k++)
        {
            if (k > 0)
            {
                sb.Append(',');
            }

            sb.Append("0:");
        }

        sb.Append(']');
    }

    public override TypeSig Substitute(IReadOnlyList<TypeSig>? typeArgs, IReadOnlyList<TypeSig>? methodArgs) =>
        new ArraySig(Element.Substitute(typeArgs, methodArgs), Rank, IsVector);
}

/// <summary>By-reference (<c>ref</c>/<c>out</c>/<c>in</c>) type, written with a trailing <c>@</c>.</summary>
internal sealed class ByRefSig : TypeSig
{
    public ByRefSig(TypeSig element) => Element = element;

    public TypeSig Element { get; }

    internal override void Append(StringBuilder sb)
    {
        Element.Append(sb);
        sb.Append('@');
    }

    public override TypeSig Substitute(IReadOnlyList<TypeSig>? typeArgs, IReadOnlyList<TypeSig>? methodArgs) =>
        new ByRefSig(Element.Substitute(typeArgs, methodArgs));
}

/// <summary>Unmanaged pointer, written with a trailing <c>*</c>.</summary>
internal sealed class PointerSig : TypeSig
{
    public PointerSig(TypeSig element) => Element = element;

    public TypeSig Element { get; }

    internal override void Append(StringBuilder sb)
    {
        Element.Append(sb);
        sb.Append('*');
    }

    public override TypeSig Substitute(IReadOnlyList<TypeSig>? typeArgs, IReadOnlyList<TypeSig>? methodArgs) =>
        new PointerSig(Element.Substitute(typeArgs, methodArgs));
}

/// <summary>A type parameter: <c>`0</c> for a type's, <c>``0</c> for a method's.</summary>
internal sealed class GenericParameterSig : TypeSig
{
    public GenericParameterSig(int index, bool isMethodParameter)
    {
        Index = index;
        IsMethodParameter = isMethodParameter;
    }

    public int Index { get; }

    public bool IsMethodParameter { get; }

    internal override void Append(StringBuilder sb)
    {
        sb.Append(IsMethodParameter ? "``" : "`");
        sb.Append(Index);
    }

    public override TypeSig Substitute(IReadOnlyList<TypeSig>? typeArgs, IReadOnlyList<TypeSig>? methodArgs)
    {
        IReadOnlyList<TypeSig>? source = IsMethodParameter ? methodArgs : typeArgs;
        return source != null && Index < source.Count ? source[Index] : this;
    }
}

/// <summary>
/// A type with a custom modifier (modreq/modopt). Documentation IDs ignore modifiers, so it renders
/// as the unmodified type, but the modifier type is still a reference the device compiler needs
/// (e.g. <c>IsVolatile</c> for <c>volatile</c> fields, <c>InAttribute</c> for <c>in</c> parameters).
/// </summary>
internal sealed class ModifiedSig : TypeSig
{
    public ModifiedSig(TypeSig modifier, TypeSig unmodified, bool isRequired)
    {
        Modifier = modifier;
        Unmodified = unmodified;
        IsRequired = isRequired;
    }

    public TypeSig Modifier { get; }

    public TypeSig Unmodified { get; }

    public bool IsRequired { get; }

    internal override void Append(StringBuilder sb) => Unmodified.Append(sb);

    public override TypeSig Substitute(IReadOnlyList<TypeSig>? typeArgs, IReadOnlyList<TypeSig>? methodArgs) =>
        new ModifiedSig(Modifier, Unmodified.Substitute(typeArgs, methodArgs), IsRequired);
}

/// <summary>Function pointer type (<c>delegate*</c>): never available on nanoFramework.</summary>
internal sealed class FunctionPointerSig : TypeSig
{
    public FunctionPointerSig(MethodSignature<TypeSig> signature) => Signature = signature;

    public MethodSignature<TypeSig> Signature { get; }

    internal override void Append(StringBuilder sb)
    {
        sb.Append("=FUNC:");
        Signature.ReturnType.Append(sb);
        sb.Append('(');
        for (int k = 0; k < Signature.ParameterTypes.Length; k++)
        {
            if (k > 0)
            {
                sb.Append(',');
            }

            Signature.ParameterTypes[k].Append(sb);
        }

        sb.Append(')');
    }

    public override TypeSig Substitute(IReadOnlyList<TypeSig>? typeArgs, IReadOnlyList<TypeSig>? methodArgs) => this;
}

/// <summary>Helpers shared by the signature code.</summary>
internal static class TypeSigExtensions
{
    /// <summary>Visits the type and every type nested inside it (elements, arguments, modifiers).</summary>
    public static void Walk(this TypeSig sig, Action<TypeSig> visit)
    {
        visit(sig);
        switch (sig)
        {
            case GenericInstanceSig g:
                g.Definition.Walk(visit);
                foreach (TypeSig a in g.Arguments)
                {
                    a.Walk(visit);
                }

                break;
            case ArraySig a:
                a.Element.Walk(visit);
                break;
            case ByRefSig r:
                r.Element.Walk(visit);
                break;
            case PointerSig p:
                p.Element.Walk(visit);
                break;
            case ModifiedSig m:
                m.Modifier.Walk(visit);
                m.Unmodified.Walk(visit);
                break;
            case FunctionPointerSig f:
                f.Signature.ReturnType.Walk(visit);
                foreach (TypeSig t in f.Signature.ParameterTypes)
                {
                    t.Walk(visit);
                }

                break;
        }
    }

    /// <summary>Strips custom modifiers at the top level (they do not change a documentation ID).</summary>
    public static TypeSig Unmodify(this TypeSig sig)
    {
        while (sig is ModifiedSig m)
        {
            sig = m.Unmodified;
        }

        return sig;
    }
}
