using System;
using System.Collections.Generic;
using Terminal.Core.Domain;

namespace Terminal.Core.Ledger.Harness
{
    /// <summary>A card as an independent replay of the journal sees it.</summary>
    public struct ModelCard : IEquatable<ModelCard>
    {
        public bool Exists;
        public int Balance;
        public ushort VouchersUsed;

        public readonly bool Equals(ModelCard other) => Exists == other.Exists && Balance == other.Balance && VouchersUsed == other.VouchersUsed;

        public override readonly bool Equals(object obj) => obj is ModelCard card && Equals(card);

        public override readonly int GetHashCode() => HashCode.Combine(Exists, Balance, VouchersUsed);

        public override readonly string ToString() => Exists ? $"{Balance} pts, vouchers 0x{VouchersUsed:X4}" : "no account";
    }

    /// <summary>
    /// The harness's own account of what the terminal did: every record ever appended (as its
    /// frame bytes), which of them the cashier was shown, and card states replayed from them by
    /// rules written here independently of the ledger's code.
    /// </summary>
    public sealed class JournalModel
    {
        private readonly List<byte[]> _frames = new List<byte[]> { Array.Empty<byte>() };
        private readonly List<int> _enrolments = new List<int> { 0 };
        private readonly Dictionary<ulong, ModelCard> _shownCards = new Dictionary<ulong, ModelCard>();
        private readonly List<int> _unshownGroups = new List<int>();
        private readonly Transaction _decoded = new Transaction();
        private int _enrolledShown;

        /// <summary>Highest sequence number shown to the cashier.</summary>
        public uint ShownLast { get; private set; }

        /// <summary>Highest sequence number appended (shown or not).</summary>
        public uint AppendedLast => (uint)(_frames.Count - 1);

        /// <summary>Sizes of the commits appended but not shown yet, oldest first.</summary>
        public IReadOnlyList<int> UnshownGroups => _unshownGroups;

        /// <summary>Frame of a sequence number, or null.</summary>
        public byte[] Frame(uint sequence) => sequence >= 1 && sequence < _frames.Count ? _frames[(int)sequence] : null;

        /// <summary>Records one commit's frames (appended to the tail, not yet shown).</summary>
        public void Appended(byte[] buffer, int offset, int count)
        {
            int n = count / TransactionCodec.FrameLength;
            for (int i = 0; i < n; i++)
            {
                byte[] frame = new byte[TransactionCodec.FrameLength];
                Array.Copy(buffer, offset + (i * TransactionCodec.FrameLength), frame, 0, frame.Length);
                if (!TransactionCodec.TryDecode(frame, 0, frame.Length, _decoded))
                {
                    throw new InvalidOperationException("the ledger appended a frame that does not decode");
                }

                if (_decoded.Sequence != (uint)_frames.Count)
                {
                    throw new InvalidOperationException($"the ledger appended sequence {_decoded.Sequence}, expected {_frames.Count}");
                }

                _frames.Add(frame);
                bool enrol = _decoded.Kind == TransactionKind.Enrol && _decoded.Uid.Length > 0;
                _enrolments.Add(_enrolments[^1] + (enrol ? 1 : 0));
            }

            _unshownGroups.Add(n);
        }

        /// <summary>The cashier saw the result: every appended record counts as shown.</summary>
        public void Shown()
        {
            while (ShownLast < AppendedLast)
            {
                ShownLast++;
                Apply(_shownCards, ShownLast, ref _enrolledShown);
            }

            _unshownGroups.Clear();
        }

        /// <summary>Enrol records among 1..<paramref name="last"/> (each opens one card's account here).</summary>
        public int EnrolmentsAt(uint last) => _enrolments[(int)last];

        /// <summary>Card states after replaying records 1..<paramref name="last"/>, which must be
        /// <see cref="ShownLast"/> plus whole unshown groups.</summary>
        public Dictionary<ulong, ModelCard> CardsAt(uint last, out int enrolled)
        {
            enrolled = _enrolledShown;
            if (last == ShownLast)
            {
                return _shownCards;
            }

            Dictionary<ulong, ModelCard> cards = new Dictionary<ulong, ModelCard>(_shownCards);
            for (uint s = ShownLast + 1; s <= last; s++)
            {
                Apply(cards, s, ref enrolled);
            }

            return cards;
        }

        /// <summary>True when <paramref name="last"/> ends a shown record or a whole unshown commit.</summary>
        public bool IsCommitBoundary(uint last, uint extraInFlight)
        {
            uint at = ShownLast;
            if (last == at)
            {
                return true;
            }

            foreach (int group in _unshownGroups)
            {
                at += (uint)group;
                if (last == at)
                {
                    return true;
                }
            }

            return extraInFlight > 0 && last == at + extraInFlight;
        }

        private void Apply(Dictionary<ulong, ModelCard> cards, uint sequence, ref int enrolled)
        {
            byte[] frame = _frames[(int)sequence];
            TransactionCodec.TryDecode(frame, 0, frame.Length, _decoded);
            if (_decoded.Uid.Length == 0)
            {
                return;
            }

            TransactionKind kind = _decoded.Kind;
            if (kind != TransactionKind.Enrol && kind != TransactionKind.Earn && kind != TransactionKind.Redeem && kind != TransactionKind.Void)
            {
                return;
            }

            ulong key = _decoded.Uid.Key();
            cards.TryGetValue(key, out ModelCard card);
            if (!card.Exists)
            {
                enrolled++;
            }

            card.Exists = true;
            card.Balance += _decoded.Points;
            int voucher = _decoded.VoucherId;
            if (voucher >= 1 && voucher <= 16)
            {
                ushort bit = (ushort)(1 << (voucher - 1));
                if (kind == TransactionKind.Redeem)
                {
                    card.VouchersUsed |= bit;
                }
                else if (kind == TransactionKind.Void)
                {
                    card.VouchersUsed &= (ushort)~bit;
                }
            }

            cards[key] = card;
        }
    }
}
