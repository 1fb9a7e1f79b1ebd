using System;
using System.IO;
using DeviceCheck;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace DeviceCheck.Tests;

/// <summary>The lookup rules of the shared README: listed, on a base type, or a params overload.</summary>
[TestClass]
public sealed class ApiIndexTests
{
    private const string List =
        "# assembly Demo\n" +
        "# references mscorlib\n" +
        "T:Demo.Base\tSystem.Object\tclass\n" +
        "M:Demo.Base.Close\tSystem.Void\tvirtual\n" +
        "T:Demo.Derived\tDemo.Base,System.IDisposable\tclass\n" +
        "M:Demo.Derived.Open(System.String)\tSystem.Void\t\n" +
        "M:Demo.Text.Format(System.String,System.Object[])\tSystem.String\tstatic params\n" +
        "M:Demo.Text.Pack(System.Int32,System.Byte[])\tSystem.Void\tstatic params\n";

    [TestMethod]
    public void ListedMembersResolveToTheirAssembly()
    {
        ApiIndex index = Load();
        Assert.AreEqual("Demo", index.Resolve("M:Demo.Derived.Open(System.String)")?.Assembly);
        Assert.IsNull(index.Resolve("M:Demo.Derived.Open(System.Int32)"));
        CollectionAssert.AreEqual(new[] { "mscorlib" }, index.References["Demo"]);
    }

    [TestMethod]
    public void MembersDeclaredOnABaseTypeResolve()
    {
        ApiIndex index = Load();
        Assert.AreEqual("M:Demo.Base.Close", index.Resolve("M:Demo.Derived.Close")?.Id);
        Assert.IsNull(index.Resolve("M:Demo.Derived.Flush"));
    }

    [TestMethod]
    public void TrailingArgumentsMayGoIntoAParamsArray()
    {
        ApiIndex index = Load();
        Assert.IsNotNull(index.Resolve("M:Demo.Text.Format(System.String,System.Object)"));
        Assert.IsNotNull(index.Resolve("M:Demo.Text.Format(System.String,System.Int32,System.String)"));
        Assert.IsNotNull(index.Resolve("M:Demo.Text.Pack(System.Int32,System.Byte,System.Byte)"));
        Assert.IsNull(index.Resolve("M:Demo.Text.Pack(System.Int32,System.Int32)"), "an int does not go into a byte[]");
        Assert.IsNull(index.Resolve("M:Demo.Text.Format(System.Int32,System.Object)"), "leading parameters must match");
    }

    private static ApiIndex Load()
    {
        string directory = Path.Combine(Path.GetTempPath(), "ApiIndexTests_" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            File.WriteAllText(Path.Combine(directory, "Demo.txt"), List);
            return ApiIndex.Load(directory);
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }
}
