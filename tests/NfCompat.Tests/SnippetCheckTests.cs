using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfCompat;

namespace NfCompat.Tests;

/// <summary>
/// Compiles small programs in memory and checks them against the real ../shared/nanoframework-api lists:
/// what nanoFramework 1.x lacks must be reported, what it has must pass.
/// </summary>
[TestClass]
public sealed class SnippetCheckTests
{
    private static AssemblyReport Check(string body, LanguageVersion lang = LanguageVersion.CSharp7_3, string members = "")
    {
        string source = "using System; using System.Collections;\nnamespace S {\npublic class C {\n" + members +
            "\npublic static object Run(int x, string s) {\n" + body + "\n}\n}\n}";
        return Snippet.Check(Snippet.Compile(source, lang));
    }

    private static void AssertViolation(AssemblyReport report, string docId, string usedIn = "S.C.Run")
    {
        Violation? v = report.Violations.FirstOrDefault(x => x.DocId == docId);
        Assert.IsNotNull(v, "expected violation " + docId + ", got:\n" + Snippet.Describe(report));
        Assert.IsTrue(v.Reference.Sites.Contains(usedIn), "expected use in " + usedIn + ": " + v.Format());
        StringAssert.StartsWith(v.Format(), "NFCOMPAT: Snippet: " + docId + " (used in ");
    }

    private static void AssertClean(AssemblyReport report)
    {
        Assert.AreEqual(0, report.Violations.Count, Snippet.Describe(report));
        Assert.IsTrue(report.CheckedCount > 0, "nothing was checked");
    }

    [TestMethod]
    public void GenericList_IsReported()
    {
        AssemblyReport report = Check("var l = new System.Collections.Generic.List<int>(); l.Add(x); return l.Count;");
        AssertViolation(report, "T:System.Collections.Generic.List{System.Int32}");
        AssertViolation(report, "T:System.Collections.Generic.List`1");
        AssertViolation(report, "M:System.Collections.Generic.List`1.Add(`0)");
        AssertViolation(report, "M:System.Collections.Generic.List`1.get_Count");
        StringAssert.Contains(report.Violations.First(v => v.DocId == "T:System.Collections.Generic.List{System.Int32}").Hint, "no generics");
    }

    [TestMethod]
    public void GenericFieldOfAListedGenericDelegate_IsStillReported()
    {
        // mscorlib.txt lists T:System.Action`1 (the type exists in source), but 1.x cannot instantiate generics.
        AssemblyReport report = Check("return F;", members: "static Action<int> F;");
        AssertViolation(report, "T:System.Action{System.Int32}", "S.C.F");
    }

    [TestMethod]
    [DataRow(LanguageVersion.CSharp13)]
    [DataRow(LanguageVersion.CSharp7_3)]
    public void StringInterpolation_IsReported_EvenWithCSharp73(LanguageVersion lang)
    {
        // Roslyn lowers $"" to DefaultInterpolatedStringHandler whenever the framework has it, whatever
        // the language version: the core (C# 7.3) cannot use interpolation either.
        AssemblyReport report = Check("return $\"{x} and {s}\";", lang);
        Violation v = report.Violations.First(x => x.DocId.Contains("DefaultInterpolatedStringHandler"));
        StringAssert.Contains(v.Hint, "String.Format");
    }

    [TestMethod]
    public void StringFormatWithOneArgument_IsCoveredByTheParamsOverload()
    {
        // .NET binds Format(String, Object); the device has only Format(String, params Object[]).
        ImmutableArray<byte> image = Snippet.Compile("namespace S { public class C { public static string Run(int x) { return string.Format(\"[{0:X4}]\", x); } } }");
        Assert.IsTrue(Snippet.Scan(image).References.Any(r => r.DocId == "M:System.String.Format(System.String,System.Object)"));
        Assert.IsFalse(Snippet.Catalog.Contains("M:System.String.Format(System.String,System.Object)"));
        AssertClean(Snippet.Check(image));
    }

    [TestMethod]
    public void StringPlusChar_IsReported_WithTheRewriteHint()
    {
        // .NET lowers string + char to Concat(ReadOnlySpan<char>, ReadOnlySpan<char>).
        AssemblyReport report = Check("char c = 'a'; return s + c;");
        Violation v = report.Violations.First(x => x.DocId.StartsWith("M:System.String.Concat(System.ReadOnlySpan"));
        StringAssert.Contains(v.Hint, "s + new string(c, 1)");
        AssertClean(Check("char c = 'a'; return s + new string(c, 1);"));

        // Even an explicit Concat call with c.ToString() is flattened into the span form once combined with +.
        Assert.IsTrue(Check("char c = 'a'; return String.Concat(s, c.ToString()) + s;").Violations.Count > 0);
    }

    [TestMethod]
    public void StringReplace_IsReported()
    {
        AssertViolation(Check("return s.Replace(\"a\", \"b\");"), "M:System.String.Replace(System.String,System.String)");
    }

    [TestMethod]
    public void LockStatement_IsReported()
    {
        AssertViolation(Check("lock (s) { return 1; }"), "M:System.Threading.Monitor.Enter(System.Object,System.Boolean@)");
    }

    [TestMethod]
    public void NullableInt_IsReported()
    {
        AssertViolation(Check("int? n = x; return n.HasValue;"), "T:System.Nullable{System.Int32}");
    }

    [TestMethod]
    public void GenericDefinitionInOwnCode_IsReported()
    {
        ImmutableArray<byte> image = Snippet.Compile("namespace S { public class Box<T> { public T Value; } public static class M { public static T Id<T>(T t) { return t; } } }");
        AssemblyReport report = Snippet.Check(image);
        Assert.IsTrue(report.Violations.Any(v => v.DocId == "T:S.Box`1"), Snippet.Describe(report));
        Assert.IsTrue(report.Violations.Any(v => v.DocId == "M:S.M.Id``1(``0)"), Snippet.Describe(report));
    }

    [TestMethod]
    public void ArrayListSubstringHashtableAndFormat_Pass()
    {
        AssertClean(Check(
            "var l = new ArrayList(); l.Add(s.Substring(1)); l.Add(s.Substring(0, 1));\n" +
            "var h = new Hashtable(); h[\"k\"] = l[0];\n" +
            "var b = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }; Array.Copy(b, 0, b, 1, 2);\n" +
            "switch (s) { case \"a\": case \"b\": case \"c\": case \"d\": case \"e\": case \"f\": case \"g\": return 1; }\n" +
            "if (s.Length > 3 && s[0] == 'x') return String.Format(\"{0:X2}{1}\", x, s);\n" +
            "try { return x.ToString(\"D4\") + s.IndexOf('c'); } catch (ArgumentException e) { return e.Message; }"));
    }

    [TestMethod]
    public void ForeachAndUsing_Pass()
    {
        // Compiler-synthesised calls the device build makes too: GetEnumerator/MoveNext/Current/Dispose.
        ImmutableArray<byte> image = Snippet.Compile(
            "using System; using System.Collections; namespace S { public class C { public static int Run(string s) {\n" +
            "var l = new ArrayList(); l.Add(s); int n = 0;\n" +
            "foreach (object o in l) { n += o.ToString().Length; }\n" +
            "foreach (byte b in new byte[] { 1, 2 }) { n += b; }\n" +
            "foreach (char c in s) { n += c; }\n" +
            "using (var m = new System.IO.MemoryStream()) { m.WriteByte(1); }\n" +
            "return n; } } }");
        var ids = Snippet.Scan(image).References.Select(r => r.DocId).ToList();
        CollectionAssert.Contains(ids, "M:System.Collections.IEnumerator.MoveNext");
        CollectionAssert.Contains(ids, "M:System.IDisposable.Dispose");
        AssertClean(Snippet.Check(image));
    }

    [TestMethod]
    public void LambdasAutoPropertiesAndDelegates_Pass()
    {
        // [CompilerGenerated] on the closure class and backing field is allowlisted; the delegate's
        // runtime constructor and Invoke are accepted on listed delegate types.
        AssertClean(Check(
            "Action a = () => { P = x; }; a(); return P;",
            members: "public static int P { get; set; }"));
    }

    [TestMethod]
    public void CompilerGeneratedAttribute_UsedInCode_IsStillReported()
    {
        AssertViolation(
            Check("return new System.Runtime.CompilerServices.CompilerGeneratedAttribute();"),
            "M:System.Runtime.CompilerServices.CompilerGeneratedAttribute.#ctor");
    }

    [TestMethod]
    public void EmptyParamsArray_IsAcceptedAsTheCompilersArrayEmpty()
    {
        ImmutableArray<byte> image = Snippet.Compile("namespace S { public class C { public static string Run() { return string.Format(\"x\"); } } }");
        Assert.IsTrue(Snippet.Scan(image).References.Any(r => r.Kind == ReferenceKind.GenericMethodInstance && r.DocId.StartsWith("M:System.Array.Empty``1")));
        AssertClean(Snippet.Check(image));
    }

    [TestMethod]
    public void MissingBaseClassAndInterface_AreReported_AtTheType()
    {
        ImmutableArray<byte> image = Snippet.Compile("namespace S { public class E : System.Collections.CollectionBase { } public class F : System.IComparable { public int CompareTo(object o) { return 0; } } }");
        AssemblyReport report = Snippet.Check(image);
        Assert.IsTrue(report.Violations.Any(v => v.DocId == "T:System.Collections.CollectionBase" && v.Reference.Sites.Contains("S.E")), Snippet.Describe(report));
        Assert.IsFalse(report.Violations.Any(v => v.DocId == "T:System.IComparable"), Snippet.Describe(report));
    }

    [TestMethod]
    public void InheritedMemberOnAListedType_ResolvesThroughTheBaseChain()
    {
        // The host compiler calls Int32.Equals(Object) and Int32.GetHashCode directly; mscorlib.txt has
        // neither on Int32, only on System.ValueType / System.Object, which is where the device binds them.
        Assert.IsFalse(Snippet.Catalog.Contains("M:System.Int32.Equals(System.Object)"));
        ImmutableArray<byte> image = Snippet.Compile("namespace S { public class C { public static bool Run(int x, object o) { return x.Equals(o) && x.GetHashCode() == 1; } } }");
        Assert.IsTrue(Snippet.Scan(image).References.Any(r => r.DocId == "M:System.Int32.Equals(System.Object)"));
        AssertClean(Snippet.Check(image));
    }

    [TestMethod]
    public void AttributeNamedArgument_IsCheckedThroughItsSetter()
    {
        ImmutableArray<byte> image = Snippet.Compile(
            "namespace S { [System.AttributeUsage(System.AttributeTargets.Class, AllowMultiple = true)] public class A : System.Attribute { }\n" +
            "[System.Obsolete(\"m\", DiagnosticId = \"X1\")] public class B { } }");
        AssemblyReport report = Snippet.Check(image);

        // AllowMultiple has a setter in mscorlib.txt; ObsoleteAttribute.DiagnosticId does not exist there.
        Assert.IsFalse(report.Violations.Any(v => v.DocId.Contains("AllowMultiple")), Snippet.Describe(report));
        AssertViolation(report, "M:System.ObsoleteAttribute.set_DiagnosticId(System.String)", "S.B");
    }

    [TestMethod]
    public void TypeofInAnAttribute_IsChecked()
    {
        ImmutableArray<byte> image = Snippet.Compile(
            "namespace S { public class Own { }\n" +
            "[System.Diagnostics.DebuggerTypeProxy(typeof(Own))] public class A { }\n" +
            "[System.Diagnostics.DebuggerTypeProxy(typeof(System.Text.RegularExpressions.Regex))] public class B { } }");
        AssemblyReport report = Snippet.Check(image);
        AssertViolation(report, "T:System.Text.RegularExpressions.Regex", "S.B");
        Assert.IsFalse(report.Violations.Any(v => v.DocId.Contains("Own")), Snippet.Describe(report));
    }

    [TestMethod]
    public void SdkAssemblyAttributes_AreSkipped_OthersAreChecked()
    {
        ImmutableArray<byte> image = Snippet.Compile(
            "[assembly: System.Reflection.AssemblyCompany(\"c\")]\n[assembly: System.Resources.NeutralResourcesLanguage(\"en\")]\nnamespace S { public class C { } }");
        AssemblyReport report = Snippet.Check(image);
        Assert.IsFalse(report.Violations.Any(v => v.DocId.Contains("AssemblyCompany")), Snippet.Describe(report));
        Violation v = report.Violations.First(x => x.DocId == "M:System.Resources.NeutralResourcesLanguageAttribute.#ctor(System.String)");
        CollectionAssert.Contains(v.Reference.Sites.ToList(), "(assembly attributes)");
    }
}
