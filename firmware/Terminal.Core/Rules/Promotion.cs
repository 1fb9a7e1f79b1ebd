namespace Terminal.Core.Rules
{
    /// <summary>A time-boxed multiplier, for example double points on a weekend.</summary>
    public sealed class Promotion
    {
        /// <summary>Applies to every category.</summary>
        public const int AllCategories = -1;

        /// <summary>Creates a promotion valid from <paramref name="startUnix"/> (inclusive) to <paramref name="endUnix"/> (exclusive).</summary>
        public Promotion(uint startUnix, uint endUnix, int multiplierPercent, int category)
        {
            StartUnix = startUnix;
            EndUnix = endUnix;
            MultiplierPercent = multiplierPercent;
            Category = category;
        }

        /// <summary>First second the promotion applies (Unix time).</summary>
        public uint StartUnix { get; private set; }

        /// <summary>First second it no longer applies.</summary>
        public uint EndUnix { get; private set; }

        /// <summary>200 = double points.</summary>
        public int MultiplierPercent { get; private set; }

        /// <summary>Category it applies to, or <see cref="AllCategories"/>.</summary>
        public int Category { get; private set; }

        /// <summary>True when it applies to a sale in <paramref name="category"/> at <paramref name="unixTime"/>.</summary>
        public bool AppliesTo(int category, uint unixTime)
        {
            return unixTime >= StartUnix && unixTime < EndUnix
                && (Category == AllCategories || Category == category);
        }
    }
}
