using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfCompat;

namespace NfCompat.Tests;

/// <summary>
/// Shared test files compile against MSTest here and nanoFramework.TestFramework on the device; MSTest
/// references are checked against nanoFramework.TestFramework.txt.
/// </summary>
[TestClass]
public sealed class TestFrameworkMappingTests
{
    private const string Header = "using System; using Microsoft.VisualStudio.TestTools.UnitTesting;\nnamespace T {\npublic enum Kind { A, B }\npublic struct Pair { public int X; }\n";

    private static AssemblyReport Check(string classBody, LanguageVersion lang = LanguageVersion.CSharp7_3) =>
        Snippet.Check(Snippet.Compile(Header + "[TestClass]\npublic class Tests {\n" + classBody + "\n}\n}", lang, withMsTest: true));

    [TestMethod]
    public void PortableAssertions_Pass()
    {
        AssemblyReport report = Check(
            "[TestMethod] public void A() {\n" +
            "  Assert.AreEqual(1, 2); Assert.AreEqual(1L, 2L, \"m\"); Assert.AreEqual(\"a\", \"b\");\n" +
            "  Assert.AreEqual((byte)1, (byte)2); Assert.AreEqual(Kind.A, Kind.B); Assert.AreEqual(new Pair(), new Pair());\n" +
            "  Assert.AreNotEqual(1, 2); Assert.IsTrue(true); Assert.IsFalse(false, \"m\");\n" +
            "  Assert.IsNull(null); Assert.IsNotNull(\"x\"); Assert.AreSame(this, this);\n" +
            "  CollectionAssert.AreEqual(new byte[] { 1 }, new byte[] { 1 });\n" +
            "}");
        Assert.AreEqual(0, report.Violations.Count, Snippet.Describe(report));
    }

    [TestMethod]
    public void GenericAreEqual_IsResolvedToTheTypedOverload_OrToObject()
    {
        AssemblyReport report = Check("[TestMethod] public void A() { Assert.AreEqual(1, 2); Assert.AreEqual(Kind.A, Kind.B); }");
        Assert.AreEqual(0, report.Violations.Count, Snippet.Describe(report));
        CollectionAssert.Contains(report.NanoAssemblies.ToList(), "nanoFramework.TestFramework");
    }

    [TestMethod]
    [DataRow("TestInitialize")]
    [DataRow("TestCleanup")]
    public void PerTestSetupAttributes_AreViolations_WithTheSetupHint(string attribute)
    {
        AssemblyReport report = Check("[" + attribute + "] public void Init() { }\n[TestMethod] public void A() { }");
        Violation v = report.Violations.First(x => x.DocId == "M:Microsoft.VisualStudio.TestTools.UnitTesting." + attribute + "Attribute.#ctor");
        StringAssert.Contains(v.Hint, "[Setup]");
        StringAssert.Contains(v.Format(), "(used in T.Tests.Init)");
    }

    [TestMethod]
    public void ClassInitialize_IsAViolation()
    {
        AssemblyReport report = Check("[ClassInitialize] public static void Init(TestContext c) { }\n[TestMethod] public void A() { }");
        Assert.IsTrue(report.Violations.Any(x => x.DocId == "M:Microsoft.VisualStudio.TestTools.UnitTesting.ClassInitializeAttribute.#ctor"), Snippet.Describe(report));
        Assert.IsTrue(report.Violations.Any(x => x.DocId == "T:Microsoft.VisualStudio.TestTools.UnitTesting.TestContext"), Snippet.Describe(report));
    }

    [TestMethod]
    public void AssertFail_AndGenericThrowsException_AreViolations()
    {
        AssemblyReport report = Check("[TestMethod] public void A() { Assert.Fail(\"x\"); Assert.ThrowsException<ArgumentException>(() => { }); }");
        Violation fail = report.Violations.First(x => x.DocId == "M:Microsoft.VisualStudio.TestTools.UnitTesting.Assert.Fail(System.String)");
        StringAssert.Contains(fail.Hint, "IsTrue(false");
        Violation throws = report.Violations.First(x => x.DocId.StartsWith("M:Microsoft.VisualStudio.TestTools.UnitTesting.Assert.ThrowsException``1(System.Action)"));
        StringAssert.Contains(throws.Hint, "ThrowsException(Type, Action");
    }

    [TestMethod]
    public void InterpolatedAssertMessage_IsAViolation()
    {
        AssemblyReport report = Check("[TestMethod] public void A() { int x = 1; Assert.IsTrue(x == 1, $\"x={x}\"); }", LanguageVersion.CSharp13);
        Assert.IsTrue(report.Violations.Any(v => v.DocId.Contains("InterpolatedStringHandler")), Snippet.Describe(report));
    }

    [TestMethod]
    public void PortableThrowsHelper_Passes()
    {
        // The shape shared tests can use instead of MSTest's generic ThrowsException<T>: non-generic,
        // and comparing type names (nanoFramework's Type has no operator ==).
        AssemblyReport report = Snippet.Check(Snippet.Compile(
            Header +
            "public static class Expect {\n" +
            "  public static void Throws(Type expected, Action action) {\n" +
            "    try { action(); }\n" +
            "    catch (Exception e) { Assert.AreEqual(expected.FullName, e.GetType().FullName, \"exception type\"); return; }\n" +
            "    Assert.IsTrue(false, \"expected \" + expected.FullName);\n" +
            "  }\n" +
            "}\n" +
            "[TestClass] public class Tests { [TestMethod] public void A() { Expect.Throws(typeof(ArgumentException), () => { throw new ArgumentException(\"x\"); }); } }\n" +
            "}",
            withMsTest: true));
        Assert.AreEqual(0, report.Violations.Count, Snippet.Describe(report));
    }

    [TestMethod]
    public void TypeEqualityOperator_IsReported()
    {
        AssemblyReport report = Check("[TestMethod] public void A() { Assert.IsTrue(typeof(int) == typeof(int)); }");
        Assert.IsTrue(report.Violations.Any(v => v.DocId == "M:System.Type.op_Equality(System.Type,System.Type)"), Snippet.Describe(report));
    }
}
