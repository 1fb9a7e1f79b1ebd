using System;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Terminal.Core.Domain;
using Terminal.Core.Ledger;

namespace Terminal.Host.Tests;

[TestClass]
public sealed class DirectoryLedgerStoreTests
{
    private static string NewFolder() => Path.Combine(Path.GetTempPath(), "ledger-" + Guid.NewGuid().ToString("N"));

    [TestMethod]
    public void HonoursTheLittleFsContract()
    {
        string dir = NewFolder();
        try
        {
            var store = new DirectoryLedgerStore(dir);
            Assert.AreEqual(-1, store.Length("a"));
            store.Append("a", [1, 2, 3], 0, 3);
            store.Append("a", [4], 0, 1);
            Assert.AreEqual(4, store.Length("a"));
            var buffer = new byte[10];
            Assert.AreEqual(2, store.Read("a", 2, buffer, 0, 10));
            Assert.AreEqual(4, buffer[1]);
            store.Create("b", [9], 0, 1);
            Assert.ThrowsExactly<IOException>(() => store.Create("b", [9], 0, 1));
            Assert.ThrowsExactly<IOException>(() => store.Rename("a", "b"));
            store.Delete("b");
            store.Rename("a", "b");
            CollectionAssert.AreEquivalent(new[] { "b" }, store.List(""));
            Assert.ThrowsExactly<ArgumentException>(() => store.Exists("../escape"));
            store.Delete("missing");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void LedgerOnRealFilesSurvivesReopen()
    {
        string dir = NewFolder();
        try
        {
            var ledger = new Ledger(new DirectoryLedgerStore(dir), LedgerOptions.Small());
            ledger.Mount();
            var enrol = new Transaction { Kind = TransactionKind.Enrol, Timestamp = 5 };
            enrol.Uid.Set([1, 2, 3, 4], 0, 4);
            var earn = new Transaction { Kind = TransactionKind.Earn, Timestamp = 5, Points = 17, AmountMinor = 1700 };
            earn.Uid.Set([1, 2, 3, 4], 0, 4);
            ledger.Commit(enrol, earn);
            ledger.MaintainAll();

            var again = new Ledger(new DirectoryLedgerStore(dir), LedgerOptions.Small());
            again.Mount();
            var state = new CardState();
            Assert.IsTrue(again.Lookup(enrol.Uid, state));
            Assert.AreEqual(17, state.Balance);
            Assert.AreEqual(2u, again.LastSequence);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
