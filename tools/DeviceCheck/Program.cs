using System;
using System.IO;
using System.Linq;

namespace DeviceCheck;

/// <summary>
/// dotnet run --project tools/DeviceCheck [-- --api DIR] [--emit DIR] [--verbose]
/// Exit code 0 when every check passes, 1 when one fails, 2 when the API lists are missing.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        string repo = DeviceChecks.FindRepo(Directory.GetCurrentDirectory()) ?? DeviceChecks.FindRepo(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("run DeviceCheck inside the repository (Terminal.sln not found)");
        string apiDirectory = DeviceChecks.ApiDirectory(repo, Option(args, "--api"));
        if (!File.Exists(Path.Combine(apiDirectory, "packages.tsv")))
        {
            Console.Error.WriteLine("DeviceCheck: the nanoFramework API lists are missing at " + apiDirectory
                + " (expected ../shared/nanoframework-api beside the repository, or NF_API_DIR).");
            return 2;
        }

        var report = new Report(args.Contains("--verbose"));
        var checks = new DeviceChecks(repo, ApiIndex.Load(apiDirectory));

        Console.WriteLine("Device app: firmware/Terminal.Device + Terminal.Core against tools/DeviceCheck/Stubs, members against " + apiDirectory);
        checks.DeviceCompiles(report);
        checks.DeviceMembers(report);
        Console.WriteLine("Shared tests as NFUnitTest: tests/Terminal.Core.Tests + Terminal.Core, NANOFRAMEWORK_1_0");
        checks.SharedTests(report);
        checks.CanaryIsCaught(report);
        Console.WriteLine("Project files, package pins against packages.tsv, Board.cs against hardware/pinmap.csv");
        checks.ProjectFiles(report);
        checks.Packages(report);
        checks.PinMap(report);

        string? emit = Option(args, "--emit");
        if (emit is not null)
        {
            DeviceCompiler.Emit(checks.Device, emit);
            Console.WriteLine("Wrote Terminal.Device.dll and NfStubs.dll to " + emit);
        }

        Console.WriteLine("DeviceCheck: " + report.Passed + " passed, " + report.Failures.Count + " failed");
        return report.Failures.Count == 0 ? 0 : 1;
    }

    private static string? Option(string[] args, string name)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
