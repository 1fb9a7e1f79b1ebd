namespace Terminal.Core.Sync
{
    /// <summary>A decoded balance message: card states and, at the end of a resync, the new cursor.</summary>
    public sealed class BalanceBatch
    {
        private readonly CardBalance[] _cards;

        /// <summary>Creates a batch with room for <paramref name="capacity"/> cards.</summary>
        public BalanceBatch(int capacity)
        {
            _cards = new CardBalance[capacity];
            for (int i = 0; i < capacity; i++)
            {
                _cards[i] = new CardBalance();
            }
        }

        /// <summary>Most cards one message may carry.</summary>
        public int Capacity
        {
            get { return _cards.Length; }
        }

        /// <summary>Cards in this batch.</summary>
        public int Count { get; set; }

        /// <summary>True when this message completes a resync.</summary>
        public bool HasEnd { get; set; }

        /// <summary>The cloud's change number the resync covered (valid when <see cref="HasEnd"/>).</summary>
        public long End { get; set; }

        /// <summary>Card entry by index.</summary>
        public CardBalance At(int index)
        {
            return _cards[index];
        }

        /// <summary>Empties the batch.</summary>
        public void Clear()
        {
            Count = 0;
            HasEnd = false;
            End = 0;
        }
    }
}
