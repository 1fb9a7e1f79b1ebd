using System.Collections.Generic;

namespace Terminal.Cloud
{
    /// <summary>What applying one batch did.</summary>
    public sealed class BatchResult
    {
        /// <summary>Transactions stored for the first time.</summary>
        public int Applied { get; set; }

        /// <summary>Transactions already stored (redeliveries and resends): no-ops.</summary>
        public int Duplicates { get; set; }

        /// <summary>Batches whose first duplicate differs from what is stored (a reused terminal id).</summary>
        public int Conflicts { get; set; }

        /// <summary>Highest contiguous sequence stored for the terminal after the batch (what is acknowledged).</summary>
        public long LastSeq { get; set; }

        /// <summary>First sequence refused because it did not follow on (0 = no gap).</summary>
        public long GapAt { get; set; }

        /// <summary>Why the batch was refused as a whole (null when accepted).</summary>
        public string? Refused { get; set; }

        /// <summary>Cards whose balance changed, upper-case hex, in the order of their change numbers.</summary>
        public List<string> TouchedCards { get; } = new();

        /// <summary>
        /// The tenant's change number before the batch: the batch created the changes
        /// (<see cref="ChangeFrom"/>, <see cref="ChangeEnd"/>], one per touched card; equal when it created none.
        /// </summary>
        public long ChangeFrom { get; set; }

        /// <summary>The tenant's change number after the batch (see <see cref="ChangeFrom"/>).</summary>
        public long ChangeEnd { get; set; }

        /// <summary>
        /// How each other terminal of the tenant sees the touched cards, read inside the batch's
        /// transaction so every card's change number lies in (<see cref="ChangeFrom"/>, <see cref="ChangeEnd"/>].
        /// </summary>
        public Dictionary<string, List<CardView>> Views { get; } = new(System.StringComparer.Ordinal);

        /// <summary>Every card named in the batch, stored now or before (the card-trust checks run on them).</summary>
        public HashSet<string> CheckCards { get; } = new(System.StringComparer.Ordinal);

        /// <summary>Tenant of the terminal.</summary>
        public string Tenant { get; set; } = string.Empty;
    }
}
