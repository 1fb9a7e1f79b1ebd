namespace Terminal.Core.Sync
{
    /// <summary>
    /// A decoded balance message: the cloud's change range (<see cref="From"/>, <see cref="End"/>]
    /// and the latest state of every card whose last change falls in it. A terminal holding every
    /// change up to <see cref="From"/> (or later) can apply it and then holds everything up to
    /// <see cref="End"/>; one that holds less has missed a message and asks for a resync.
    /// </summary>
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

        /// <summary>The cloud change number this message follows on from (exclusive).</summary>
        public long From { get; set; }

        /// <summary>The cloud change number this message brings the terminal up to (inclusive).</summary>
        public long End { get; set; }

        /// <summary>True when the cloud cut a resync short: more changes follow after <see cref="End"/> on request.</summary>
        public bool More { get; set; }

        /// <summary>Card entry by index.</summary>
        public CardBalance At(int index)
        {
            return _cards[index];
        }

        /// <summary>Empties the batch.</summary>
        public void Clear()
        {
            Count = 0;
            From = 0;
            End = 0;
            More = false;
        }
    }
}
