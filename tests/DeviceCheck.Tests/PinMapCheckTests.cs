using System;
using System.IO;
using System.Linq;
using DeviceCheck;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace DeviceCheck.Tests;

/// <summary>The pin-map rules on small boards: agreement with Board and the ESP32-WROVER's constraints.</summary>
[TestClass]
public sealed class PinMapCheckTests
{
    private const string Header = "gpio,board_constant,signal,device,device_pin,direction,notes\n";

    [TestMethod]
    public void AMatchingMapOnFreePinsPasses()
    {
        Report report = Run("const int Buzzer = 25; const int Column = 34; const int SpiBus = 1;",
            "25,Buzzer,GPIO,buzzer,base,out,\n34,Column,GPIO,keypad,C1,in,\n");
        Assert.AreEqual(0, report.Failures.Count, string.Join("; ", report.Failures));
    }

    [TestMethod]
    public void AValueThatDiffersFromBoardFails()
    {
        Report report = Run("const int Buzzer = 26;", "25,Buzzer,GPIO,buzzer,base,out,\n");
        Assert.IsTrue(report.Failures.Any(f => f.Contains("GPIO25 = Board.Buzzer")), string.Join("; ", report.Failures));
    }

    [TestMethod]
    public void APinMissingFromTheMapFails()
    {
        Report report = Run("const int Buzzer = 25; const int Led = 4;", "25,Buzzer,GPIO,buzzer,base,out,\n");
        Assert.IsTrue(report.Failures.Any(f => f.Contains("Board.Led")), string.Join("; ", report.Failures));
    }

    [TestMethod]
    public void PsramFlashAndConsolePinsFail()
    {
        foreach (int pin in new[] { 1, 3, 6, 11, 16, 17 })
        {
            Report report = Run("const int Buzzer = " + pin + ";", pin + ",Buzzer,GPIO,buzzer,base,out,\n");
            Assert.IsTrue(report.Failures.Any(f => f.Contains("is not flash, PSRAM or COM1")), "GPIO" + pin);
        }
    }

    [TestMethod]
    public void AnOutputOnAnInputOnlyPinFails()
    {
        Report report = Run("const int Buzzer = 35;", "35,Buzzer,GPIO,buzzer,base,out,\n");
        Assert.IsTrue(report.Failures.Any(f => f.Contains("input only")), string.Join("; ", report.Failures));
    }

    [TestMethod]
    public void AStrappingPinNeedsANote()
    {
        Assert.AreEqual(1, Run("const int Led = 2;", "2,Led,GPIO,led,anode,out,\n").Failures.Count);
        Assert.AreEqual(0, Run("const int Led = 2;", "2,Led,GPIO,led,anode,out,\"strapping pin: LED to GND is safe\"\n").Failures.Count);
    }

    [TestMethod]
    public void APinUsedTwiceFails()
    {
        Report report = Run("const int A = 25; const int B = 25;", "25,A,GPIO,x,y,out,\n25,B,GPIO,x,y,out,\n");
        Assert.IsTrue(report.Failures.Any(f => f.Contains("used once")), string.Join("; ", report.Failures));
    }

    private static Report Run(string constants, string rows)
    {
        string source = "namespace Terminal.Device { public static class Board { public " + constants.Replace("; const", "; public const", StringComparison.Ordinal) + " } }";
        string trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        var references = trusted.Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) == "System.Runtime.dll" || Path.GetFileName(p) == "System.Private.CoreLib.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
        CSharpCompilation compilation = CSharpCompilation.Create("Board", new[] { CSharpSyntaxTree.ParseText(source) }, references);
        string csv = Path.Combine(Path.GetTempPath(), "pinmap_" + Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(csv, Header + rows);
        try
        {
            var report = new Report(false);
            PinMapCheck.Run(report, compilation, csv);
            return report;
        }
        finally
        {
            File.Delete(csv);
        }
    }
}
