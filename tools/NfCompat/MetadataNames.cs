using System.Collections.Generic;
using System.Reflection.Metadata;
using System.Text;

namespace NfCompat;

/// <summary>
/// Names of metadata entities in C# documentation-ID spelling (the format of
/// ../shared/nanoframework-api/*.txt, produced there by Roslyn's DocumentationCommentId).
/// </summary>
internal static class MetadataNames
{
    /// <summary>Full name of a TypeDef: namespace, then enclosing types joined with '.'.</summary>
    public static string TypeDefName(MetadataReader reader, TypeDefinitionHandle handle)
    {
        TypeDefinition def = reader.GetTypeDefinition(handle);
        string name = reader.GetString(def.Name);
        TypeDefinitionHandle outer = def.GetDeclaringType();
        if (!outer.IsNil)
        {
            return TypeDefName(reader, outer) + "." + name;
        }

        string ns = reader.GetString(def.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    /// <summary>Full name of a TypeRef (nested TypeRefs are scoped by their enclosing TypeRef).</summary>
    public static string TypeRefName(MetadataReader reader, TypeReferenceHandle handle)
    {
        TypeReference tr = reader.GetTypeReference(handle);
        string name = reader.GetString(tr.Name);
        if (tr.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            return TypeRefName(reader, (TypeReferenceHandle)tr.ResolutionScope) + "." + name;
        }

        string ns = reader.GetString(tr.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    /// <summary>
    /// The assembly a TypeRef points into, or null when it resolves inside the scanned module itself.
    /// </summary>
    public static string? TypeRefAssembly(MetadataReader reader, TypeReferenceHandle handle)
    {
        EntityHandle scope = reader.GetTypeReference(handle).ResolutionScope;
        while (scope.Kind == HandleKind.TypeReference)
        {
            scope = reader.GetTypeReference((TypeReferenceHandle)scope).ResolutionScope;
        }

        return scope.Kind switch
        {
            HandleKind.AssemblyReference => reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)scope).Name),
            HandleKind.ModuleReference => reader.GetString(reader.GetModuleReference((ModuleReferenceHandle)scope).Name),

            // ModuleDefinition scope, or nil scope (resolved through the ExportedType table): this module.
            _ => null,
        };
    }

    /// <summary>
    /// A member name as written in a documentation ID: '.' becomes '#' (<c>.ctor</c> -> <c>#ctor</c>,
    /// explicit implementations <c>System.IDisposable.Dispose</c> -> <c>System#IDisposable#Dispose</c>).
    /// </summary>
    public static string EscapeMemberName(string name) => name.Replace('.', '#');

    /// <summary>
    /// Builds a method documentation ID: <c>M:Type.Name``arity(P1,P2)~Ret</c>. The parameter list is
    /// omitted when there are no parameters; the return type is only written for conversion operators.
    /// </summary>
    public static string MethodId(string declaringType, string name, int genericArity, IReadOnlyList<string> parameters, string? returnType)
    {
        var sb = new StringBuilder("M:");
        sb.Append(declaringType).Append('.').Append(EscapeMemberName(name));
        if (genericArity > 0)
        {
            sb.Append("``").Append(genericArity);
        }

        AppendParameters(sb, parameters);
        if (IsConversionOperator(name) && returnType != null)
        {
            sb.Append('~').Append(returnType);
        }

        return sb.ToString();
    }

    /// <summary>Builds <c>(P1,P2)</c>, or nothing for an empty list.</summary>
    public static void AppendParameters(StringBuilder sb, IReadOnlyList<string> parameters)
    {
        if (parameters.Count == 0)
        {
            return;
        }

        sb.Append('(');
        for (int i = 0; i < parameters.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append(parameters[i]);
        }

        sb.Append(')');
    }

    /// <summary>Conversion operators are overloaded on return type, so their IDs carry <c>~Return</c>.</summary>
    public static bool IsConversionOperator(string name) => name == "op_Implicit" || name == "op_Explicit";
}
