namespace Terminal.Core.Rules
{
    /// <summary>
    /// How a sale turns into points. Data, not code: the cloud pushes a new set (issue #4).
    /// points = amount / minorPerUnit × pointsPerUnit × category% × best promotion%, rounded once
    /// at the end with <see cref="Rounding"/>, all in 64-bit integers (no floating point).
    /// </summary>
    public sealed class EarnRules
    {
        /// <summary>Creates a rule set.</summary>
        public EarnRules(int pointsPerUnit, int minorPerUnit, Rounding rounding, int minimumSpendMinor, string[] categoryNames, int[] categoryPercent, Promotion[] promotions)
        {
            if (categoryNames == null || categoryPercent == null || categoryNames.Length != categoryPercent.Length || categoryNames.Length == 0)
            {
                throw new System.ArgumentException("one multiplier per category, at least one category");
            }

            if (pointsPerUnit < 0 || minorPerUnit <= 0 || minimumSpendMinor < 0)
            {
                throw new System.ArgumentException("rates must be positive");
            }

            PointsPerUnit = pointsPerUnit;
            MinorPerUnit = minorPerUnit;
            Rounding = rounding;
            MinimumSpendMinor = minimumSpendMinor;
            CategoryNames = categoryNames;
            CategoryPercent = categoryPercent;
            Promotions = promotions ?? new Promotion[0];
        }

        /// <summary>
        /// Defaults for a beauty and fashion shop: 1 point per currency unit, rounded down,
        /// from 1.00 upwards; accessories earn 1.5×; no promotions.
        /// </summary>
        public static EarnRules Default()
        {
            return new EarnRules(
                1,
                100,
                Rounding.Down,
                100,
                new string[] { "General", "Beauty", "Fashion", "Accessories" },
                new int[] { 100, 100, 100, 150 },
                null);
        }

        /// <summary>Points per whole currency unit.</summary>
        public int PointsPerUnit { get; private set; }

        /// <summary>Minor units per currency unit (100 for EUR, 1 for JPY).</summary>
        public int MinorPerUnit { get; private set; }

        /// <summary>Rounding of the final result.</summary>
        public Rounding Rounding { get; private set; }

        /// <summary>Sales below this earn nothing (they are still recorded).</summary>
        public int MinimumSpendMinor { get; private set; }

        /// <summary>Display names, indexed by category number.</summary>
        public string[] CategoryNames { get; private set; }

        /// <summary>Multiplier per category in percent (100 = 1×).</summary>
        public int[] CategoryPercent { get; private set; }

        /// <summary>Time-boxed multipliers; the best one that applies is used (they do not stack).</summary>
        public Promotion[] Promotions { get; private set; }

        /// <summary>Number of categories.</summary>
        public int CategoryCount
        {
            get { return CategoryNames.Length; }
        }

        /// <summary>Points for a sale. Unknown categories earn at the general (index 0) rate.</summary>
        public int Compute(int amountMinor, int category, uint unixTime)
        {
            if (amountMinor < MinimumSpendMinor || amountMinor <= 0)
            {
                return 0;
            }

            int categoryPercent = category >= 0 && category < CategoryPercent.Length ? CategoryPercent[category] : CategoryPercent[0];
            int promotionPercent = 100;
            for (int i = 0; i < Promotions.Length; i++)
            {
                Promotion p = Promotions[i];
                if (p.AppliesTo(category, unixTime) && p.MultiplierPercent > promotionPercent)
                {
                    promotionPercent = p.MultiplierPercent;
                }
            }

            long numerator = (long)amountMinor * PointsPerUnit * categoryPercent * promotionPercent;
            long denominator = (long)MinorPerUnit * 100 * 100;
            long whole = numerator / denominator;
            long remainder = numerator % denominator;
            if (Rounding == Rounding.Up && remainder > 0)
            {
                whole++;
            }
            else if (Rounding == Rounding.HalfUp && remainder * 2 >= denominator)
            {
                whole++;
            }

            return whole > int.MaxValue ? int.MaxValue : (int)whole;
        }
    }
}
