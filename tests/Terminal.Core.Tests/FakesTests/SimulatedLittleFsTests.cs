#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Terminal.Core.Tests.Fakes;

namespace Terminal.Core.Tests.FakesTests
{
    [TestClass]
    public class SimulatedLittleFsTests
    {
        private static byte[] Bytes(int count, byte value)
        {
            byte[] data = new byte[count];
            for (int i = 0; i < count; i++)
            {
                data[i] = value;
            }

            return data;
        }

        private static bool Throws(SimulatedLittleFs fs, int what)
        {
            try
            {
                if (what == 0)
                {
                    fs.Exists("a");
                }
                else
                {
                    fs.Append("a", new byte[1], 0, 1);
                }
            }
            catch (PowerCutException)
            {
                return true;
            }

            return false;
        }

        [TestMethod]
        public void GeometryOfTheSmallAndLargePartitions()
        {
            SimulatedLittleFs small = SimulatedLittleFs.Small();
            Assert.AreEqual(64, small.TotalBlocks);
            // Root pair, 4 blocks of Wi-Fi/certificate files, the ledger directory's pair.
            Assert.AreEqual(8, small.UsedBlocks);
            Assert.AreEqual(56L * 4096, small.FreeBytes);
            Assert.AreEqual(512, SimulatedLittleFs.Large().TotalBlocks);
        }

        [TestMethod]
        public void CtzSkipListBlockCounts()
        {
            Assert.AreEqual(0, SimulatedLittleFs.CtzBlocks(0));
            Assert.AreEqual(1, SimulatedLittleFs.CtzBlocks(4096));
            Assert.AreEqual(2, SimulatedLittleFs.CtzBlocks(4097));
            // Block 1 carries one 4-byte pointer, block 2 two, block 3 one.
            Assert.AreEqual(2, SimulatedLittleFs.CtzBlocks(4096 + 4092));
            Assert.AreEqual(3, SimulatedLittleFs.CtzBlocks(4096 + 4092 + 1));
            Assert.AreEqual(4, SimulatedLittleFs.CtzBlocks(16368));
            Assert.AreEqual(5, SimulatedLittleFs.CtzBlocks(16369));
        }

        [TestMethod]
        public void SmallFilesStayInlineAndCostNoBlocksOrErases()
        {
            SimulatedLittleFs fs = SimulatedLittleFs.Small();
            long free = fs.FreeBytes;
            for (int i = 0; i < 10; i++)
            {
                fs.Append("tail", Bytes(50, 1), 0, 50);
            }

            Assert.AreEqual(500, fs.Length("tail"));
            Assert.AreEqual(free, fs.FreeBytes);
            Assert.AreEqual(0L, fs.DataErases);
            Assert.AreEqual(10L, fs.Commits);
            Assert.AreEqual(500L, fs.BytesWritten);

            // Crossing 512 bytes moves the data into a block of its own.
            fs.Append("tail", Bytes(50, 1), 0, 50);
            Assert.AreEqual(free - 4096, fs.FreeBytes);
            Assert.AreEqual(1L, fs.DataErases);
        }

        [TestMethod]
        public void EveryCloseOfALargeFileAfterAnAppendErasesABlock()
        {
            SimulatedLittleFs fs = SimulatedLittleFs.Small();
            fs.Create("seg", Bytes(1000, 2), 0, 1000);
            Assert.AreEqual(1L, fs.DataErases);
            for (int i = 0; i < 5; i++)
            {
                fs.Append("seg", Bytes(50, 3), 0, 50);
            }

            Assert.AreEqual(6L, fs.DataErases);
            // Filling the first block exactly, then spilling into the second: the full block is kept.
            fs.Append("seg", Bytes(4096 - 1250, 3), 0, 4096 - 1250);
            Assert.AreEqual(7L, fs.DataErases);
            fs.Append("seg", Bytes(10, 3), 0, 10);
            Assert.AreEqual(8L, fs.DataErases);
            Assert.AreEqual(2, SimulatedLittleFs.CtzBlocks(fs.Length("seg")));
        }

        [TestMethod]
        public void ManyInlineCommitsCompactTheMetadataPair()
        {
            SimulatedLittleFs fs = SimulatedLittleFs.Small();
            for (int i = 0; i < 40; i++)
            {
                fs.Append("tail", Bytes(10, 1), 0, 10);
            }

            Assert.AreEqual(0L, fs.DataErases);
            Assert.IsTrue(fs.MetadataErases > 0, "the metadata log should have been compacted");
            Assert.AreEqual(80L, fs.MetadataCommits);
        }

        [TestMethod]
        public void ManyFilesSplitTheDirectoryIntoMorePairs()
        {
            SimulatedLittleFs fs = SimulatedLittleFs.Large();
            for (int i = 0; i < 200; i++)
            {
                fs.Create("c" + i.ToString("X4"), Bytes(8, 1), 0, 8);
            }

            Assert.IsTrue(fs.MetadataPairs > 1);
            Assert.AreEqual(200, fs.FileCount);
            Assert.AreEqual(200, fs.List("c").Length);
            for (int i = 0; i < 200; i++)
            {
                fs.Delete("c" + i.ToString("X4"));
            }

            Assert.AreEqual(1, fs.MetadataPairs);
        }

        [TestMethod]
        public void AFullPartitionCompactsMetadataInPlaceInsteadOfSplitting()
        {
            // Fill the data blocks, then keep adding small (inline) files: the directory would
            // split, but with no free block LittleFS compacts in place and never over-allocates.
            SimulatedLittleFs fs = SimulatedLittleFs.Small();
            int big = 0;
            try
            {
                while (big < 100)
                {
                    fs.Create("b" + big.ToString("X2"), Bytes(4000, 1), 0, 4000);
                    big++;
                }
            }
            catch (System.IO.IOException)
            {
            }

            int pairs = fs.MetadataPairs;
            for (int i = 0; i < 150; i++)
            {
                fs.Create("s" + i.ToString("X4"), Bytes(40, 2), 0, 40);
            }

            Assert.AreEqual(pairs, fs.MetadataPairs, "no split without free blocks");
            Assert.IsTrue(fs.UsedBlocks <= fs.TotalBlocks, fs.UsedBlocks.ToString() + " of " + fs.TotalBlocks.ToString());
            Assert.AreEqual(40, fs.Length("s0095"));

            // Space comes back: the next compaction may split again.
            for (int i = 0; i < big; i++)
            {
                fs.Delete("b" + i.ToString("X2"));
            }

            for (int i = 150; i < 400; i++)
            {
                fs.Create("s" + i.ToString("X4"), Bytes(40, 2), 0, 40);
            }

            Assert.IsTrue(fs.MetadataPairs > pairs, "split once blocks are free");
        }

        [TestMethod]
        public void CutBeforeAnOperationLeavesItUndoneAndTheDeviceDead()
        {
            SimulatedLittleFs fs = SimulatedLittleFs.Small();
            fs.Append("a", Bytes(10, 1), 0, 10);
            fs.CutBefore = fs.Operations;
            Assert.IsTrue(Throws(fs, 1));
            Assert.IsTrue(fs.PoweredOff);
            Assert.IsTrue(Throws(fs, 0));
            fs.PowerOn();
            Assert.AreEqual(10, fs.Length("a"));
        }

        [TestMethod]
        public void CutDuringCloseLeavesOnlyTheEmptyFileThatOpenSynced()
        {
            SimulatedLittleFs fs = SimulatedLittleFs.Small();
            fs.Append("old", Bytes(10, 1), 0, 10);

            fs.CutBefore = fs.Operations;
            fs.CutDuringClose = true;
            Assert.IsTrue(Throws(fs, 1));
            fs.PowerOn();
            Assert.AreEqual(0, fs.Length("a"));

            fs.CutBefore = fs.Operations;
            fs.CutDuringClose = true;
            bool cut = false;
            try
            {
                fs.Append("old", Bytes(10, 1), 0, 10);
            }
            catch (PowerCutException)
            {
                cut = true;
            }

            fs.PowerOn();
            Assert.IsTrue(cut);
            Assert.AreEqual(10, fs.Length("old"));

            fs.CutBefore = fs.Operations;
            fs.CutDuringClose = true;
            cut = false;
            try
            {
                fs.Create("new", Bytes(700, 1), 0, 700);
            }
            catch (PowerCutException)
            {
                cut = true;
            }

            fs.PowerOn();
            Assert.IsTrue(cut);
            Assert.AreEqual(0, fs.Length("new"));
        }

        [TestMethod]
        public void ForkIsIndependentInBothDirections()
        {
            SimulatedLittleFs fs = SimulatedLittleFs.Small();
            fs.Append("a", Bytes(600, 1), 0, 600);
            SimulatedLittleFs fork = fs.Fork();
            fs.Append("a", Bytes(10, 2), 0, 10);
            fork.Append("a", Bytes(20, 3), 0, 20);
            fork.Create("b", Bytes(5, 4), 0, 5);
            Assert.AreEqual(610, fs.Length("a"));
            Assert.AreEqual(620, fork.Length("a"));
            Assert.IsFalse(fs.Exists("b"));
            byte[] one = new byte[1];
            fs.Read("a", 605, one, 0, 1);
            Assert.AreEqual((byte)2, one[0]);
            fork.Read("a", 605, one, 0, 1);
            Assert.AreEqual((byte)3, one[0]);
            Assert.AreEqual(4L, fork.Operations);
            Assert.AreEqual(fs.UsedBlocks, fork.UsedBlocks);
        }

        [TestMethod]
        public void InterruptCloseOnAForkMatchesACountedCut()
        {
            SimulatedLittleFs fs = SimulatedLittleFs.Small();
            Assert.IsTrue(fs.CloseCutDiffers(StoreOperation.Create, "x"));
            Assert.IsFalse(fs.CloseCutDiffers(StoreOperation.Delete, "x"));
            SimulatedLittleFs fork = fs.Fork();
            fork.InterruptClose(StoreOperation.Create, "x");
            Assert.AreEqual(0, fork.Length("x"));
            Assert.IsFalse(fs.Exists("x"));
        }

        [TestMethod]
        public void AFullPartitionRefusesWritesAndStaysConsistent()
        {
            SimulatedLittleFs fs = SimulatedLittleFs.Small();
            int files = 0;
            bool full = false;
            while (!full && files < 100)
            {
                try
                {
                    fs.Create("f" + files.ToString(), Bytes(4000, 1), 0, 4000);
                    files++;
                }
                catch (System.IO.IOException)
                {
                    full = true;
                }
            }

            Assert.IsTrue(full);
            Assert.AreEqual(0L, fs.FreeBytes);
            // The file that did not fit exists empty (its open was synced), the others are intact.
            Assert.AreEqual(0, fs.Length("f" + files.ToString()));
            Assert.AreEqual(4000, fs.Length("f0"));
            fs.Delete("f0");
            Assert.AreEqual(4096L, fs.FreeBytes);
        }

        [TestMethod]
        public void RenameIsAtomicAndRefusesAnExistingTarget()
        {
            SimulatedLittleFs fs = SimulatedLittleFs.Small();
            fs.Create("a", Bytes(3, 1), 0, 3);
            fs.Create("b", Bytes(4, 2), 0, 4);
            bool threw = false;
            try
            {
                fs.Rename("a", "b");
            }
            catch (System.IO.IOException)
            {
                threw = true;
            }

            Assert.IsTrue(threw);
            fs.Delete("b");
            long commits = fs.Commits;
            fs.Delete("b");
            Assert.AreEqual(commits, fs.Commits);
            fs.Rename("a", "b");
            Assert.AreEqual(3, fs.Length("b"));
            Assert.IsFalse(fs.Exists("a"));
        }

        [TestMethod]
        public void ObserverSeesEveryOperationInOrder()
        {
            SimulatedLittleFs fs = SimulatedLittleFs.Small();
            CountingObserver observer = new CountingObserver();
            fs.Observer = observer;
            fs.Append("a", Bytes(7, 1), 0, 7);
            fs.Append("a", Bytes(3, 1), 0, 3);
            byte[] buffer = new byte[16];
            fs.Read("a", 2, buffer, 0, 16);
            Assert.AreEqual(3, observer.Calls);
            Assert.AreEqual(2L, observer.LastIndex);
            Assert.AreEqual((int)StoreOperation.Read, (int)observer.LastOperation);
            Assert.AreEqual(8L, fs.BytesRead);
            Assert.AreEqual(7, observer.AppendPosition);
        }

        private sealed class CountingObserver : IStoreObserver
        {
            public int Calls;
            public long LastIndex;
            public StoreOperation LastOperation;
            public int AppendPosition;

            public void BeforeOperation(SimulatedLittleFs store, long index, StoreOperation operation, string name, int position, int count, string other)
            {
                Calls++;
                LastIndex = index;
                LastOperation = operation;
                if (operation == StoreOperation.Append)
                {
                    AppendPosition = position;
                }
            }
        }
    }
}
