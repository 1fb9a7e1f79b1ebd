using System;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Terminal.Core.Domain;
using Terminal.Core.Ledger;
using Terminal.Host;

namespace Terminal.Core.Ledger.Tests.Host
{
    [TestClass]
    public class DirectoryLedgerStoreTests
    {
        private static string NewDirectory()
        {
            string path = Path.Combine(Path.GetTempPath(), "ledger-store-" + Guid.NewGuid().ToString("N"));
            return path;
        }

        private static void Cleanup(string path)
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, true);
            }
        }

        [TestMethod]
        public void AppendReadLengthAndList()
        {
            string dir = NewDirectory();
            try
            {
                DirectoryLedgerStore store = new DirectoryLedgerStore(dir);
                Assert.AreEqual(-1, store.Length("tail"));
                Assert.IsFalse(store.Exists("tail"));
                store.Append("tail", new byte[] { 1, 2, 3, 4 }, 1, 3);
                store.Append("tail", new byte[] { 5, 6 }, 0, 2);
                Assert.AreEqual(5, store.Length("tail"));
                byte[] buffer = new byte[10];
                Assert.AreEqual(3, store.Read("tail", 2, buffer, 4, 6));
                CollectionAssert.AreEqual(new byte[] { 4, 5, 6 }, new[] { buffer[4], buffer[5], buffer[6] });
                Assert.AreEqual(0, store.Read("tail", 5, buffer, 0, 10));
                store.Create("s00000001", new byte[] { 9 }, 0, 1);
                store.Create("s00000002", new byte[] { 9 }, 0, 1);
                string[] segments = store.List("s");
                Array.Sort(segments, StringComparer.Ordinal);
                CollectionAssert.AreEqual(new[] { "s00000001", "s00000002" }, segments);
                Assert.AreEqual(3, store.List(string.Empty).Length);
            }
            finally
            {
                Cleanup(dir);
            }
        }

        [TestMethod]
        public void CreateAndRenameNeverOverwriteAndDeleteIsIdempotent()
        {
            string dir = NewDirectory();
            try
            {
                DirectoryLedgerStore store = new DirectoryLedgerStore(dir);
                store.Create("a", new byte[] { 1 }, 0, 1);
                store.Create("b", new byte[] { 2, 2 }, 0, 2);
                Assert.ThrowsExactly<IOException>(() => store.Create("a", new byte[] { 3 }, 0, 1));
                Assert.ThrowsExactly<IOException>(() => store.Rename("a", "b"));
                Assert.AreEqual(2, store.Length("b"));
                store.Delete("b");
                store.Delete("b");
                store.Rename("a", "b");
                Assert.IsFalse(store.Exists("a"));
                Assert.AreEqual(1, store.Length("b"));
                Assert.ThrowsExactly<ArgumentException>(() => store.Exists("../escape"));
            }
            finally
            {
                Cleanup(dir);
            }
        }

        [TestMethod]
        public void CapacityPlaysASmallPartitionInWholeBlocks()
        {
            string dir = NewDirectory();
            try
            {
                DirectoryLedgerStore store = new DirectoryLedgerStore(dir, capacityBytes: 64 * 1024);
                Assert.AreEqual(64L * 1024, store.FreeBytes);
                store.Append("x", new byte[100], 0, 100);
                store.Append("y", new byte[5000], 0, 5000);
                Assert.AreEqual((16L - 3) * 4096, store.FreeBytes);
                Assert.IsTrue(new DirectoryLedgerStore(dir).FreeBytes > 0);
            }
            finally
            {
                Cleanup(dir);
            }
        }

        [TestMethod]
        public void TheLedgerRunsOnItAndSurvivesANewProcess()
        {
            string dir = NewDirectory();
            try
            {
                LedgerOptions options = LedgerOptions.Small();
                Ledger ledger = new Ledger(new DirectoryLedgerStore(dir), options);
                ledger.Mount();
                Transaction enrol = new Transaction { Kind = TransactionKind.Enrol, Timestamp = 5 };
                enrol.Uid.Set(new byte[] { 4, 1, 2, 3 }, 0, 4);
                Transaction earn = new Transaction { Kind = TransactionKind.Earn, Timestamp = 5, Points = 12 };
                earn.Uid.CopyFrom(enrol.Uid);
                ledger.Commit(enrol, earn);
                for (int i = 0; i < 30; i++)
                {
                    earn.Points = 1;
                    ledger.Commit(earn, null);
                    ledger.Maintain();
                }

                ledger.MaintainAll();
                ledger.MarkSynced(10);
                earn.Points = 100;
                ledger.Commit(earn, null);

                // A fresh store object, as after a restart of the simulator.
                ledger = new Ledger(new DirectoryLedgerStore(dir), options);
                ledger.Mount();
                CardState state = new CardState();
                Assert.IsTrue(ledger.Lookup(enrol.Uid, state));
                Assert.AreEqual(142, state.Balance);
                Assert.AreEqual(33u, ledger.LastSequence);
                Assert.AreEqual(10u, ledger.SyncedSequence);
                Assert.AreEqual(0, ledger.Stats.CorruptFiles);
                Assert.IsTrue(File.Exists(Path.Combine(dir, Ledger.MetaName)));
            }
            finally
            {
                Cleanup(dir);
            }
        }

        [TestMethod]
        public void NonDurableModeBehavesTheSame()
        {
            string dir = NewDirectory();
            try
            {
                DirectoryLedgerStore store = new DirectoryLedgerStore(dir, durable: false);
                Assert.IsFalse(store.Durable);
                store.Append("tail", new byte[] { 7 }, 0, 1);
                store.Create("meta.n", new byte[] { 8 }, 0, 1);
                store.Rename("meta.n", "meta");
                Assert.AreEqual(1, store.Length("meta"));
                Assert.AreEqual(1, store.Length("tail"));
            }
            finally
            {
                Cleanup(dir);
            }
        }
    }
}
