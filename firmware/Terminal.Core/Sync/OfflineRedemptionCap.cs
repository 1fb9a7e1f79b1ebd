using Terminal.Core.Domain;
using Terminal.Core.Flow;

namespace Terminal.Core.Sync
{
    /// <summary>
    /// Limits what can be redeemed while the cloud cannot confirm it: points spent in
    /// redemptions the cloud has not acknowledged, per card and per terminal. An online terminal
    /// is acknowledged within a round trip, so in practice only an offline terminal reaches a cap.
    /// The tally is read from the unsynced journal each time, so it survives reboots and needs
    /// no state of its own (a redemption is rare next to earning, so the scan is affordable).
    /// </summary>
    public sealed class OfflineRedemptionCap : IRedemptionGuard
    {
        private readonly Ledger.Ledger _ledger;
        private readonly SyncOptions _options;
        private readonly Transaction[] _chunk;

        /// <summary>Creates the policy for a ledger; caps come from <paramref name="options"/>.</summary>
        public OfflineRedemptionCap(Ledger.Ledger ledger, SyncOptions options)
        {
            _ledger = ledger;
            _options = options;
            _chunk = new Transaction[8];
            for (int i = 0; i < _chunk.Length; i++)
            {
                _chunk[i] = new Transaction();
            }
        }

        /// <summary>Points redeemed by this card in unacknowledged transactions (last computed).</summary>
        public int CardPending { get; private set; }

        /// <summary>Points redeemed on this terminal in unacknowledged transactions (last computed).</summary>
        public int TerminalPending { get; private set; }

        /// <inheritdoc/>
        public string Refuse(CardUid uid, int costPoints)
        {
            int cardCap = _options.OfflineCardCapPoints;
            int terminalCap = _options.OfflineTerminalCapPoints;
            if (cardCap <= 0 && terminalCap <= 0)
            {
                return null;
            }

            Tally(uid);
            if (cardCap > 0 && CardPending + costPoints > cardCap)
            {
                return "Offline limit";
            }

            if (terminalCap > 0 && TerminalPending + costPoints > terminalCap)
            {
                return "Offline limit";
            }

            return null;
        }

        private void Tally(CardUid uid)
        {
            int card = 0;
            int terminal = 0;
            uint from = _ledger.SyncedSequence + 1;
            while (true)
            {
                int n = _ledger.ReadJournal(from, _chunk, _chunk.Length);
                for (int i = 0; i < n; i++)
                {
                    Transaction t = _chunk[i];
                    int spent = 0;
                    if (t.Kind == TransactionKind.Redeem)
                    {
                        spent = -t.Points;
                    }
                    else if (t.Kind == TransactionKind.Void && t.VoucherId != Transaction.NoVoucher)
                    {
                        // A voided redemption gives its points back.
                        spent = -t.Points;
                    }

                    terminal += spent;
                    if (t.Uid.SameAs(uid))
                    {
                        card += spent;
                    }
                }

                if (n < _chunk.Length)
                {
                    break;
                }

                from = _chunk[n - 1].Sequence + 1;
            }

            CardPending = card;
            TerminalPending = terminal;
        }
    }
}
