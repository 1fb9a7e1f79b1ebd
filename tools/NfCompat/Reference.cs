using System.Collections.Generic;

namespace NfCompat;

/// <summary>What kind of thing a <see cref="Reference"/> is.</summary>
internal enum ReferenceKind
{
    /// <summary>A TypeRef: the type must be listed.</summary>
    Type,

    /// <summary>A MemberRef (method, constructor, accessor, field) or an attribute's named argument.</summary>
    Member,

    /// <summary>A generic instantiation (<c>List&lt;int&gt;</c>) anywhere in a signature: never on 1.x.</summary>
    GenericInstance,

    /// <summary>A MethodSpec (<c>Array.Empty&lt;T&gt;()</c>, <c>Assert.AreEqual&lt;int&gt;</c>).</summary>
    GenericMethodInstance,

    /// <summary>A generic type or method defined in the scanned assembly itself.</summary>
    GenericDefinition,

    /// <summary>Something with no nanoFramework equivalent at all (P/Invoke, function pointers, undecodable data).</summary>
    Unsupported,
}

/// <summary>A usage site: where a reference occurs, and whether it occurs as a custom attribute.</summary>
internal readonly struct Site
{
    public Site(string where, bool isAttribute)
    {
        Where = where;
        IsAttribute = isAttribute;
    }

    /// <summary><c>Namespace.Type.Member</c> (or a bracketed description for assembly-level places).</summary>
    public string Where { get; }

    /// <summary>True when the reference is the constructor/type/argument of a custom attribute.</summary>
    public bool IsAttribute { get; }

    public Site AsAttribute() => new Site(Where, true);
}

/// <summary>
/// One distinct external reference of a scanned assembly, with every place it is used.
/// </summary>
internal sealed class Reference
{
    public Reference(ReferenceKind kind, string docId)
    {
        Kind = kind;
        DocId = docId;
    }

    public ReferenceKind Kind { get; }

    /// <summary>The documentation ID as referenced (before any test-framework mapping).</summary>
    public string DocId { get; }

    /// <summary>For <see cref="ReferenceKind.Type"/>: the type name without <c>T:</c>.</summary>
    public string? TypeName { get; init; }

    /// <summary>For <see cref="ReferenceKind.Member"/>: the parts of the ID.</summary>
    public MemberQuery? Query { get; init; }

    /// <summary>True for generic MemberRefs (<c>Foo``1</c>): only callable through a MethodSpec, which is checked instead.</summary>
    public bool IsGenericMethodDefinition { get; init; }

    /// <summary>For <see cref="ReferenceKind.GenericMethodInstance"/>: the generic method's declaring type.</summary>
    public string? TargetType { get; init; }

    /// <summary>For <see cref="ReferenceKind.GenericMethodInstance"/>: the method name without arity.</summary>
    public string? TargetName { get; init; }

    /// <summary>For <see cref="ReferenceKind.GenericMethodInstance"/>: parameter types with <c>``n</c> placeholders.</summary>
    public IReadOnlyList<TypeSig>? TargetParameters { get; init; }

    /// <summary>For <see cref="ReferenceKind.GenericMethodInstance"/>: the type arguments.</summary>
    public IReadOnlyList<TypeSig>? MethodArguments { get; init; }

    /// <summary>A fixed hint for <see cref="ReferenceKind.Unsupported"/> entries.</summary>
    public string? Note { get; init; }

    /// <summary>Every place it is used, sorted.</summary>
    public SortedSet<string> Sites { get; } = new(System.StringComparer.Ordinal);

    /// <summary>True once any use is not a custom attribute (allowlisted attributes need this to be false).</summary>
    public bool UsedOutsideAttributes { get; private set; }

    public void AddSite(Site site)
    {
        Sites.Add(site.Where);
        if (!site.IsAttribute)
        {
            UsedOutsideAttributes = true;
        }
    }
}
