using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NfCompat;

namespace NfCompat.Tests;

/// <summary>Compiles C# in memory and runs the checker on the result.</summary>
internal static class Snippet
{
    private static readonly Lazy<ApiCatalog> RealCatalog = new(() => ApiCatalog.Load(ApiDirectory));

    /// <summary>../shared/nanoframework-api beside the repository (the test fails if it is missing).</summary>
    public static string ApiDirectory
    {
        get
        {
            string root = Program.FindRepoRoot(AppContext.BaseDirectory)
                ?? throw new AssertFailedException("cannot find Terminal.sln above " + AppContext.BaseDirectory);
            return Program.DefaultApiDirectory(root);
        }
    }

    public static string RepoRoot => Program.FindRepoRoot(AppContext.BaseDirectory)
        ?? throw new AssertFailedException("cannot find Terminal.sln above " + AppContext.BaseDirectory);

    /// <summary>The real lists; loading throws (fails the test) when the folder is missing.</summary>
    public static ApiCatalog Catalog => RealCatalog.Value;

    /// <summary>
    /// The framework the snippets compile against: the running .NET's own assemblies (same public surface
    /// and the same compiler lowering decisions as the reference pack the real build uses).
    /// </summary>
    public static IReadOnlyList<MetadataReference> Framework { get; } = LoadFramework();

    /// <summary>MSTest's framework assemblies (the ones this test project runs with; TestContext lives in the second).</summary>
    public static IReadOnlyList<MetadataReference> MsTest { get; } = new[]
    {
        MetadataReference.CreateFromFile(typeof(Assert).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(TestContext).Assembly.Location),
    };

    /// <summary>Compiles sources into a dll image; fails the test on compile errors.</summary>
    public static ImmutableArray<byte> Compile(
        string assemblyName,
        IEnumerable<string> sources,
        LanguageVersion languageVersion = LanguageVersion.CSharp7_3,
        IEnumerable<MetadataReference>? extraReferences = null,
        bool allowUnsafe = false)
    {
        CSharpCompilation compilation = CreateCompilation(assemblyName, sources, languageVersion, extraReferences, allowUnsafe);
        using var stream = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult result = compilation.Emit(stream);
        if (!result.Success)
        {
            string errors = string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
            throw new AssertFailedException("snippet does not compile:\n" + errors);
        }

        return ImmutableArray.Create(stream.ToArray());
    }

    /// <summary>Compiles one source text.</summary>
    public static ImmutableArray<byte> Compile(string source, LanguageVersion languageVersion = LanguageVersion.CSharp7_3, bool withMsTest = false) =>
        Compile("Snippet", new[] { source }, languageVersion, withMsTest ? MsTest : null);

    public static CSharpCompilation CreateCompilation(
        string assemblyName,
        IEnumerable<string> sources,
        LanguageVersion languageVersion,
        IEnumerable<MetadataReference>? extraReferences,
        bool allowUnsafe)
    {
        var parse = new CSharpParseOptions(languageVersion);
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s, parse)).ToList();
        var references = Framework.Concat(extraReferences ?? Array.Empty<MetadataReference>()).ToList();
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
            .WithOptimizationLevel(OptimizationLevel.Debug)
            .WithAllowUnsafe(allowUnsafe)
            .WithNullableContextOptions(NullableContextOptions.Disable);
        return CSharpCompilation.Create(assemblyName, trees, references, options);
    }

    /// <summary>Scans and checks an image against the real lists.</summary>
    public static AssemblyReport Check(ImmutableArray<byte> image, params string[] coChecked) =>
        new CompatChecker(Catalog).Check(AssemblyScanner.Scan(image, new HashSet<string>(coChecked)));

    /// <summary>Scans without checking.</summary>
    public static ScanResult Scan(ImmutableArray<byte> image, params string[] coChecked) =>
        AssemblyScanner.Scan(image, new HashSet<string>(coChecked));

    /// <summary>The violation IDs of a report, for assertions and failure messages.</summary>
    public static string Describe(AssemblyReport report) =>
        report.Violations.Count == 0
            ? "(no violations)"
            : string.Join("\n", report.Violations.Select(v => v.Format()));

    private static List<MetadataReference> LoadFramework()
    {
        string tpa = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string
            ?? throw new InvalidOperationException("no TRUSTED_PLATFORM_ASSEMBLIES");
        string runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;

        // Only the shared framework itself: the test's own dependencies (Roslyn, MSTest) would add
        // unrelated types and version conflicts.
        return tpa.Split(Path.PathSeparator)
            .Where(p => string.Equals(Path.GetDirectoryName(p), runtimeDir, StringComparison.Ordinal))
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal)
                || Path.GetFileName(p) == "mscorlib.dll"
                || Path.GetFileName(p) == "netstandard.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList();
    }
}
