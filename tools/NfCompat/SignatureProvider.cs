using System;
using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace NfCompat;

/// <summary>
/// Decodes metadata signatures into <see cref="TypeSig"/> trees. Generic parameters stay symbolic
/// (<c>`0</c>, <c>``0</c>), which is exactly how documentation IDs of generic members are written,
/// so a MemberRef on <c>List&lt;int&gt;</c> renders as <c>M:System.Collections.Generic.List`1.Add(`0)</c>.
/// </summary>
internal sealed class SignatureProvider : ISignatureTypeProvider<TypeSig, object?>
{
    private readonly MetadataReader _reader;

    public SignatureProvider(MetadataReader reader) => _reader = reader;

    public TypeSig GetPrimitiveType(PrimitiveTypeCode typeCode)
    {
        string name = typeCode switch
        {
            PrimitiveTypeCode.Boolean => "System.Boolean",
            PrimitiveTypeCode.Byte => "System.Byte",
            PrimitiveTypeCode.SByte => "System.SByte",
            PrimitiveTypeCode.Char => "System.Char",
            PrimitiveTypeCode.Int16 => "System.Int16",
            PrimitiveTypeCode.UInt16 => "System.UInt16",
            PrimitiveTypeCode.Int32 => "System.Int32",
            PrimitiveTypeCode.UInt32 => "System.UInt32",
            PrimitiveTypeCode.Int64 => "System.Int64",
            PrimitiveTypeCode.UInt64 => "System.UInt64",
            PrimitiveTypeCode.Single => "System.Single",
            PrimitiveTypeCode.Double => "System.Double",
            PrimitiveTypeCode.IntPtr => "System.IntPtr",
            PrimitiveTypeCode.UIntPtr => "System.UIntPtr",
            PrimitiveTypeCode.Object => "System.Object",
            PrimitiveTypeCode.String => "System.String",
            PrimitiveTypeCode.TypedReference => "System.TypedReference",
            PrimitiveTypeCode.Void => "System.Void",
            _ => throw new BadImageFormatException("Unknown primitive type code " + typeCode),
        };

        // Primitives are encoded as element types, not TypeRefs: every nanoFramework 1.x mscorlib has
        // them, so they carry no handle and are never reported on their own.
        return new NamedTypeSig(name, default, scopeAssembly: "mscorlib");
    }

    public TypeSig GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) =>
        new NamedTypeSig(MetadataNames.TypeDefName(reader, handle), handle, scopeAssembly: null);

    public TypeSig GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) =>
        new NamedTypeSig(MetadataNames.TypeRefName(reader, handle), handle, MetadataNames.TypeRefAssembly(reader, handle));

    public TypeSig GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    public TypeSig GetSZArrayType(TypeSig elementType) => new ArraySig(elementType, 1, isVector: true);

    public TypeSig GetArrayType(TypeSig elementType, ArrayShape shape) => new ArraySig(elementType, shape.Rank, isVector: false);

    public TypeSig GetByReferenceType(TypeSig elementType) => new ByRefSig(elementType);

    public TypeSig GetPointerType(TypeSig elementType) => new PointerSig(elementType);

    public TypeSig GetPinnedType(TypeSig elementType) => elementType;

    public TypeSig GetGenericInstantiation(TypeSig genericType, ImmutableArray<TypeSig> typeArguments)
    {
        if (genericType is not NamedTypeSig named)
        {
            throw new BadImageFormatException("Generic instantiation of a non-named type: " + genericType);
        }

        return new GenericInstanceSig(named, typeArguments);
    }

    public TypeSig GetGenericTypeParameter(object? genericContext, int index) => new GenericParameterSig(index, isMethodParameter: false);

    public TypeSig GetGenericMethodParameter(object? genericContext, int index) => new GenericParameterSig(index, isMethodParameter: true);

    public TypeSig GetFunctionPointerType(MethodSignature<TypeSig> signature) => new FunctionPointerSig(signature);

    public TypeSig GetModifiedType(TypeSig modifier, TypeSig unmodifiedType, bool isRequired) =>
        new ModifiedSig(modifier, unmodifiedType, isRequired);

    /// <summary>The reader this provider decodes for.</summary>
    public MetadataReader Reader => _reader;
}
