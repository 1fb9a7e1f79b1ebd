using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace NfCompat;

/// <summary>
/// Command line: <c>NfCompat [--api DIR] ASSEMBLY.dll [ASSEMBLY.dll ...]</c>. Exit 0 when every
/// reference is available on nanoFramework 1.x, 1 when there are violations, 2 when the check could
/// not run (missing API folder, unreadable assembly, bad arguments): never a silent pass.
/// </summary>
public static class Program
{
    internal const int ExitOk = 0;
    internal const int ExitViolations = 1;
    internal const int ExitError = 2;

    private const string Usage =
        "usage: NfCompat [--api DIR] [--list] ASSEMBLY.dll [ASSEMBLY.dll ...]\n" +
        "  Checks every type and member the assemblies reference against the nanoFramework 1.x API lists.\n" +
        "  Assemblies given together may reference each other (e.g. Terminal.Core.dll Terminal.Core.Tests.dll).\n" +
        "  --api DIR   folder with the *.txt lists (default: <repo root>/../shared/nanoframework-api,\n" +
        "              repo root = nearest folder up from the current directory holding Terminal.sln)\n" +
        "  --list      also print how every accepted reference resolved and what was skipped (for audits)";

    public static int Main(string[] args) => Run(args, Console.Out, Console.Error, Directory.GetCurrentDirectory());

    /// <summary>The whole tool, with its streams and working directory injectable for tests.</summary>
    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr, string currentDirectory)
    {
        string? apiDir = null;
        bool list = false;
        var assemblies = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (arg == "--api")
            {
                if (i + 1 >= args.Length)
                {
                    stderr.WriteLine("nfcompat: --api needs a folder");
                    stderr.WriteLine(Usage);
                    return ExitError;
                }

                apiDir = Path.GetFullPath(args[++i], currentDirectory);
            }
            else if (arg == "--list")
            {
                list = true;
            }
            else if (arg == "-h" || arg == "--help")
            {
                stdout.WriteLine(Usage);
                return ExitOk;
            }
            else if (arg.StartsWith("-", StringComparison.Ordinal))
            {
                stderr.WriteLine("nfcompat: unknown option " + arg);
                stderr.WriteLine(Usage);
                return ExitError;
            }
            else
            {
                assemblies.Add(Path.GetFullPath(arg, currentDirectory));
            }
        }

        if (assemblies.Count == 0)
        {
            stderr.WriteLine("nfcompat: no assembly given");
            stderr.WriteLine(Usage);
            return ExitError;
        }

        if (apiDir == null)
        {
            string? root = FindRepoRoot(currentDirectory) ?? FindRepoRoot(AppContext.BaseDirectory);
            if (root == null)
            {
                stderr.WriteLine("NFCOMPAT ERROR: cannot find the repository root (a folder holding Terminal.sln) above " + currentDirectory + "; pass --api DIR");
                return ExitError;
            }

            apiDir = DefaultApiDirectory(root);
        }

        ApiCatalog catalog;
        try
        {
            catalog = ApiCatalog.Load(apiDir);
        }
        catch (ApiCatalogException e)
        {
            WriteLoudError(stderr, e.Message);
            return ExitError;
        }
        catch (IOException e)
        {
            WriteLoudError(stderr, "cannot read the API lists in " + apiDir + ": " + e.Message);
            return ExitError;
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string path in assemblies)
        {
            if (!File.Exists(path))
            {
                stderr.WriteLine("NFCOMPAT ERROR: assembly not found: " + path + " (build it first)");
                return ExitError;
            }

            try
            {
                names.Add(AssemblyScanner.ReadAssemblyName(path));
            }
            catch (BadImageFormatException e)
            {
                stderr.WriteLine("NFCOMPAT ERROR: " + path + ": " + e.Message);
                return ExitError;
            }
        }

        var checker = new CompatChecker(catalog);
        var reports = new List<AssemblyReport>();
        foreach (string path in assemblies)
        {
            ScanResult scan;
            try
            {
                scan = AssemblyScanner.ScanFile(path, names);
            }
            catch (BadImageFormatException e)
            {
                stderr.WriteLine("NFCOMPAT ERROR: cannot read " + path + ": " + e.Message);
                return ExitError;
            }

            AssemblyReport report = checker.Check(scan);
            if (report.CheckedCount == 0)
            {
                // Every real assembly references at least System.Object; zero means the scanner is broken.
                stderr.WriteLine("NFCOMPAT ERROR: " + path + ": no references found, refusing to report a pass");
                return ExitError;
            }

            reports.Add(report);
            if (list)
            {
                foreach (string item in scan.SkippedItems)
                {
                    stdout.WriteLine("skip: " + scan.AssemblyName + ": " + item);
                }

                foreach (string resolution in report.Resolutions)
                {
                    stdout.WriteLine(resolution);
                }
            }
        }

        return WriteReport(reports, catalog, apiDir, stdout);
    }

    /// <summary>Prints violations (sorted), one line per assembly and the summary; returns the exit code.</summary>
    internal static int WriteReport(IReadOnlyList<AssemblyReport> reports, ApiCatalog catalog, string apiDir, TextWriter stdout)
    {
        var lines = reports.SelectMany(r => r.Violations).Select(v => v.Format()).ToList();
        lines.Sort(StringComparer.Ordinal);
        foreach (string line in lines)
        {
            stdout.WriteLine(line);
        }

        foreach (AssemblyReport report in reports)
        {
            stdout.WriteLine(
                "nfcompat: " + report.Assembly + ": " + report.CheckedCount + " references checked, " + report.Violations.Count +
                " violations; resolved in " + (report.NanoAssemblies.Count == 0 ? "(none)" : string.Join(", ", report.NanoAssemblies)) +
                "; " + report.Skipped + " SDK/compiler-generated rows skipped");
        }

        int total = reports.Sum(r => r.CheckedCount);
        int violations = lines.Count;
        stdout.WriteLine("nfcompat: lists: " + catalog.Assemblies.Count + " files, " + catalog.Count + " IDs from " + apiDir);
        stdout.WriteLine("nfcompat: " + total + " references checked, " + violations + " violations");
        return violations == 0 ? ExitOk : ExitViolations;
    }

    /// <summary>Nearest folder at or above <paramref name="start"/> that holds Terminal.sln.</summary>
    internal static string? FindRepoRoot(string start)
    {
        DirectoryInfo? dir = new DirectoryInfo(start);
        while (dir != null)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Terminal.sln")))
            {
                return dir.FullName;
            }

            dir = dir.Parent;
        }

        return null;
    }

    /// <summary>The API folder the project keeps beside the repository.</summary>
    internal static string DefaultApiDirectory(string repoRoot) =>
        Path.GetFullPath(Path.Combine(repoRoot, "..", "shared", "nanoframework-api"));

    private static void WriteLoudError(TextWriter stderr, string message)
    {
        bool ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        stderr.WriteLine("****************************************************************");
        stderr.WriteLine("NFCOMPAT ERROR: " + message);
        stderr.WriteLine("The nanoFramework compatibility check cannot run without the API lists");
        stderr.WriteLine("(../shared/nanoframework-api beside the repository, or --api DIR).");
        stderr.WriteLine(ci ? "Running under CI: this is a failure, not a skip." : "This is a failure, not a skip.");
        stderr.WriteLine("****************************************************************");
    }
}
