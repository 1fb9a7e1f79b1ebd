using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfCompat;

namespace NfCompat.Tests;

/// <summary>The tool as CI runs it: arguments, output format, exit codes, loud failure without the lists.</summary>
[TestClass]
public sealed class CommandLineTests
{
    private static readonly Regex Summary = new(@"^nfcompat: \d+ references checked, \d+ violations$", RegexOptions.Multiline);

    private static string WriteTemp(ImmutableArray<byte> image, string name)
    {
        string dir = Path.Combine(Path.GetTempPath(), "nfcompat-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, name + ".dll");
        File.WriteAllBytes(path, image.ToArray());
        return path;
    }

    private static (int Code, string Out, string Err) Run(string currentDirectory, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(args, stdout, stderr, currentDirectory);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [TestMethod]
    public void ViolatingAssembly_ExitsOne_WithSortedViolationLinesAndSummary()
    {
        string dll = WriteTemp(Snippet.Compile("namespace S { public class C { public static object Run(string s) { var l = new System.Collections.Generic.List<string>(); l.Add(s.Replace(\"a\", \"b\")); return l; } } }"), "Snippet");
        (int code, string output, string err) = Run(Path.GetDirectoryName(dll)!, "--api", Snippet.ApiDirectory, dll);

        Assert.AreEqual(1, code, output + err);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        var violations = lines.Where(l => l.StartsWith("NFCOMPAT: ", StringComparison.Ordinal)).ToList();
        Assert.IsTrue(violations.Count >= 3, output);
        CollectionAssert.AreEqual(violations.OrderBy(l => l, StringComparer.Ordinal).ToList(), violations, "violation lines are not sorted");
        Assert.IsTrue(violations.All(l => l.StartsWith("NFCOMPAT: Snippet: ", StringComparison.Ordinal) && l.Contains(" (used in S.C.Run")), output);
        Assert.IsTrue(violations.Any(l => l.StartsWith("NFCOMPAT: Snippet: M:System.String.Replace(System.String,System.String) (used in S.C.Run)", StringComparison.Ordinal)), output);
        Match m = Summary.Match(output);
        Assert.IsTrue(m.Success, output);
        StringAssert.EndsWith(m.Value, ", " + violations.Count + " violations");
    }

    [TestMethod]
    public void CleanAssembly_ExitsZero()
    {
        string dll = WriteTemp(Snippet.Compile("namespace S { public class C { public static string Run(string s) { return s.Substring(1); } } }"), "Clean");
        (int code, string output, string err) = Run(Path.GetDirectoryName(dll)!, "--api", Snippet.ApiDirectory, dll);
        Assert.AreEqual(0, code, output + err);
        StringAssert.Contains(output, " 0 violations");
        Assert.IsFalse(output.Contains("NFCOMPAT: "), output);
    }

    [TestMethod]
    public void ListOption_ShowsHowEachReferenceResolved_AndWhatWasSkipped()
    {
        string dll = WriteTemp(Snippet.Compile("[assembly: System.Reflection.AssemblyCompany(\"c\")]\nnamespace S { public class C { public static string Run(int x) { return string.Format(\"{0}\", x); } } }"), "Listed");
        (int code, string output, string err) = Run(Path.GetDirectoryName(dll)!, "--api", Snippet.ApiDirectory, "--list", dll);
        Assert.AreEqual(0, code, output + err);
        StringAssert.Contains(output, "ok: Snippet: M:System.String.Format(System.String,System.Object) -> params M:System.String.Format(System.String,System.Object[]) [mscorlib]");
        StringAssert.Contains(output, "ok: Snippet: T:System.Object -> listed T:System.Object [mscorlib]");
        StringAssert.Contains(output, "skip: Snippet: SDK assembly attribute System.Reflection.AssemblyCompanyAttribute");
    }

    [TestMethod]
    public void MissingApiFolder_FailsLoudly_WithExitTwo()
    {
        string dll = WriteTemp(Snippet.Compile("namespace S { public class C { } }"), "Any");
        string missing = Path.Combine(Path.GetTempPath(), "nfcompat-no-such-folder-" + Guid.NewGuid().ToString("N"));
        (int code, string output, string err) = Run(Path.GetDirectoryName(dll)!, "--api", missing, dll);
        Assert.AreEqual(2, code);
        StringAssert.Contains(err, "NFCOMPAT ERROR: nanoFramework API folder not found: " + missing);
        StringAssert.Contains(err, "failure, not a skip");
        Assert.IsFalse(Summary.IsMatch(output), "must not print a summary that could be mistaken for a result");
    }

    [TestMethod]
    public void ApiFolderWithoutLists_OrWithoutMscorlib_FailsWithExitTwo()
    {
        string dll = WriteTemp(Snippet.Compile("namespace S { public class C { } }"), "Any");
        string empty = Path.Combine(Path.GetTempPath(), "nfcompat-empty-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(empty);
        Assert.AreEqual(2, Run(empty, "--api", empty, dll).Code);

        File.WriteAllText(Path.Combine(empty, "Other.txt"), "T:Other.Thing\tSystem.Object\tclass\n");
        (int code, _, string err) = Run(empty, "--api", empty, dll);
        Assert.AreEqual(2, code);
        StringAssert.Contains(err, "T:System.Object");
    }

    [TestMethod]
    public void DefaultApiFolder_IsBesideTheRepositoryRoot()
    {
        string root = Snippet.RepoRoot;
        Assert.AreEqual(Path.GetFullPath(Path.Combine(root, "..", "shared", "nanoframework-api")), Program.DefaultApiDirectory(root));

        string dll = WriteTemp(Snippet.Compile("namespace S { public class C { } }"), "Any");
        (int code, string output, string err) = Run(root, dll);
        Assert.AreEqual(0, code, output + err);
        StringAssert.Contains(output, "from " + Program.DefaultApiDirectory(root));
    }

    [TestMethod]
    public void BadArguments_ExitTwo()
    {
        Assert.AreEqual(2, Run(Snippet.RepoRoot).Code);
        Assert.AreEqual(2, Run(Snippet.RepoRoot, "--bogus", "x.dll").Code);
        Assert.AreEqual(2, Run(Snippet.RepoRoot, "--api").Code);
        (int code, _, string err) = Run(Snippet.RepoRoot, "--api", Snippet.ApiDirectory, "/no/such/Assembly.dll");
        Assert.AreEqual(2, code);
        StringAssert.Contains(err, "assembly not found");

        string notPe = Path.Combine(Path.GetTempPath(), "nfcompat-notpe-" + Guid.NewGuid().ToString("N") + ".dll");
        File.WriteAllText(notPe, "not an assembly");
        Assert.AreEqual(2, Run(Snippet.RepoRoot, "--api", Snippet.ApiDirectory, notPe).Code);
    }

    [TestMethod]
    public void AssembliesCheckedTogether_MayReferenceEachOther()
    {
        ImmutableArray<byte> lib = Snippet.Compile("Lib", new[] { "namespace L { public class Thing { public int Value() { return 1; } } }" });
        ImmutableArray<byte> user = Snippet.Compile(
            "User",
            new[] { "namespace U { public class C { public static int Run() { return new L.Thing().Value(); } } }" },
            extraReferences: new[] { Microsoft.CodeAnalysis.MetadataReference.CreateFromImage(lib) });
        string libPath = WriteTemp(lib, "Lib");
        string userPath = WriteTemp(user, "User");

        // Alone, the user assembly references L.Thing, which no list has.
        (int alone, string aloneOut, _) = Run(Snippet.RepoRoot, "--api", Snippet.ApiDirectory, userPath);
        Assert.AreEqual(1, alone, aloneOut);
        StringAssert.Contains(aloneOut, "NFCOMPAT: User: T:L.Thing (used in U.C.Run)");

        (int together, string togetherOut, string err) = Run(Snippet.RepoRoot, "--api", Snippet.ApiDirectory, libPath, userPath);
        Assert.AreEqual(0, together, togetherOut + err);
        StringAssert.Contains(togetherOut, "nfcompat: Lib: ");
        StringAssert.Contains(togetherOut, "nfcompat: User: ");
    }
}
