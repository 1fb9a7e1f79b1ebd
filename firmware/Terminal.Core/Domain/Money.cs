namespace Terminal.Core.Domain
{
    /// <summary>Formats integer minor units for display; no floating point anywhere.</summary>
    public static class Money
    {
        /// <summary>"12.34" for 1234 with 2 decimals; "-0.05" for -5.</summary>
        public static string Format(long minor, int decimals)
        {
            bool negative = minor < 0;
            if (negative)
            {
                minor = -minor;
            }

            string text;
            if (decimals <= 0)
            {
                text = minor.ToString();
            }
            else
            {
                long scale = 1;
                for (int i = 0; i < decimals; i++)
                {
                    scale *= 10;
                }

                string fraction = (minor % scale).ToString();
                while (fraction.Length < decimals)
                {
                    fraction = "0" + fraction;
                }

                text = (minor / scale).ToString() + "." + fraction;
            }

            return negative ? "-" + text : text;
        }

        /// <summary>Amount with the currency, for example "12.34 EUR".</summary>
        public static string Format(long minor, int decimals, string currency)
        {
            return Format(minor, decimals) + " " + currency;
        }
    }
}
