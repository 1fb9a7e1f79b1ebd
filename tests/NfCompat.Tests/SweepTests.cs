using System;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfCompat;

namespace NfCompat.Tests;

/// <summary>
/// Metadata rows that no definition uses must still be checked: a hand-built assembly carries a TypeRef
/// and a MemberRef nothing points to, and both must come out as violations instead of being ignored.
/// </summary>
[TestClass]
public sealed class SweepTests
{
    [TestMethod]
    public void RowsNotReachedFromAnyDefinition_AreStillChecked()
    {
        AssemblyReport report = Snippet.Check(BuildAssemblyWithDanglingRows());
        string all = Snippet.Describe(report);
        Violation list = report.Violations.Single(v => v.DocId == "T:System.Collections.Generic.List`1");
        Assert.AreEqual("(metadata row not reached from any definition)", list.Reference.Sites.Single(), all);
        Assert.IsTrue(report.Violations.Any(v => v.DocId == "M:System.String.Replace(System.String,System.String)"), all);
    }

    [TestMethod]
    public void UnsafeCompilationsPermissionRequest_IsSkippedAsCompilerGenerated()
    {
        ImmutableArray<byte> image = Snippet.Compile("Unsafe", new[] { "namespace S { public static class C { public static unsafe int Run(int* p) { return *p; } } }" }, allowUnsafe: true);
        ScanResult scan = Snippet.Scan(image);
        Assert.IsTrue(scan.SkippedItems.Any(i => i.Contains("SecurityPermissionAttribute")), string.Join("\n", scan.SkippedItems));
        AssemblyReport report = Snippet.Check(image);
        Assert.IsFalse(report.Violations.Any(v => v.DocId.Contains("SecurityPermission")), Snippet.Describe(report));
    }

    private static ImmutableArray<byte> BuildAssemblyWithDanglingRows()
    {
        var md = new MetadataBuilder();
        md.AddModule(0, md.GetOrAddString("Dangling.dll"), md.GetOrAddGuid(Guid.NewGuid()), default, default);
        md.AddAssembly(md.GetOrAddString("Dangling"), new Version(1, 0, 0, 0), default, default, 0, AssemblyHashAlgorithm.Sha1);
        AssemblyReferenceHandle corlib = md.AddAssemblyReference(md.GetOrAddString("System.Runtime"), new Version(10, 0, 0, 0), default, default, 0, default);
        TypeReferenceHandle obj = md.AddTypeReference(corlib, md.GetOrAddString("System"), md.GetOrAddString("Object"));
        TypeReferenceHandle str = md.AddTypeReference(corlib, md.GetOrAddString("System"), md.GetOrAddString("String"));
        md.AddTypeReference(corlib, md.GetOrAddString("System.Collections.Generic"), md.GetOrAddString("List`1"));

        var sig = new BlobBuilder();
        new BlobEncoder(sig).MethodSignature(isInstanceMethod: true).Parameters(
            2,
            r => r.Type().String(),
            p =>
            {
                p.AddParameter().Type().String();
                p.AddParameter().Type().String();
            });
        md.AddMemberReference(str, md.GetOrAddString("Replace"), md.GetOrAddBlob(sig));

        md.AddTypeDefinition(default, default, md.GetOrAddString("<Module>"), default, MetadataTokens.FieldDefinitionHandle(1), MetadataTokens.MethodDefinitionHandle(1));
        md.AddTypeDefinition(TypeAttributes.Public | TypeAttributes.Class, md.GetOrAddString("D"), md.GetOrAddString("C"), obj, MetadataTokens.FieldDefinitionHandle(1), MetadataTokens.MethodDefinitionHandle(1));

        var pe = new ManagedPEBuilder(PEHeaderBuilder.CreateLibraryHeader(), new MetadataRootBuilder(md), new BlobBuilder());
        var image = new BlobBuilder();
        pe.Serialize(image);
        return ImmutableArray.Create(image.ToArray());
    }
}
