using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DeviceCheck;

/// <summary>
/// Compiles the device sources the way Terminal.Device.nfproj does (its own files plus every core
/// file, C# 7.3), except that the nanoFramework packages are replaced by Stubs/ and mscorlib by the
/// .NET reference set. What binds here binds to the same member names on the device; whether those
/// members exist there is the job of <see cref="ReferenceCollector"/> and the API lists.
/// </summary>
internal sealed class DeviceCompiler
{
    private readonly string _repo;

    public DeviceCompiler(string repo)
    {
        _repo = repo;
    }

    /// <summary>The .cs files under a folder, without build output (bin, obj) and the given folders.</summary>
    public static IEnumerable<string> Sources(string directory, params string[] excludedFolders)
    {
        var excluded = new[] { "bin", "obj" }.Concat(excludedFolders)
            .Select(f => Path.DirectorySeparatorChar + f + Path.DirectorySeparatorChar)
            .ToList();
        return System.IO.Directory.GetFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !excluded.Any(e => Path.GetRelativePath(directory, f).Insert(0, Path.DirectorySeparatorChar.ToString()).Contains(e, StringComparison.Ordinal)))
            .OrderBy(f => f, StringComparer.Ordinal);
    }

    /// <summary>
    /// Builds the stub assembly and a compilation of <paramref name="checkedSources"/> plus every core
    /// source (not emitted). The returned trees are those of the checked sources only.
    /// </summary>
    public (CSharpCompilation Compilation, IReadOnlyList<SyntaxTree> CheckedTrees, IReadOnlyList<Diagnostic> StubErrors) Compile(
        string assemblyName, IEnumerable<string> checkedSources, params string[] preprocessorSymbols)
    {
        List<MetadataReference> platform = PlatformReferences();

        var stubTrees = Sources(Path.Combine(_repo, "tools", "DeviceCheck", "Stubs"))
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), new CSharpParseOptions(LanguageVersion.Latest), f))
            .ToList();
        CSharpCompilation stubs = CSharpCompilation.Create(
            "NfStubs",
            stubTrees,
            platform,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var stubErrors = stubs.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

        var options = new CSharpParseOptions(LanguageVersion.CSharp7_3, preprocessorSymbols: preprocessorSymbols);
        var checkedTrees = checkedSources
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), options, f))
            .ToList();
        var coreTrees = Sources(Path.Combine(_repo, "firmware", "Terminal.Core"))
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), options, f));

        var references = new List<MetadataReference>(platform) { stubs.ToMetadataReference() };
        CSharpCompilation compilation = CSharpCompilation.Create(
            assemblyName,
            checkedTrees.Concat(coreTrees),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable)
                .WithSpecificDiagnosticOptions(NetOnlyWarnings));
        return (compilation, checkedTrees, stubErrors);
    }

    // Obsoletions of .NET's own types that the device binds to by name only: nanoFramework's
    // X509Certificate(string) takes the PEM text and is not obsolete there.
    private static readonly Dictionary<string, ReportDiagnostic> NetOnlyWarnings = new(StringComparer.Ordinal)
    {
        ["SYSLIB0057"] = ReportDiagnostic.Suppress,
    };

    /// <summary>Writes the device assembly and the stubs it references, for an IL-level checker.</summary>
    public static void Emit(CSharpCompilation device, string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        foreach (MetadataReference reference in device.References)
        {
            if (reference is CompilationReference { Compilation: CSharpCompilation stubs })
            {
                stubs.Emit(Path.Combine(directory, stubs.AssemblyName + ".dll"));
            }
        }

        var result = device.Emit(Path.Combine(directory, device.AssemblyName + ".dll"));
        if (!result.Success)
        {
            throw new InvalidOperationException("emit failed");
        }
    }

    // .NET assemblies that define a namespace-and-name the stubs also define (nanoFramework's System.Net
    // puts NetworkInterface with other members in System.Net.NetworkInformation). Referencing both
    // makes every use ambiguous (CS0433); the facades' forwarders to a missing assembly do not.
    private static readonly HashSet<string> ReplacedByStubs = new(StringComparer.OrdinalIgnoreCase)
    {
        "System.Net.NetworkInformation.dll",
    };

    private static List<MetadataReference> PlatformReferences()
    {
        // The running runtime's own assemblies: enough to compile against, and always present.
        string trusted = (string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")
            ?? throw new InvalidOperationException("no trusted platform assemblies");
        return trusted.Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal)
                || Path.GetFileName(p) == "mscorlib.dll" || Path.GetFileName(p) == "netstandard.dll")
            .Where(p => !ReplacedByStubs.Contains(Path.GetFileName(p)))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList();
    }
}
