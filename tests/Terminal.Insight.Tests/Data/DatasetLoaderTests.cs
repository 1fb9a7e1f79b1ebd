using Microsoft.VisualStudio.TestTools.UnitTesting;
using Terminal.Insight.Data;
using Terminal.Insight.Tests.Report;

namespace Terminal.Insight.Tests.Data;

[TestClass]
public sealed class DatasetLoaderTests
{
    private static string LoadError(TestDb db, LoadRequest? request = null)
    {
        var e = Assert.ThrowsExactly<InsightException>(() => DatasetLoader.Load(db.Connection, request ?? new LoadRequest(null, [], long.MaxValue)));
        return e.Message;
    }

    [TestMethod]
    public void LoadsMembersInUidOrderAndAppliesVoids()
    {
        using TestDb db = HandComputedReportTests.TwoStores();
        Dataset d = DatasetLoader.Load(db.Connection, new LoadRequest(null, [], long.MaxValue));
        CollectionAssert.AreEqual(new[] { "AA", "BB" }, d.MemberUids);
        Assert.AreEqual(1, d.VoidsApplied);
        Assert.AreEqual(1, d.SecurityEvents);
        Assert.AreEqual(13, d.RowsRead);
        Assert.AreEqual(10, d.Count, "13 rows less the security event and the void with the sale it reverses");
        Assert.AreEqual(TestDb.Day(1), d.EnrolTs[0]);
        Assert.AreEqual("EUR", d.Currency);
        for (int i = 1; i < d.Count; i++)
        {
            Assert.IsTrue(d.Ts[i - 1] <= d.Ts[i]);
        }
    }

    [TestMethod]
    public void UnknownKindIsCorrupt()
    {
        using TestDb db = HandComputedReportTests.TwoStores();
        db.Tx("T1", 9, TestDb.Day(8), "AA");
        StringAssert.Contains(LoadError(db), "corrupt row in transactions (terminal T1, seq 11): unknown kind 9");
    }

    [TestMethod]
    public void TextInAnIntegerColumnIsCorruptNotZero()
    {
        using TestDb db = HandComputedReportTests.TwoStores();
        db.Exec("UPDATE transactions SET amount_minor = 'lots' WHERE terminal_id = 'T2' AND seq = 2");
        StringAssert.Contains(LoadError(db), "(terminal T2, seq 2): amount_minor is not an integer (lots)");
    }

    [TestMethod]
    public void MissingCardOnASaleIsCorrupt()
    {
        using TestDb db = HandComputedReportTests.TwoStores();
        db.Exec("UPDATE transactions SET uid = NULL WHERE terminal_id = 'T2' AND seq = 1");
        StringAssert.Contains(LoadError(db), "uid is NULL");
    }

    [TestMethod]
    public void AnonymousSaleWithACardIsCorrupt()
    {
        using TestDb db = HandComputedReportTests.TwoStores();
        db.Exec("UPDATE transactions SET uid = 'AA' WHERE terminal_id = 'T2' AND seq = 2");
        StringAssert.Contains(LoadError(db), "anonymous sale carries uid AA");
    }

    [TestMethod]
    public void VoidOfANonExistingRowIsCorrupt()
    {
        using TestDb db = HandComputedReportTests.TwoStores();
        db.Tx("T2", TxKind.Void, TestDb.Day(50), null, -100, 0, 0, 0, 0, 77);
        StringAssert.Contains(LoadError(db), "void of seq 77, which does not exist");
    }

    [TestMethod]
    public void VoidThatIsNotANegatedCopyIsCorrupt()
    {
        using TestDb db = HandComputedReportTests.TwoStores();
        db.Tx("T2", TxKind.Void, TestDb.Day(50), null, -1, 0, 0, 0, 0, 2);
        StringAssert.Contains(LoadError(db), "negated copy of seq 2");
    }

    [TestMethod]
    public void TerminalMissingFromTheTerminalsTableIsCorrupt()
    {
        using TestDb db = HandComputedReportTests.TwoStores();
        db.Exec("INSERT INTO transactions VALUES ('T9', 1, 'TEN1', 'S1', 5, 1704110400, NULL, 100, 0, 0, 0, 0, 0, 0, 0, 0)");
        StringAssert.Contains(LoadError(db), "terminal T9");
    }

    [TestMethod]
    public void RowFiledUnderAnotherStoreThanItsTerminalIsCorrupt()
    {
        using TestDb db = HandComputedReportTests.TwoStores();
        db.Exec("UPDATE transactions SET shop_id = 'S2' WHERE terminal_id = 'T1' AND seq = 3");
        Assert.AreEqual("corrupt row in transactions (terminal T1, seq 3): shop_id S2 differs from the terminal's store S1", LoadError(db));
    }

    [TestMethod]
    public void AnyTextInAnIntegerColumnIsFoundNotJustTheFirstColumn()
    {
        using TestDb db = HandComputedReportTests.TwoStores();
        db.Exec("UPDATE transactions SET reference = 1.5 WHERE terminal_id = 'T1' AND seq = 4");
        StringAssert.Contains(LoadError(db), "(terminal T1, seq 4): reference is not an integer (1.5)");
    }

    [TestMethod]
    public void UnknownStoreNamesTheKnownOnes()
    {
        using TestDb db = HandComputedReportTests.TwoStores();
        Assert.AreEqual("unknown store S7; stores in the database: S1, S2", LoadError(db, new LoadRequest(null, ["S7"], long.MaxValue)));
    }

    [TestMethod]
    public void StoresOfDifferentCurrenciesCannotBeAdded()
    {
        using TestDb db = HandComputedReportTests.TwoStores();
        db.Terminal("T3", "S3", "GBP", 2);
        StringAssert.Contains(LoadError(db), "different currencies");
        Dataset d = DatasetLoader.Load(db.Connection, new LoadRequest(null, ["S3"], long.MaxValue));
        Assert.AreEqual("GBP", d.Currency);
    }

    [TestMethod]
    public void SeveralTenantsNeedAChoice()
    {
        using TestDb db = HandComputedReportTests.TwoStores();
        db.Terminal("X1", "X-shop", tenant: "TEN2");
        StringAssert.Contains(LoadError(db), "several tenants (TEN1, TEN2)");
        Assert.AreEqual("TEN2", DatasetLoader.Load(db.Connection, new LoadRequest(null, ["X-shop"], long.MaxValue)).TenantId);
        Assert.AreEqual("TEN1", DatasetLoader.Load(db.Connection, new LoadRequest("TEN1", [], long.MaxValue)).TenantId);
    }

    [TestMethod]
    public void NotACloudDatabaseIsAClearError()
    {
        string path = Path.Combine(Path.GetTempPath(), "insight-empty-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            using (var c = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + path + ";Pooling=False"))
            {
                c.Open();
            }

            var e = Assert.ThrowsExactly<InsightException>(() => Terminal.Insight.Report.ReportBuilder.Build(new Terminal.Insight.Report.ReportRequest { Db = path }));
            StringAssert.Contains(e.Message, "does not look like a loyalty cloud database");
            e = Assert.ThrowsExactly<InsightException>(() => CloudDatabase.OpenRead(path + ".missing"));
            StringAssert.Contains(e.Message, "database file not found");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void ConnectionStringsAreRecognisedAndPasswordsRedacted()
    {
        Assert.AreEqual(CloudEngine.PostgreSql, CloudDatabase.Detect("Host=/tmp/x;Port=5432;Username=postgres"));
        Assert.AreEqual(CloudEngine.PostgreSql, CloudDatabase.Detect("postgres://u:p@localhost/db"));
        Assert.AreEqual(CloudEngine.Sqlite, CloudDatabase.Detect("/var/lib/cloud/cloud.db"));
        StringAssert.DoesNotMatch(CloudDatabase.Redact("Host=h;Password=secret"), new System.Text.RegularExpressions.Regex("secret"));
    }
}
