using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DeviceCheck;

/// <summary>
/// dotnet run --project tools/DeviceCheck [-- --api DIR] [--emit DIR] [--verbose]
/// Exit code 0 when every check passes, 1 when one fails, 2 when the API lists are missing.
/// </summary>
internal static class Program
{
    // Members nanoFramework 1.x lacks: if the checker stops reporting them, it checks nothing.
    private const string Canary =
        "namespace Terminal.Device.Canary { internal static class Canary { internal static string Use(string[] parts) " +
        "{ return string.Join(\",\", parts).Replace(\"a\", \"b\"); } } }";

    private static readonly string[] CanaryMissing =
    {
        "M:System.String.Join(System.String,System.String[])",
        "M:System.String.Replace(System.String,System.String)",
    };

    public static int Main(string[] args)
    {
        bool verbose = args.Contains("--verbose");
        string repo = FindRepo();
        string apiDirectory = Option(args, "--api") ?? Environment.GetEnvironmentVariable("NF_API_DIR")
            ?? Path.GetFullPath(Path.Combine(repo, "..", "shared", "nanoframework-api"));
        if (!File.Exists(Path.Combine(apiDirectory, "packages.tsv")))
        {
            Console.Error.WriteLine("DeviceCheck: the nanoFramework API lists are missing at " + apiDirectory
                + " (expected ../shared/nanoframework-api beside the repository, or NF_API_DIR).");
            return 2;
        }

        var report = new Report(verbose);
        ApiIndex api = ApiIndex.Load(apiDirectory);
        var compiler = new DeviceCompiler(repo);
        string deviceDirectory = Path.Combine(repo, "firmware", "Terminal.Device");
        string deviceProject = Path.Combine(deviceDirectory, "Terminal.Device.nfproj");
        string testsDirectory = Path.Combine(repo, "tests", "Terminal.Core.Tests");
        string testsProject = Path.Combine(repo, "tests", "Terminal.Core.Tests.nf", "Terminal.Core.Tests.nfproj");

        Console.WriteLine("Device app: firmware/Terminal.Device + Terminal.Core against tools/DeviceCheck/Stubs");
        var (device, deviceTrees, stubErrors) = compiler.Compile("Terminal.Device", DeviceCompiler.Sources(deviceDirectory));
        foreach (Diagnostic error in stubErrors)
        {
            report.Fail("stubs: " + error);
        }

        bool deviceCompiles = CheckCompiles(report, device, deviceTrees, "device sources compile (C# 7.3)");
        SortedSet<string> deviceAssemblies = CheckMembers(report, api, device, deviceTrees);

        Console.WriteLine("Shared tests as NFUnitTest: tests/Terminal.Core.Tests + Terminal.Core, NANOFRAMEWORK_1_0");
        SortedSet<string> testAssemblies = new(StringComparer.Ordinal);
        if (!Directory.Exists(testsDirectory))
        {
            report.Fail("tests/Terminal.Core.Tests is missing, but Terminal.Core.Tests.nfproj links it");
        }
        else
        {
            // The same exclusions as the .nfproj.
            var (tests, testTrees, _) = compiler.Compile(
                "Terminal.Core.Tests.nf", DeviceCompiler.Sources(testsDirectory, "TestResults", "HostOnly"), "NANOFRAMEWORK_1_0");
            CheckCompiles(report, tests, testTrees, "shared tests compile against nanoFramework.TestFramework (C# 7.3)");
            testAssemblies = CheckMembers(report, api, tests, testTrees);
        }

        // Compiled with the device code, the canary's two calls must come out missing.
        string canaryFile = Path.Combine(Path.GetTempPath(), "DeviceCheckCanary_" + Environment.ProcessId + ".cs");
        File.WriteAllText(canaryFile, Canary);
        try
        {
            var (withCanary, canaryTrees, _) = compiler.Compile("Canary", new[] { canaryFile });
            var missing = ReferenceCollector.Collect(withCanary, canaryTrees)
                .Select(m => m.Id).Where(id => api.Resolve(id) is null).ToList();
            report.Check(CanaryMissing.All(missing.Contains), "canary: String.Join and String.Replace are reported missing");
        }
        finally
        {
            File.Delete(canaryFile);
        }

        Console.WriteLine("Project files");
        ProjectFileCheck.Run(report, repo);

        Console.WriteLine("Package pins against packages.tsv");
        PackageChecks.Run(report, api, deviceProject, deviceAssemblies);
        PackageChecks.Run(report, api, testsProject, testAssemblies);

        Console.WriteLine("Board.cs against hardware/pinmap.csv");
        PinMapCheck.Run(report, device, Path.Combine(repo, "hardware", "pinmap.csv"));

        string? emit = Option(args, "--emit");
        if (emit is not null && deviceCompiles)
        {
            DeviceCompiler.Emit(device, emit);
            Console.WriteLine("Wrote Terminal.Device.dll and NfStubs.dll to " + emit);
        }

        Console.WriteLine("DeviceCheck: " + report.Passed + " passed, " + report.Failures.Count + " failed");
        return report.Failures.Count == 0 ? 0 : 1;
    }

    private static bool CheckCompiles(Report report, CSharpCompilation compilation, IReadOnlyList<SyntaxTree> trees, string what)
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
        return errors.Count == 0;
    }

    private static SortedSet<string> CheckMembers(Report report, ApiIndex api, CSharpCompilation compilation, IReadOnlyList<SyntaxTree> trees)
    {
        var assemblies = new SortedSet<string>(StringComparer.Ordinal);
        IReadOnlyList<UsedMember> used = ReferenceCollector.Collect(compilation, trees);
        foreach (UsedMember member in used)
        {
            ApiEntry? entry = api.Resolve(member.Id);
            report.Check(entry is not null, member.Id + (entry is null ? " (" + member.Location + ") is not in the API lists" : " [" + entry.Assembly + "]"));
            if (entry is not null)
            {
                assemblies.Add(entry.Assembly);
            }
        }

        Console.WriteLine("  " + used.Count + " types and members used, from " + string.Join(", ", assemblies));
        return assemblies;
    }

    private static string? Option(string[] args, string name)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static string FindRepo()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Terminal.sln")) && Directory.Exists(Path.Combine(dir.FullName, "firmware")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("run DeviceCheck inside the repository (Terminal.sln not found)");
    }
}
