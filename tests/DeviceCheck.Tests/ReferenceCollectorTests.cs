using System;
using System.Collections.Generic;
using System.Linq;
using DeviceCheck;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace DeviceCheck.Tests;

/// <summary>What the collector reports for code: including the calls the compiler makes implicitly.</summary>
[TestClass]
public sealed class ReferenceCollectorTests
{
    private const string Code = @"
namespace Demo
{
    internal sealed class Probe
    {
        internal string Run(string a, string b, System.IO.MemoryStream stream, System.TimeSpan span)
        {
            using (stream)
            {
                stream.Position = 3;
            }

            if (a == b)
            {
                return a + b + ""!"";
            }

            return span.Ticks.ToString() + Helper();
        }

        private static string Helper()
        {
            return string.Empty;
        }
    }
}";

    [TestMethod]
    public void ReportsImplicitCallsAccessorsAndFieldsButNotOwnMembers()
    {
        IReadOnlyList<string> ids = Collect();
        CollectionAssert.IsSubsetOf(
            new[]
            {
                "T:System.IDisposable",
                "M:System.IDisposable.Dispose",
                "M:System.IO.MemoryStream.set_Position(System.Int64)",
                "M:System.String.op_Equality(System.String,System.String)",
                "M:System.String.Concat(System.String,System.String,System.String)",
                "M:System.String.Concat(System.String,System.String)",
                "M:System.TimeSpan.get_Ticks",
                "M:System.Int64.ToString",
                "F:System.String.Empty",
            },
            ids.ToList(),
            string.Join(Environment.NewLine, ids));
        Assert.IsFalse(ids.Any(id => id.Contains("Demo.", StringComparison.Ordinal)), "the code's own members are not API");
        Assert.IsFalse(ids.Contains("M:System.IO.MemoryStream.get_Position"), "a plain assignment calls only the setter");
    }

    private static IReadOnlyList<string> Collect()
    {
        string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        var references = trusted.Split(System.IO.Path.PathSeparator)
            .Where(p => System.IO.Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
        SyntaxTree tree = CSharpSyntaxTree.ParseText(Code, new CSharpParseOptions(LanguageVersion.CSharp7_3));
        CSharpCompilation compilation = CSharpCompilation.Create("Probe", new[] { tree }, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.AreEqual(0, compilation.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error), string.Join("; ", compilation.GetDiagnostics()));
        return ReferenceCollector.Collect(compilation, new[] { tree }).Select(m => m.Id).ToList();
    }
}
