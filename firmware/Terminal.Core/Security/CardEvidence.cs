using Terminal.Core.Domain;

namespace Terminal.Core.Security
{
    /// <summary>
    /// The record that carries a card's NXP originality signature (READ_SIG, 32 bytes) to the cloud,
    /// which verifies it (nanoFramework has no ECC). The signature does not fit the Enrol record, so
    /// it travels in a <see cref="TransactionKind.CardEvidence"/> record committed together with the
    /// Enrol, right after it: sequence = Enrol's + 1, same UID. Only the terminal that minted the
    /// credential writes one, so the cloud also reads it as "this terminal issued the serial in the
    /// Enrol before it".
    /// </summary>
    public static class CardEvidence
    {
        /// <summary>Bytes of the evidence (the originality signature).</summary>
        public const int Length = Transaction.EvidenceLength;

        /// <summary>True when the card's UID fits a card-evidence frame (7 bytes, as every NTAG21x UID).</summary>
        public static bool Fits(CardUid uid)
        {
            return uid != null && uid.Length == TransactionCodec.EvidenceUidLength;
        }

        /// <summary>
        /// Fills <paramref name="t"/>: Kind <see cref="TransactionKind.CardEvidence"/>, the UID, and the
        /// 32 signature bytes from <paramref name="signature"/> at <paramref name="offset"/>
        /// (<c>CardCheck.Signature</c>, 0, after an enrolment with <c>CardCheck.SignatureRead</c>).
        /// Everything else stays 0, as the frame stores nothing else. The ledger assigns the sequence:
        /// commit it in the same call as the Enrol, directly after it.
        /// Throws <see cref="System.ArgumentException"/> when the UID is not 7 bytes or the signature is short.
        /// </summary>
        public static void Fill(Transaction t, CardUid uid, byte[] signature, int offset)
        {
            if (!Fits(uid))
            {
                throw new System.ArgumentException("card evidence needs a 7-byte UID");
            }

            if (signature == null || offset < 0 || signature.Length - offset < Length)
            {
                throw new System.ArgumentException("signature must be 32 bytes");
            }

            t.Clear();
            t.Kind = TransactionKind.CardEvidence;
            t.Uid.CopyFrom(uid);
            System.Array.Copy(signature, offset, t.Evidence, 0, Length);
        }

        /// <summary>True when <paramref name="evidence"/> belongs to <paramref name="enrol"/>: an Enrol, then the evidence at the next sequence, same UID.</summary>
        public static bool Follows(Transaction enrol, Transaction evidence)
        {
            return enrol.Kind == TransactionKind.Enrol && evidence.Kind == TransactionKind.CardEvidence
                && evidence.Sequence == enrol.Sequence + 1 && evidence.Uid.SameAs(enrol.Uid);
        }
    }
}
