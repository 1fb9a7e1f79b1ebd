using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DeviceCheck;

/// <summary>
/// The checks of the nanoFramework projects, one method each, sharing the compilations. Program runs
/// them all; tests/DeviceCheck.Tests runs each as a test.
/// </summary>
internal sealed class DeviceChecks
{
    // Members nanoFramework 1.x lacks: if the checker stops reporting them, it checks nothing.
    internal const string Canary =
        "namespace Terminal.Device.Canary { internal static class Canary { internal static string Use(string[] parts) " +
        "{ return string.Join(\",\", parts).Replace(\"a\", \"b\"); } } }";

    internal static readonly string[] CanaryMissing =
    {
        "M:System.String.Join(System.String,System.String[])",
        "M:System.String.Replace(System.String,System.String)",
    };

    private readonly DeviceCompiler _compiler;
    private (CSharpCompilation Compilation, IReadOnlyList<SyntaxTree> Trees, IReadOnlyList<Diagnostic> StubErrors)? _device;
    private (CSharpCompilation Compilation, IReadOnlyList<SyntaxTree> Trees)? _tests;
    private SortedSet<string>? _deviceAssemblies;
    private SortedSet<string>? _testAssemblies;

    public DeviceChecks(string repo, ApiIndex api)
    {
        Repo = repo;
        Api = api;
        _compiler = new DeviceCompiler(repo);
    }

    public string Repo { get; }

    public ApiIndex Api { get; }

    private string DeviceDirectory => Path.Combine(Repo, "firmware", "Terminal.Device");

    private string TestsDirectory => Path.Combine(Repo, "tests", "Terminal.Core.Tests");

    /// <summary>Finds the API lists: an explicit folder, NF_API_DIR, or ../shared/nanoframework-api beside the repository.</summary>
    public static string ApiDirectory(string repo, string? explicitDirectory) =>
        explicitDirectory ?? Environment.GetEnvironmentVariable("NF_API_DIR")
        ?? Path.GetFullPath(Path.Combine(repo, "..", "shared", "nanoframework-api"));

    /// <summary>The repository root above <paramref name="start"/> (the folder holding Terminal.sln and firmware/).</summary>
    public static string? FindRepo(string start)
    {
        for (DirectoryInfo? dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Terminal.sln")) && Directory.Exists(Path.Combine(dir.FullName, "firmware")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    public CSharpCompilation Device => CompileDevice().Compilation;

    /// <summary>The device app and the core compile against the stubs (and the stubs compile).</summary>
    public void DeviceCompiles(Report report)
    {
        var device = CompileDevice();
        foreach (Diagnostic error in device.StubErrors)
        {
            report.Fail("stubs: " + error);
        }

        CheckCompiles(report, device.Compilation, device.Trees, "device sources compile (C# 7.3)");
    }

    /// <summary>Every type and member the device sources use is in the API lists.</summary>
    public void DeviceMembers(Report report)
    {
        var device = CompileDevice();
        _deviceAssemblies = CheckMembers(report, device.Compilation, device.Trees);
    }

    /// <summary>The shared tests compile as the NFUnitTest project does, and use only listed members.</summary>
    public void SharedTests(Report report)
    {
        if (!Directory.Exists(TestsDirectory))
        {
            report.Fail("tests/Terminal.Core.Tests is missing, but Terminal.Core.Tests.nfproj links it");
            _testAssemblies = new SortedSet<string>(StringComparer.Ordinal);
            return;
        }

        var tests = CompileTests();
        CheckCompiles(report, tests.Compilation, tests.Trees, "shared tests compile against nanoFramework.TestFramework (C# 7.3)");
        _testAssemblies = CheckMembers(report, tests.Compilation, tests.Trees);
    }

    /// <summary>Calls nanoFramework lacks are reported: the member check is not vacuous.</summary>
    public void CanaryIsCaught(Report report)
    {
        string canaryFile = Path.Combine(Path.GetTempPath(), "DeviceCheckCanary_" + Environment.ProcessId + "_" + Guid.NewGuid().ToString("N") + ".cs");
        File.WriteAllText(canaryFile, Canary);
        try
        {
            var (withCanary, canaryTrees, _) = _compiler.Compile("Canary", new[] { canaryFile });
            var missing = ReferenceCollector.Collect(withCanary, canaryTrees)
                .Select(m => m.Id).Where(id => Api.Resolve(id) is null).ToList();
            report.Check(CanaryMissing.All(missing.Contains), "canary: String.Join and String.Replace are reported missing");
        }
        finally
        {
            File.Delete(canaryFile);
        }
    }

    public void ProjectFiles(Report report) => ProjectFileCheck.Run(report, Repo);

    /// <summary>Both packages.config files and their references agree with packages.tsv and cover what the code uses.</summary>
    public void Packages(Report report)
    {
        if (_deviceAssemblies is null)
        {
            DeviceMembers(new Report(false));
        }

        if (_testAssemblies is null)
        {
            SharedTests(new Report(false));
        }

        PackageChecks.Run(report, Api, Path.Combine(DeviceDirectory, "Terminal.Device.nfproj"), _deviceAssemblies!);
        PackageChecks.Run(report, Api, Path.Combine(Repo, "tests", "Terminal.Core.Tests.nf", "Terminal.Core.Tests.nfproj"), _testAssemblies!);
    }

    public void PinMap(Report report) => PinMapCheck.Run(report, Device, Path.Combine(Repo, "hardware", "pinmap.csv"));

    private (CSharpCompilation Compilation, IReadOnlyList<SyntaxTree> Trees, IReadOnlyList<Diagnostic> StubErrors) CompileDevice()
    {
        _device ??= _compiler.Compile("Terminal.Device", DeviceCompiler.Sources(DeviceDirectory));
        return _device.Value;
    }

    private (CSharpCompilation Compilation, IReadOnlyList<SyntaxTree> Trees) CompileTests()
    {
        if (_tests is null)
        {
            // The same exclusions as Terminal.Core.Tests.nfproj.
            var (compilation, trees, _) = _compiler.Compile(
                "Terminal.Core.Tests.nf", DeviceCompiler.Sources(TestsDirectory, "TestResults", "HostOnly"), "NANOFRAMEWORK_1_0");
            _tests = (compilation, trees);
        }

        return _tests.Value;
    }

    private static void CheckCompiles(Report report, CSharpCompilation compilation, IReadOnlyList<SyntaxTree> trees, string what)
    {
        var diagnostics = compilation.GetDiagnostics();
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        foreach (Diagnostic error in errors)
        {
            report.Fail("compile: " + error);
        }

        foreach (Diagnostic warning in diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning && trees.Contains(d.Location.SourceTree)))
        {
            // Reported, not failed: the nanoFramework build decides its own warning policy.
            Console.WriteLine("  warning " + warning);
        }

        report.Check(errors.Count == 0, what);
    }

    private SortedSet<string> CheckMembers(Report report, CSharpCompilation compilation, IReadOnlyList<SyntaxTree> trees)
    {
        var assemblies = new SortedSet<string>(StringComparer.Ordinal);
        IReadOnlyList<UsedMember> used = ReferenceCollector.Collect(compilation, trees);
        foreach (UsedMember member in used)
        {
            ApiEntry? entry = Api.Resolve(member.Id);
            report.Check(entry is not null, member.Id + (entry is null ? " (" + member.Location + ") is not in the API lists" : " [" + entry.Assembly + "]"));
            if (entry is not null)
            {
                assemblies.Add(entry.Assembly);
            }
        }

        report.Check(used.Count > 0, used.Count + " types and members used, from " + string.Join(", ", assemblies));
        return assemblies;
    }
}
