using Microsoft.VisualStudio.TestTools.UnitTesting;
using Npgsql;
using Terminal.Insight.Config;
using Terminal.Insight.Data;
using Terminal.Insight.Generator;
using Terminal.Insight.Report;

namespace Terminal.Insight.Tests.Report;

/// <summary>The same generated history in SQLite and in a real PostgreSQL gives the same report, table by table.</summary>
[TestClass]
public sealed class PostgresParityTests
{
    [TestMethod]
    public void SqliteAndPostgresGiveIdenticalTables()
    {
        using PostgresServer pg = PostgresServer.Start();
        using var sqlite = new TestDb();
        var options = new GeneratorOptions { Seed = 5, Shoppers = 1500, Months = 9, AnonymousPerDay = 10 };
        GeneratedData data = ShopperGenerator.Generate(options);
        CloudWriter.Write(sqlite.Connection, data);
        using (var c = new NpgsqlConnection(pg.ConnectionString))
        {
            c.Open();
            CloudWriter.Write(c, data);
        }

        var config = new InsightConfig { BootstrapSamples = 50 };
        InsightReport fromSqlite = ReportBuilder.Build(new ReportRequest { Db = sqlite.Path_, Config = config, WithCharts = false });
        InsightReport fromPostgres = ReportBuilder.Build(new ReportRequest { Db = pg.ConnectionString, Config = config, WithCharts = false });

        Assert.AreEqual(fromSqlite.Tables.Count, fromPostgres.Tables.Count);
        Assert.IsTrue(fromSqlite.Tables.Count >= 10);
        for (int i = 0; i < fromSqlite.Tables.Count; i++)
        {
            Assert.AreEqual(fromSqlite.Tables[i].Name, fromPostgres.Tables[i].Name);
            Assert.IsTrue(fromSqlite.Tables[i].Rows.Count > 0, fromSqlite.Tables[i].Name + " is empty");
            Assert.AreEqual(fromSqlite.Tables[i].ToCsv(), fromPostgres.Tables[i].ToCsv(), "table " + fromSqlite.Tables[i].Name);
        }

        CollectionAssert.AreEqual(fromSqlite.Headlines, fromPostgres.Headlines);

        // Bad input is reported the same way by both engines.
        sqlite.Exec("INSERT INTO transactions VALUES ('T0101', 999999, 'TEN1', 'S01', 8, 1704110400, NULL, 100, 0, 0, 0, 0, 0, 0, 0, 0)");
        using (var c = new NpgsqlConnection(pg.ConnectionString))
        {
            c.Open();
            using var cmd = new NpgsqlCommand("INSERT INTO transactions VALUES ('T0101', 999999, 'TEN1', 'S01', 8, 1704110400, NULL, 100, 0, 0, 0, 0, 0, 0, 0, 0)", c);
            cmd.ExecuteNonQuery();
        }

        string e1 = Assert.ThrowsExactly<InsightException>(() => ReportBuilder.Build(new ReportRequest { Db = sqlite.Path_, WithCharts = false })).Message;
        string e2 = Assert.ThrowsExactly<InsightException>(() => ReportBuilder.Build(new ReportRequest { Db = pg.ConnectionString, WithCharts = false })).Message;
        Assert.AreEqual("corrupt row in transactions (terminal T0101, seq 999999): unknown kind 8", e1);
        Assert.AreEqual(e1, e2);
    }
}
