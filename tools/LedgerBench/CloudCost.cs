using System;
using Terminal.Core.Domain;
using Terminal.Core.Ledger;
using Terminal.Core.Ledger.Harness;
using Terminal.Core.Sync;
using Terminal.Core.Tests.Fakes;

namespace LedgerBench
{
    /// <summary>
    /// What the cloud's view of cards costs the flash: balance messages applied to a full shop the
    /// way the sync engine hands them over (maintenance between them, as the flow runs it), counted
    /// per card state on the simulated LittleFS. Live pushes carry a card or two; a resync 64.
    /// </summary>
    public static class CloudCost
    {
        public static void Print(SimulatedLittleFs small, SimulatedLittleFs large)
        {
            Console.WriteLine();
            Console.WriteLine("Cloud view of cards: flash work per card state from the cloud (full shops above, simulated LittleFS)");
            Console.WriteLine("                                        states   commits/state   data erases/state   metadata erases/state   bytes programmed/state");
            Run("4 MB, live pushes of 2 cards", small.Fork(), LedgerOptions.Small(), 5000, 2, 2000);
            Run("4 MB, resync pages of 64 cards", small.Fork(), LedgerOptions.Small(), 5000, 64, 5000);
            Run("8 MB, live pushes of 2 cards", large.Fork(), LedgerOptions.Large(), 50000, 2, 4000);
            Run("8 MB, resync pages of 64 cards", large.Fork(), LedgerOptions.Large(), 50000, 64, 20000);
            Console.WriteLine("    (each state: one append to the balance log when its message arrives, then its share of the fold rounds that");
            Console.WriteLine("     write it into the card record; compare with a tap's own cost in the table above)");
        }

        private static void Run(string name, SimulatedLittleFs fs, LedgerOptions options, int cards, int perMessage, int states)
        {
            Ledger ledger = new Ledger(fs, options);
            ledger.Mount();
            ledger.MarkSynced(ledger.LastSequence);
            ledger.MaintainAll();
            BalanceBatch batch = new BalanceBatch(64);
            ScaleScenario names = new ScaleScenario(cards, 0);
            CardUid uid = new CardUid();
            Random random = new Random(7);
            fs.ResetCounters();
            int applied = 0;
            int deferred = 0;
            while (applied < states)
            {
                batch.Clear();
                batch.From = ledger.BalanceCursor;
                for (int i = 0; i < perMessage; i++)
                {
                    names.CardUid(random.Next(cards), uid);
                    CardBalance card = batch.At(batch.Count);
                    card.Key = uid.Key();
                    card.OtherPoints = random.Next(1000);
                    batch.Count++;
                }

                batch.End = batch.From + perMessage;
                BalanceOutcome outcome = ledger.ApplyCloudBalances(batch);
                if (outcome == BalanceOutcome.Deferred)
                {
                    deferred++;
                }
                else
                {
                    applied += perMessage;
                }

                for (int k = 0; k < 1000 && ledger.NeedsMaintenance; k++)
                {
                    ledger.Maintain();
                }
            }

            ledger.MaintainAll();
            double n = applied;
            Console.WriteLine($"  {name,-36}{applied,8:N0}{fs.Commits / n,16:F2}{fs.DataErases / n,20:F3}{fs.MetadataErases / n,24:F3}{fs.BytesProgrammed / n,25:F0}" +
                (deferred > 0 ? $"   ({deferred} messages put off until a fold)" : string.Empty));
        }
    }
}
