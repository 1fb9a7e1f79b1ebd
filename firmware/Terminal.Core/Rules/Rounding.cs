namespace Terminal.Core.Rules
{
    /// <summary>How fractional points are turned into whole points.</summary>
    public enum Rounding : byte
    {
        /// <summary>Drop the fraction (12.9 → 12). The default: never awards more than earned.</summary>
        Down = 0,

        /// <summary>Round half away from zero (12.5 → 13).</summary>
        HalfUp = 1,

        /// <summary>Any fraction counts (12.1 → 13).</summary>
        Up = 2,
    }
}
