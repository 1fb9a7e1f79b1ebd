using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace DeviceCheck;

/// <summary>
/// Keeps the nanoFramework project files consistent with packages.tsv: one version per package,
/// every assembly the code uses referenced, every referenced assembly's own references present
/// (nanoFramework loads assemblies by exact version, so a missing or mismatched dependency fails
/// at deploy, not at build).
/// </summary>
internal static class PackageChecks
{
    public static void Run(Report report, ApiIndex api, string project, IEnumerable<string> usedAssemblies)
    {
        string name = Path.GetFileName(project);
        string directory = Path.GetDirectoryName(project)!;
        Dictionary<string, (string Package, string Version)> byAssembly = LoadPackagesTsv(api.Directory, out Dictionary<string, string> versions);

        var config = XDocument.Load(Path.Combine(directory, "packages.config")).Root!.Elements("package")
            .ToDictionary(e => (string)e.Attribute("id")!, e => (string)e.Attribute("version")!, StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> pin in config)
        {
            if (!versions.TryGetValue(pin.Key, out string? expected))
            {
                report.Fail(name + ": packages.config pins " + pin.Key + ", which packages.tsv does not know");
            }
            else
            {
                report.Check(pin.Value == expected, name + ": " + pin.Key + " " + pin.Value + (pin.Value == expected ? string.Empty : " (packages.tsv: " + expected + ")"));
            }
        }

        XNamespace ns = "http://schemas.microsoft.com/developer/msbuild/2003";
        var references = XDocument.Load(project).Descendants(ns + "Reference")
            .ToDictionary(
                r => ((string)r.Attribute("Include")!).Split(',')[0].Trim(),
                r => (string?)r.Element(ns + "HintPath") ?? string.Empty,
                StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> reference in references)
        {
            string assembly = reference.Key;
            if (!byAssembly.TryGetValue(assembly, out var package))
            {
                // The test launcher ships in the TestFramework package without an API list.
                bool launcher = assembly == "nanoFramework.UnitTestLauncher" && config.ContainsKey("nanoFramework.TestFramework");
                report.Check(launcher, name + ": reference " + assembly + " has no package in packages.tsv");
                continue;
            }

            string expectedHint = "\\" + package.Package + "." + package.Version + "\\lib\\" + assembly + ".dll";
            report.Check(
                reference.Value.EndsWith(expectedHint, StringComparison.Ordinal) && config.TryGetValue(package.Package, out string? pinned) && pinned == package.Version,
                name + ": reference " + assembly + " from " + package.Package + " " + package.Version);

            if (api.References.TryGetValue(assembly, out string[]? dependencies))
            {
                foreach (string dependency in dependencies)
                {
                    report.Check(references.ContainsKey(dependency), name + ": " + assembly + " needs " + dependency);
                }
            }
        }

        foreach (string assembly in usedAssemblies)
        {
            report.Check(references.ContainsKey(assembly), name + ": code uses " + assembly + ", referenced");
        }
    }

    private static Dictionary<string, (string Package, string Version)> LoadPackagesTsv(string apiDirectory, out Dictionary<string, string> versions)
    {
        var byAssembly = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        versions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(Path.Combine(apiDirectory, "packages.tsv")))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            string[] parts = line.Split('\t');
            versions[parts[0]] = parts[1];
            byAssembly[parts[2]] = (parts[0], parts[1]);
        }

        return byAssembly;
    }
}
