using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfCompat;

namespace NfCompat.Tests;

/// <summary>
/// The matching rules of ../shared/nanoframework-api/README.md on a small hand-written catalog, so each
/// rule is exercised on its own: exact, base type, params array, optional trailing parameters.
/// </summary>
[TestClass]
public sealed class RulesTests
{
    private static ApiCatalog Catalog() => ApiCatalog.FromLists(new[]
    {
        new KeyValuePair<string, string[]>("lib", new[]
        {
            "# assembly lib",
            "T:System.Object\t\tclass",
            "T:Base\tSystem.Object\tclass",
            "M:Base.#ctor\t\t",
            "M:Base.Foo(System.Int32)\tSystem.Void\t",
            "T:Derived\tBase,IThing\tclass",
            "T:IThing\tIRoot\tinterface",
            "T:IRoot\t\tinterface",
            "M:IRoot.get_Count\tSystem.Int32\tabstract",
            "T:S\tSystem.Object\tclass static",
            "M:S.Format(System.String,System.Object[])\tSystem.String\tstatic params",
            "M:S.NoFlag(System.String,System.Object[])\tSystem.String\tstatic",
            "M:S.AreEqual(System.Int32,System.Int32,System.String)\tSystem.Void\tstatic optional",
            "M:S.Strict(System.Int32,System.Int32,System.String)\tSystem.Void\tstatic",
            "F:S.Empty\tSystem.String\tstatic readonly",
            "T:D\tSystem.MulticastDelegate\tdelegate",
        }),
    });

    private static MemberQuery Method(string type, string name, params string[] parameters) => new MemberQuery('M', type, name, parameters);

    [TestMethod]
    public void ExactId_Matches()
    {
        MemberMatch? m = Catalog().ResolveMember(Method("Base", "Foo", "System.Int32"));
        Assert.IsNotNull(m);
        Assert.AreEqual(MatchKind.Exact, m.Kind);
        Assert.AreEqual("lib", m.Assembly);
    }

    [TestMethod]
    public void MemberListedOnBaseType_Matches()
    {
        MemberMatch? m = Catalog().ResolveMember(Method("Derived", "Foo", "System.Int32"));
        Assert.IsNotNull(m);
        Assert.AreEqual(MatchKind.Inherited, m.Kind);
        Assert.AreEqual("M:Base.Foo(System.Int32)", m.Id);
    }

    [TestMethod]
    public void MemberListedOnABaseInterfaceOfAnInterface_Matches()
    {
        MemberMatch? m = Catalog().ResolveMember(Method("Derived", "get_Count"));
        Assert.IsNotNull(m);
        Assert.AreEqual("M:IRoot.get_Count", m.Id);
    }

    [TestMethod]
    public void ConstructorOfBaseType_IsNoSubstitute()
    {
        Assert.IsNull(Catalog().ResolveMember(Method("Derived", "#ctor")));
        Assert.IsNotNull(Catalog().ResolveMember(Method("Base", "#ctor")));
    }

    [TestMethod]
    public void WrongOverload_DoesNotMatch()
    {
        Assert.IsNull(Catalog().ResolveMember(Method("Base", "Foo", "System.Int64")));
        Assert.IsNull(Catalog().ResolveMember(Method("Base", "Foo")));
        Assert.IsNull(Catalog().ResolveMember(Method("Unknown", "Foo", "System.Int32")));
    }

    [TestMethod]
    [DataRow(new[] { "System.String" })]
    [DataRow(new[] { "System.String", "System.Object" })]
    [DataRow(new[] { "System.String", "System.Object", "System.Object", "System.Object", "System.Object" })]
    public void TrailingArgumentsOfTheParamsElementType_MatchTheParamsOverload(string[] parameters)
    {
        MemberMatch? m = Catalog().ResolveMember(Method("S", "Format", parameters));
        Assert.IsNotNull(m);
        Assert.AreEqual(MatchKind.Params, m.Kind);
        Assert.AreEqual("M:S.Format(System.String,System.Object[])", m.Id);
    }

    [TestMethod]
    public void ParamsRule_NeedsSameLeadingTypes_SameElementType_AndTheParamsFlag()
    {
        ApiCatalog c = Catalog();
        Assert.IsNull(c.ResolveMember(Method("S", "Format", "System.String", "System.Int32")));
        Assert.IsNull(c.ResolveMember(Method("S", "Format", "System.Object", "System.Object")));
        Assert.IsNull(c.ResolveMember(Method("S", "Format")));
        Assert.IsNull(c.ResolveMember(Method("S", "NoFlag", "System.String", "System.Object")));
        Assert.IsNotNull(c.ResolveMember(Method("S", "NoFlag", "System.String", "System.Object[]")));
    }

    [TestMethod]
    public void MissingTrailingOptionalParameters_MatchTheOptionalOverload()
    {
        MemberMatch? m = Catalog().ResolveMember(Method("S", "AreEqual", "System.Int32", "System.Int32"));
        Assert.IsNotNull(m);
        Assert.AreEqual(MatchKind.Optional, m.Kind);
        Assert.AreEqual("M:S.AreEqual(System.Int32,System.Int32,System.String)", m.Id);
    }

    [TestMethod]
    public void OptionalRule_NeedsAPrefix_AndTheOptionalFlag()
    {
        ApiCatalog c = Catalog();
        Assert.IsNull(c.ResolveMember(Method("S", "AreEqual", "System.Int64", "System.Int64")));
        Assert.IsNull(c.ResolveMember(Method("S", "AreEqual", "System.Int32", "System.Int32", "System.String", "System.String")));
        Assert.IsNull(c.ResolveMember(Method("S", "Strict", "System.Int32", "System.Int32")));
    }

    [TestMethod]
    public void Fields_MatchExactlyOrOnBase()
    {
        ApiCatalog c = Catalog();
        Assert.IsNotNull(c.ResolveMember(new MemberQuery('F', "S", "Empty", new string[0])));
        Assert.IsNull(c.ResolveMember(new MemberQuery('F', "S", "Other", new string[0])));
    }

    [TestMethod]
    public void DelegateRuntimeMembers_AreAcceptedOnlyOnListedDelegates()
    {
        ApiCatalog c = Catalog();
        Assert.IsTrue(Allowlist.IsDelegateRuntimeMember(Method("D", "#ctor", "System.Object", "System.IntPtr"), c.FindType("D")));
        Assert.IsTrue(Allowlist.IsDelegateRuntimeMember(Method("D", "Invoke"), c.FindType("D")));
        Assert.IsFalse(Allowlist.IsDelegateRuntimeMember(Method("D", "BeginInvoke", "System.AsyncCallback", "System.Object"), c.FindType("D")));
        Assert.IsFalse(Allowlist.IsDelegateRuntimeMember(Method("Base", "Invoke"), c.FindType("Base")));
        Assert.IsFalse(Allowlist.IsDelegateRuntimeMember(Method("Missing", "Invoke"), c.FindType("Missing")));
    }

    [TestMethod]
    public void MalformedLine_IsRejected()
    {
        Assert.ThrowsExactly<ApiCatalogException>(() => ApiCatalog.FromLists(new[]
        {
            new KeyValuePair<string, string[]>("bad", new[] { "M:A.B(System.Int32) only-two-fields" }),
        }));
    }
}
