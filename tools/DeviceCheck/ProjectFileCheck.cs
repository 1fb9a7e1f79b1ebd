using System;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace DeviceCheck;

/// <summary>
/// The .nfproj lists its own files one by one (as the nanoFramework project system writes them), so a
/// new adapter file that is compiled here but missing from the project would only fail in Visual
/// Studio. This keeps the two in step and checks the core link and the define the shared tests need.
/// </summary>
internal static class ProjectFileCheck
{
    private static readonly XNamespace Ns = "http://schemas.microsoft.com/developer/msbuild/2003";

    public static void Run(Report report, string repo)
    {
        string projectPath = Path.Combine(repo, "firmware", "Terminal.Device", "Terminal.Device.nfproj");
        string directory = Path.GetDirectoryName(projectPath)!;
        XDocument project = XDocument.Load(projectPath);
        var includes = project.Descendants(Ns + "Compile").Select(c => (string)c.Attribute("Include")!).ToList();

        var listed = includes.Where(i => !i.Contains('*', StringComparison.Ordinal) && !i.StartsWith("..", StringComparison.Ordinal))
            .Select(i => i.Replace('\\', '/'))
            .ToHashSet(StringComparer.Ordinal);
        var onDisk = DeviceCompiler.Sources(directory)
            .Select(f => Path.GetRelativePath(directory, f).Replace('\\', '/'))
            .ToHashSet(StringComparer.Ordinal);
        foreach (string file in onDisk)
        {
            report.Check(listed.Contains(file), "Terminal.Device.nfproj compiles " + file);
        }

        foreach (string file in listed.Where(f => !onDisk.Contains(f)))
        {
            report.Fail("Terminal.Device.nfproj lists " + file + ", which does not exist");
        }

        report.Check(includes.Contains("..\\Terminal.Core\\**\\*.cs"), "Terminal.Device.nfproj links every Terminal.Core source");
        report.Check((string?)project.Descendants(Ns + "OutputType").FirstOrDefault() == "Exe", "Terminal.Device.nfproj is an application (OutputType Exe)");
        foreach (string path in new[] { projectPath, Path.Combine(repo, "tests", "Terminal.Core.Tests.nf", "Terminal.Core.Tests.nfproj") })
        {
            string defines = string.Join(";", XDocument.Load(path).Descendants(Ns + "DefineConstants").Select(d => d.Value));
            report.Check(defines.Split(';').Contains("NANOFRAMEWORK_1_0"), Path.GetFileName(path) + " defines NANOFRAMEWORK_1_0");
        }

        XDocument tests = XDocument.Load(Path.Combine(repo, "tests", "Terminal.Core.Tests.nf", "Terminal.Core.Tests.nfproj"));
        var testIncludes = tests.Descendants(Ns + "Compile").Select(c => (string)c.Attribute("Include")!).ToList();
        report.Check(testIncludes.Contains("..\\Terminal.Core.Tests\\**\\*.cs"), "Terminal.Core.Tests.nfproj links the shared tests");
        report.Check(testIncludes.Contains("..\\..\\firmware\\Terminal.Core\\**\\*.cs"), "Terminal.Core.Tests.nfproj links the core");
    }
}
