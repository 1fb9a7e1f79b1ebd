#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Terminal.Core.Domain;
using Terminal.Core.Ledger;

namespace Terminal.Core.Tests.Fakes
{
    /// <summary>Records and look-ups the ledger tests build again and again.</summary>
    public static class LedgerKit
    {
        /// <summary>A record of <paramref name="kind"/> for a card (null: none), amount = points x 1.00.</summary>
        public static Transaction Tx(TransactionKind kind, byte[] uid, int points)
        {
            Transaction t = new Transaction();
            t.Kind = kind;
            t.Timestamp = 1000;
            if (uid != null)
            {
                t.Uid.Set(uid, 0, uid.Length);
            }

            t.Points = points;
            t.AmountMinor = points * 100;
            return t;
        }

        /// <summary>The card's balance; fails the test when the card has no account.</summary>
        public static int Balance(Terminal.Core.Ledger.Ledger ledger, byte[] uid)
        {
            CardUid u = new CardUid();
            u.Set(uid, 0, uid.Length);
            CardState state = new CardState();
            Assert.IsTrue(ledger.Lookup(u, state), "card should exist");
            return state.Balance;
        }
    }
}
