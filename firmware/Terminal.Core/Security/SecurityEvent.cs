using Terminal.Core.Domain;

namespace Terminal.Core.Security
{
    /// <summary>
    /// The journal record of a refused card: the only thing a refused tap records. It syncs like any
    /// transaction, so the cloud sees where and when a bad card was presented, and its counter.
    /// </summary>
    public static class SecurityEvent
    {
        /// <summary>
        /// Fills <paramref name="t"/>: Kind <see cref="TransactionKind.SecurityEvent"/>, the UID, Reference =
        /// the <see cref="SecurityReason"/> code, CardCounter = the counter read in the tap (0 when not read).
        /// No amount and no points. The ledger assigns the sequence when it commits the record.
        /// </summary>
        public static void Fill(Transaction t, CardUid uid, CardCheck check, uint unixNow)
        {
            t.Clear();
            t.Kind = TransactionKind.SecurityEvent;
            t.Timestamp = unixNow;
            t.Uid.CopyFrom(uid);
            t.Reference = (uint)check.Reason;
            t.CardCounter = check.CounterRead ? check.Counter : 0;
        }

        /// <summary>At most 16 characters for the display's line under "Card not recognised".</summary>
        public static string ShortText(SecurityReason reason)
        {
            switch (reason)
            {
                case SecurityReason.BadMac:
                    return "forged/edited";
                case SecurityReason.MovedRecord:
                    return "copied record";
                case SecurityReason.BlankKnownUid:
                    return "blank copy";
                case SecurityReason.UnknownKeyVersion:
                    return "old key";
                case SecurityReason.PasswordRejected:
                    return "password refused";
                case SecurityReason.PackMismatch:
                    return "bad card answer";
                case SecurityReason.CounterUnavailable:
                    return "no counter";
                case SecurityReason.Unreadable:
                    return "unreadable";
                case SecurityReason.ForeignPassword:
                    return "locked by other";
                case SecurityReason.UnsupportedCard:
                    return "not NTAG21x";
                case SecurityReason.ConfigLocked:
                    return "config locked";
                case SecurityReason.WriteFailed:
                    return "write failed";
                case SecurityReason.NotProvisioned:
                    return "no card keys";
                default:
                    return "code " + ((int)reason).ToString();
            }
        }
    }
}
