using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfCompat;

namespace NfCompat.Tests;

/// <summary>
/// The check on the project's real portable assemblies, and the demonstration the issue asks for:
/// the core with a <c>List&lt;int&gt;</c> added fails it.
/// </summary>
[TestClass]
public sealed class RealAssembliesTests
{
    /// <summary>
    /// Assemblies to check: written at build time by the WriteNfCompatTargets target from every
    /// ProjectReference marked NfCompat="true" in NfCompat.Tests.csproj.
    /// </summary>
    private static IReadOnlyList<string> Targets()
    {
        string list = Path.Combine(AppContext.BaseDirectory, "nfcompat-targets.txt");
        Assert.IsTrue(File.Exists(list), list + " is missing: NfCompat.Tests.csproj's WriteNfCompatTargets target did not run");
        var paths = File.ReadAllLines(list).Where(l => l.Trim().Length > 0).ToList();
        Assert.IsTrue(paths.Any(p => Path.GetFileName(p) == "Terminal.Core.dll"), "Terminal.Core.dll is not among the targets:\n" + string.Join("\n", paths));
        foreach (string path in paths)
        {
            Assert.IsTrue(File.Exists(path), path + " was not built");
        }

        return paths;
    }

    [TestMethod]
    public void PortableAssemblies_HaveNoNanoFrameworkViolations()
    {
        var args = new List<string> { "--api", Snippet.ApiDirectory };
        args.AddRange(Targets());
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(args.ToArray(), stdout, stderr, Snippet.RepoRoot);
        Assert.AreEqual(0, code, "nanoFramework compatibility check failed:\n" + stdout + stderr);
        StringAssert.Contains(stdout.ToString(), "nfcompat: Terminal.Core: ");
    }

    [TestMethod]
    public void CoreWithAListOfInt_FailsTheCheck()
    {
        // The real core sources, compiled as its csproj does (C# 7.3), once as they are and once with a
        // List<int> added: the addition must produce violations that point at the added code.
        string coreDir = Path.Combine(Snippet.RepoRoot, "firmware", "Terminal.Core");
        var sources = Directory.GetFiles(coreDir, "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar) && !p.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar))
            .Select(File.ReadAllText)
            .ToList();
        Assert.IsTrue(sources.Count > 10, "core sources not found in " + coreDir);

        const string Injected = @"
namespace Terminal.Core
{
    internal static class InjectedForTest
    {
        internal static int Count()
        {
            var list = new System.Collections.Generic.List<int>();
            list.Add(1);
            return list.Count;
        }
    }
}";
        AssemblyReport plain = Snippet.Check(Snippet.Compile("Terminal.Core", sources, LanguageVersion.CSharp7_3));
        AssemblyReport withList = Snippet.Check(Snippet.Compile("Terminal.Core", sources.Append(Injected), LanguageVersion.CSharp7_3));

        var before = new HashSet<string>(plain.Violations.Select(v => v.DocId));
        var added = withList.Violations.Where(v => !before.Contains(v.DocId)).ToList();
        var ids = added.Select(v => v.DocId).ToList();
        CollectionAssert.Contains(ids, "T:System.Collections.Generic.List{System.Int32}", Snippet.Describe(withList));
        CollectionAssert.Contains(ids, "M:System.Collections.Generic.List`1.Add(`0)", Snippet.Describe(withList));
        Assert.IsTrue(added.All(v => v.Reference.Sites.Contains("Terminal.Core.InjectedForTest.Count")), Snippet.Describe(withList));
        Assert.IsTrue(withList.Violations.Count > plain.Violations.Count);
    }
}
