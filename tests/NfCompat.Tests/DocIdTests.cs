using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfCompat;

namespace NfCompat.Tests;

/// <summary>
/// The documentation IDs the scanner computes from metadata must be the ones the API lists use: the
/// strings the compiler writes into XML documentation (<c>ISymbol.GetDocumentationCommentId()</c>).
/// (Roslyn 5.9's <c>DocumentationCommentId.CreateDeclarationId</c> differs: it appends <c>~Return</c> to
/// every non-void method and writes <c>[,]</c> for arrays; the lists follow the XML-doc format.) A library
/// with awkward signatures is compiled, a second assembly calls every member, and each MemberRef's ID is
/// compared with the compiler's ID of the called symbol (and, for readability, with spelled-out strings).
/// </summary>
[TestClass]
public sealed class DocIdTests
{
    private const string Library = @"
namespace N
{
    public class Outer
    {
        public Outer() { }
        public class Inner
        {
            public Inner(int a) { }
            public void M(ref int x, out string y, int[] a, int[,] b, Inner[] c, byte[][] d) { y = null; }
        }
        public int this[int i] { get { return i; } }
        public int Prop { get; set; }
        public static implicit operator int(Outer o) { return 0; }
        public static explicit operator Outer(long l) { return null; }
        public void Gen<T>(T a, System.Collections.Generic.List<T> b) { }
        public int Field;
        public event System.EventHandler Ev;
        public unsafe void Ptr(int* p) { }
        public void Params(string s, params object[] rest) { }
        public void InParam(in int x) { }
        public static Outer operator +(Outer a, Outer b) { return a; }
        public void Raise() { if (Ev != null) Ev(this, null); }
    }

    public class G<T>
    {
        public void M(T a, G<T>.N2<int> b) { }
        public void A(G<T> x) { }
        public void B(G<int>.N2<string> y) { }
        public void C(G<T>.N2<T> z) { }
        public static implicit operator G<T>(T t) { return null; }
        public class N2<U>
        {
            public void Q(T t, U u) { }
            public void E(N2<U> q) { }
            public void H(G<U>.N2<T> q) { }
        }
    }
}";

    private const string User = @"
namespace U
{
    public static class Calls
    {
        public static unsafe void All()
        {
            var o = new N.Outer();
            var inner = new N.Outer.Inner(1);
            int x = 0; string y;
            inner.M(ref x, out y, new int[1], new int[1, 1], new N.Outer.Inner[0], new byte[0][]);
            int i = o[1];
            o.Prop = o.Prop + 1;
            int conv = o;
            N.Outer back = (N.Outer)5L;
            o.Gen<int>(1, null);
            o.Field = 2;
            o.Ev += (s, e) => { };
            o.Ptr(&x);
            o.Params(""a"", 1, 2);
            o.InParam(x);
            N.Outer sum = o + o;
            new N.G<int>().M(1, null);
            new N.G<int>.N2<string>().Q(1, ""u"");
            var g = new N.G<int>();
            g.A(null); g.B(null); g.C(null);
            N.G<int> fromInt = 5;
            var n2 = new N.G<int>.N2<string>();
            n2.E(null); n2.H(null);
        }
    }
}";

    // Compiled once: the data rows below all look at the same two assemblies.
    private static readonly Lazy<(IReadOnlyList<Reference> References, Compilation Library)> Scanned = new(CompileAndScan);

    private static (IReadOnlyList<Reference> References, Compilation Library) ScanUser() => Scanned.Value;

    private static (IReadOnlyList<Reference> References, Compilation Library) CompileAndScan()
    {
        CSharpCompilation lib = Snippet.CreateCompilation("Lib", new[] { Library }, LanguageVersion.CSharp7_3, null, allowUnsafe: true);
        ImmutableArray<byte> libImage = Emit(lib);
        MetadataReference libRef = MetadataReference.CreateFromImage(libImage);
        ImmutableArray<byte> userImage = Snippet.Compile("User", new[] { User }, LanguageVersion.CSharp7_3, new[] { libRef }, allowUnsafe: true);
        return (Snippet.Scan(userImage).References, lib);
    }

    private static ImmutableArray<byte> Emit(Compilation compilation)
    {
        using var stream = new System.IO.MemoryStream();
        var result = compilation.Emit(stream);
        Assert.IsTrue(result.Success, string.Join("\n", result.Diagnostics));
        return ImmutableArray.Create(stream.ToArray());
    }

    [TestMethod]
    public void MemberRefIds_EqualRoslynDocumentationIds_ForEveryCalledLibraryMember()
    {
        (IReadOnlyList<Reference> refs, Compilation lib) = ScanUser();
        var scanned = new HashSet<string>(refs.Where(r => r.Kind == ReferenceKind.Member).Select(r => r.DocId), StringComparer.Ordinal);

        // Roslyn's IDs for the library members the user code calls (accessors and operators included).
        var expected = new List<string>();
        foreach (INamedTypeSymbol type in AllTypes(lib.GetTypeByMetadataName("N.Outer")!).Concat(AllTypes(lib.GetTypeByMetadataName("N.G`1")!)))
        {
            foreach (ISymbol member in type.GetMembers())
            {
                if (member is IMethodSymbol method && method.MethodKind != MethodKind.StaticConstructor && member.Name != "Raise"
                    && method.MethodKind != MethodKind.EventRemove)
                {
                    expected.Add(member.GetDocumentationCommentId()!);
                }
                else if (member is IFieldSymbol field && !field.IsImplicitlyDeclared)
                {
                    expected.Add(member.GetDocumentationCommentId()!);
                }
            }
        }

        Assert.IsTrue(expected.Count >= 24, "oracle found too few members: " + expected.Count);
        var missing = expected.Where(id => !scanned.Contains(id)).ToList();
        Assert.AreEqual(0, missing.Count, "IDs Roslyn produces but the scanner did not:\n" + string.Join("\n", missing) + "\n--- scanned:\n" + string.Join("\n", scanned.OrderBy(s => s)));
    }

    [TestMethod]
    [DataRow("M:N.Outer.Inner.#ctor(System.Int32)")]
    [DataRow("M:N.Outer.Inner.M(System.Int32@,System.String@,System.Int32[],System.Int32[0:,0:],N.Outer.Inner[],System.Byte[][])")]
    [DataRow("M:N.Outer.get_Item(System.Int32)")]
    [DataRow("M:N.Outer.get_Prop")]
    [DataRow("M:N.Outer.set_Prop(System.Int32)")]
    [DataRow("M:N.Outer.op_Implicit(N.Outer)~System.Int32")]
    [DataRow("M:N.Outer.op_Explicit(System.Int64)~N.Outer")]
    [DataRow("M:N.Outer.op_Addition(N.Outer,N.Outer)")]
    [DataRow("M:N.Outer.Gen``1(``0,System.Collections.Generic.List{``0})")]
    [DataRow("F:N.Outer.Field")]
    [DataRow("M:N.Outer.add_Ev(System.EventHandler)")]
    [DataRow("M:N.Outer.Ptr(System.Int32*)")]
    [DataRow("M:N.Outer.Params(System.String,System.Object[])")]
    [DataRow("M:N.Outer.InParam(System.Int32@)")]
    [DataRow("M:N.G`1.M(`0,N.G{`0}.N2{System.Int32})")]
    [DataRow("M:N.G`1.N2`1.Q(`0,`1)")]
    [DataRow("M:N.G`1.#ctor")]
    [DataRow("M:N.G`1.A(N.G{`0})")]
    [DataRow("M:N.G`1.B(N.G{System.Int32}.N2{System.String})")]
    [DataRow("M:N.G`1.C(N.G{`0}.N2{`0})")]
    [DataRow("M:N.G`1.op_Implicit(`0)~N.G{`0}")]
    [DataRow("M:N.G`1.N2`1.E(N.G{`0}.N2{`1})")]
    [DataRow("M:N.G`1.N2`1.H(N.G{`1}.N2{`0})")]
    [DataRow("M:N.Outer.#ctor")]
    public void MemberRefId_IsSpelledAsInTheLists(string id)
    {
        (IReadOnlyList<Reference> refs, _) = ScanUser();
        Assert.IsTrue(refs.Any(r => r.DocId == id), id + " not among:\n" + string.Join("\n", refs.Select(r => r.Kind + " " + r.DocId)));
    }

    [TestMethod]
    public void TypeRefs_UseDotForNesting_AndGenericInstancesUseBraces()
    {
        (IReadOnlyList<Reference> refs, _) = ScanUser();
        var ids = refs.Select(r => r.Kind + " " + r.DocId).ToList();
        string all = string.Join("\n", ids);
        CollectionAssert.Contains(ids, "Type T:N.Outer.Inner", all);
        CollectionAssert.Contains(ids, "Type T:N.G`1.N2`1", all);
        CollectionAssert.Contains(ids, "GenericInstance T:N.G{System.Int32}.N2{System.String}", all);

        // Gen<int>(1, null) instantiates the method, not List<int>: the signature keeps List{``0}.
        CollectionAssert.Contains(ids, "GenericInstance T:System.Collections.Generic.List{``0}", all);
    }

    [TestMethod]
    public void GenericMethodCall_IsAMethodSpec_NamingTheTypeArguments()
    {
        (IReadOnlyList<Reference> refs, _) = ScanUser();
        Reference spec = refs.Single(r => r.Kind == ReferenceKind.GenericMethodInstance);
        Assert.AreEqual("M:N.Outer.Gen``1(``0,System.Collections.Generic.List{``0}) with ``0.. = System.Int32", spec.DocId);
        Assert.AreEqual("U.Calls.All", spec.Sites.Single());
    }

    [TestMethod]
    public void ParameterListSplitting_RespectsBracesAndArrayShapes()
    {
        CollectionAssert.AreEqual(
            new[] { "A", "B{C,D}", "E[0:,0:]", "F@" },
            ApiCatalog.SplitParameters("A,B{C,D},E[0:,0:],F@"));
        Assert.AreEqual(0, ApiCatalog.SplitParameters(string.Empty).Count);
    }

    [TestMethod]
    public void MemberIdParsing_SplitsTypeNameAndParameters()
    {
        Assert.IsTrue(ApiCatalog.TryParseMemberId("M:System.String.Substring(System.Int32,System.Int32)", out char kind, out string type, out string name, out List<string> parameters));
        Assert.AreEqual('M', kind);
        Assert.AreEqual("System.String", type);
        Assert.AreEqual("Substring", name);
        CollectionAssert.AreEqual(new[] { "System.Int32", "System.Int32" }, parameters);

        Assert.IsTrue(ApiCatalog.TryParseMemberId("M:System.String.get_Length", out _, out type, out name, out parameters));
        Assert.AreEqual("System.String", type);
        Assert.AreEqual("get_Length", name);
        Assert.AreEqual(0, parameters.Count);

        Assert.IsTrue(ApiCatalog.TryParseMemberId("M:A.B`1.op_Implicit(A.B{`0})~System.Int32", out _, out type, out name, out parameters));
        Assert.AreEqual("A.B`1", type);
        Assert.AreEqual("op_Implicit", name);
        CollectionAssert.AreEqual(new[] { "A.B{`0}" }, parameters);

        Assert.IsTrue(ApiCatalog.TryParseMemberId("F:System.String.Empty", out kind, out type, out name, out _));
        Assert.AreEqual('F', kind);
        Assert.AreEqual("Empty", name);

        Assert.IsFalse(ApiCatalog.TryParseMemberId("T:System.String", out _, out _, out _, out _));
    }

    private static IEnumerable<INamedTypeSymbol> AllTypes(INamedTypeSymbol type)
    {
        yield return type;
        foreach (INamedTypeSymbol nested in type.GetTypeMembers())
        {
            foreach (INamedTypeSymbol t in AllTypes(nested))
            {
                yield return t;
            }
        }
    }
}
