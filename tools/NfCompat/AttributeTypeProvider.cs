using System;
using System.Reflection.Metadata;

namespace NfCompat;

/// <summary>
/// Type provider for decoding custom attribute blobs (needed to see named arguments). Enum arguments
/// are stored without their type's size, so the decoder asks for the underlying type: for the scanned
/// assembly's own enums it is read from the <c>value__</c> field; for enums of other assemblies it is
/// assumed to be Int32, which holds for every framework enum used as an attribute argument in practice.
/// A wrong guess makes decoding fail or yield odd names, which the scanner reports: it never passes silently.
/// </summary>
internal sealed class AttributeTypeProvider : ICustomAttributeTypeProvider<TypeSig>
{
    private readonly MetadataReader _md;
    private readonly SignatureProvider _signatures;

    public AttributeTypeProvider(MetadataReader md, SignatureProvider signatures)
    {
        _md = md;
        _signatures = signatures;
    }

    public TypeSig GetPrimitiveType(PrimitiveTypeCode typeCode) => _signatures.GetPrimitiveType(typeCode);

    public TypeSig GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) =>
        _signatures.GetTypeFromDefinition(reader, handle, rawTypeKind);

    public TypeSig GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) =>
        _signatures.GetTypeFromReference(reader, handle, rawTypeKind);

    public TypeSig GetSZArrayType(TypeSig elementType) => new ArraySig(elementType, 1, isVector: true);

    public TypeSig GetSystemType() => new NamedTypeSig("System.Type", default, "mscorlib");

    public bool IsSystemType(TypeSig type) => type is NamedTypeSig n && n.FullName == "System.Type";

    public TypeSig GetTypeFromSerializedName(string name)
    {
        // "Namespace.Outer+Inner, Assembly, Version=..." -> documentation spelling.
        int comma = name.IndexOf(',');
        string typeName = (comma >= 0 ? name.Substring(0, comma) : name).Trim().Replace('+', '.');
        return new NamedTypeSig(typeName, default, scopeAssembly: comma >= 0 ? name.Substring(comma + 1).Trim() : null);
    }

    public PrimitiveTypeCode GetUnderlyingEnumType(TypeSig type)
    {
        if (type is NamedTypeSig named && named.Handle.Kind == HandleKind.TypeDefinition)
        {
            TypeDefinition def = _md.GetTypeDefinition((TypeDefinitionHandle)named.Handle);
            foreach (FieldDefinitionHandle fh in def.GetFields())
            {
                FieldDefinition field = _md.GetFieldDefinition(fh);
                if ((field.Attributes & System.Reflection.FieldAttributes.Static) == 0)
                {
                    TypeSig valueType = field.DecodeSignature(_signatures, null);
                    return CodeOf(valueType);
                }
            }

            throw new BadImageFormatException("enum without value__ field: " + named.FullName);
        }

        return PrimitiveTypeCode.Int32;
    }

    private static PrimitiveTypeCode CodeOf(TypeSig sig)
    {
        string name = sig.ToDocString();
        return name switch
        {
            "System.Byte" => PrimitiveTypeCode.Byte,
            "System.SByte" => PrimitiveTypeCode.SByte,
            "System.Int16" => PrimitiveTypeCode.Int16,
            "System.UInt16" => PrimitiveTypeCode.UInt16,
            "System.Int32" => PrimitiveTypeCode.Int32,
            "System.UInt32" => PrimitiveTypeCode.UInt32,
            "System.Int64" => PrimitiveTypeCode.Int64,
            "System.UInt64" => PrimitiveTypeCode.UInt64,
            "System.Char" => PrimitiveTypeCode.Char,
            "System.Boolean" => PrimitiveTypeCode.Boolean,
            _ => throw new BadImageFormatException("unexpected enum underlying type " + name),
        };
    }
}
