using System;
using System.IO;
using DeviceCheck;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace DeviceCheck.Tests;

/// <summary>The nanoFramework device app and NFUnitTest project, checked as DeviceCheck does.</summary>
[TestClass]
public sealed class DeviceProjectTests
{
    // Compiling the device app and the shared tests takes seconds: once per test run.
    private static readonly Lazy<DeviceChecks> Shared = new(() =>
    {
        string repo = DeviceChecks.FindRepo(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("repository not found above " + AppContext.BaseDirectory);
        string api = DeviceChecks.ApiDirectory(repo, null);
        if (!File.Exists(Path.Combine(api, "packages.tsv")))
        {
            throw new InvalidOperationException("the nanoFramework API lists are missing at " + api + " (../shared/nanoframework-api or NF_API_DIR)");
        }

        return new DeviceChecks(repo, ApiIndex.Load(api));
    });

    [TestMethod]
    public void DeviceAppCompilesAgainstTheBindingStubs() => Passes(Shared.Value.DeviceCompiles);

    [TestMethod]
    public void EveryTypeAndMemberTheDeviceAppUsesIsInTheApiLists() => Passes(Shared.Value.DeviceMembers);

    [TestMethod]
    public void SharedTestsCompileAsTheNfUnitTestProjectWithListedMembersOnly() => Passes(Shared.Value.SharedTests);

    [TestMethod]
    public void CallsNanoFrameworkLacksAreReported() => Passes(Shared.Value.CanaryIsCaught);

    [TestMethod]
    public void ProjectFilesCompileEverySourceAndDefineNanoFramework() => Passes(Shared.Value.ProjectFiles);

    [TestMethod]
    public void PackagePinsAndReferencesMatchPackagesTsv() => Passes(Shared.Value.Packages);

    [TestMethod]
    public void BoardConstantsMatchThePinMap() => Passes(Shared.Value.PinMap);

    private static void Passes(Action<Report> check)
    {
        var report = new Report(false);
        check(report);
        Assert.AreEqual(0, report.Failures.Count, string.Join(Environment.NewLine, report.Failures));
        Assert.IsTrue(report.Passed > 0, "the check checked nothing");
    }
}
