using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Terminal.Cloud;
using Terminal.Core.Sync;

namespace Terminal.Sync.Tests
{
    /// <summary>
    /// How the cloud cuts a change range into balance messages: contiguous ranges, each holding exactly
    /// the cards whose change lies in it, the last one ending at the overall end; every message is read
    /// back with the terminal's own codec at the terminal's default capacity (64 cards).
    /// </summary>
    [TestClass]
    public class BalancePageTests
    {
        private static CardView Card(int i, long version) => new("04" + i.ToString("X6", System.Globalization.CultureInfo.InvariantCulture), version, i, 0);

        /// <summary>Writes each page with the cloud codec and reads it with the terminal's; returns (from, end, cards).</summary>
        private static List<(long From, long End, int Count)> OverTheWire(List<BalancePage> pages)
        {
            List<(long, long, int)> read = new();
            SyncCodec codec = new();
            BalanceBatch batch = new(64);
            foreach (BalancePage p in pages)
            {
                Assert.IsTrue(codec.ReadBalances(CloudCodec.WriteBalances(p.Cards, p.From, p.End), batch), codec.Error);
                for (int i = 0; i < batch.Count; i++)
                {
                    Assert.IsTrue(batch.At(i).Version > batch.From && batch.At(i).Version <= batch.End, "card " + i + " lies in its message's range");
                }

                read.Add((batch.From, batch.End, batch.Count));
            }

            return read;
        }

        [TestMethod]
        public void OneHundredThirtyCardsMakeThreeContiguousMessagesEndingAtTheOverallEnd()
        {
            // Change numbers 10, 12, ... 268 given out of order; the range runs on to 275 (later changes
            // in it belong to cards of no interest here, so the last message ends past its last card).
            CardView[] cards = Enumerable.Range(0, 130).Select(i => Card(i, 10 + (2 * i))).Reverse().ToArray();
            List<BalancePage> pages = BalancePage.Split(cards, 9, 275, 64);
            CollectionAssert.AreEqual(
                new[] { (9L, 136L, 64), (136L, 264L, 64), (264L, 275L, 2) },
                OverTheWire(pages));
            CollectionAssert.AreEqual(cards.Select(c => c.Uid).Reverse().ToArray(), pages.SelectMany(p => p.Cards).Select(c => c.Uid).ToArray(), "every card once, in change order");
        }

        [TestMethod]
        public void AResyncStopsAtTheRoomTheTerminalHasAndSaysMoreFollows()
        {
            CardView[] cards = Enumerable.Range(0, 300).Select(i => Card(i, 1000 + (i * 2))).ToArray();
            List<BalancePage> pages = BalancePage.SplitResync(cards, 999, 1700, 64, 128);
            CollectionAssert.AreEqual(new[] { (999L, 1126L, 64), (1126L, 1254L, 64) }, OverTheWire(pages));
            SyncCodec codec = new();
            BalanceBatch batch = new(64);
            Assert.IsTrue(codec.ReadBalances(CloudCodec.WriteBalances(pages[1].Cards, pages[1].From, pages[1].End, pages[1].More), batch), codec.Error);
            Assert.IsTrue(batch.More, "the last part says more follows");
            Assert.IsFalse(pages[0].More);

            // Enough room, or no room said: the whole range, no "more".
            List<BalancePage> all = BalancePage.SplitResync(cards, 999, 1700, 64, 300);
            Assert.AreEqual(1700L, all[^1].End);
            Assert.IsFalse(all.Any(p => p.More));
            Assert.AreEqual(5, BalancePage.SplitResync(cards, 999, 1700, 64, -1).Count);

            // No room at all: nothing now (the terminal asks again once it has folded).
            Assert.AreEqual(0, BalancePage.SplitResync(cards, 999, 1700, 64, 0).Count);
        }

        [TestMethod]
        public void AnExactMultipleStillEndsAtTheOverallEnd()
        {
            CardView[] cards = Enumerable.Range(0, 128).Select(i => Card(i, i + 1)).ToArray();
            CollectionAssert.AreEqual(new[] { (0L, 64L, 64), (64L, 130L, 64) }, OverTheWire(BalancePage.Split(cards, 0, 130, 64)));
            CollectionAssert.AreEqual(new[] { (0L, 64L, 64), (64L, 128L, 64) }, OverTheWire(BalancePage.Split(cards, 0, 128, 64)), "the last card is the last change");
        }

        [TestMethod]
        public void NoCardsIsOneEmptyMessageForTheWholeRange()
        {
            CollectionAssert.AreEqual(new[] { (811L, 813L, 0) }, OverTheWire(BalancePage.Split(Array.Empty<CardView>(), 811, 813, 64)));
        }

        [TestMethod]
        public void ACardOutsideTheRangeOrARepeatedChangeIsRefused()
        {
            // Such a list cannot be cut into messages that each hold exactly their range: a bug upstream.
            Assert.ThrowsExactly<ArgumentException>(() => BalancePage.Split(new[] { Card(1, 5) }, 5, 9, 64), "at from");
            Assert.ThrowsExactly<ArgumentException>(() => BalancePage.Split(new[] { Card(1, 10) }, 5, 9, 64), "past end");
            Assert.ThrowsExactly<ArgumentException>(() => BalancePage.Split(new[] { Card(1, 7), Card(2, 7) }, 5, 9, 64), "two cards, one change");
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => BalancePage.Split(Array.Empty<CardView>(), 9, 9, 64), "empty range");
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => BalancePage.Split(Array.Empty<CardView>(), -1, 9, 64), "negative from");
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => BalancePage.Split(Array.Empty<CardView>(), 0, 9, 0), "no room");
        }
    }
}
