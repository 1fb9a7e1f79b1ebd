namespace Terminal.Core.Rules
{
    /// <summary>The vouchers on offer; the cashier picks one with keys 1-9.</summary>
    public sealed class VoucherCatalog
    {
        /// <summary>Most entries the keypad can select.</summary>
        public const int MaxEntries = 9;

        private readonly Voucher[] _vouchers;

        /// <summary>Creates a catalogue of up to <see cref="MaxEntries"/> vouchers.</summary>
        public VoucherCatalog(Voucher[] vouchers)
        {
            if (vouchers == null || vouchers.Length > MaxEntries)
            {
                throw new System.ArgumentException("at most 9 vouchers");
            }

            _vouchers = vouchers;
        }

        /// <summary>A starter catalogue the cloud replaces.</summary>
        public static VoucherCatalog Default()
        {
            return new VoucherCatalog(new Voucher[]
            {
                new Voucher(1, "Welcome 2.00", 50, VoucherKind.FixedAmount, 200, 0),
                new Voucher(20, "5.00 off", 250, VoucherKind.FixedAmount, 500, 0),
                new Voucher(21, "10% off", 400, VoucherKind.Percent, 10, 0),
            });
        }

        /// <summary>Number of entries.</summary>
        public int Count
        {
            get { return _vouchers.Length; }
        }

        /// <summary>Entry by position (0-based; the keypad shows position + 1).</summary>
        public Voucher At(int index)
        {
            return _vouchers[index];
        }

        /// <summary>Entry by id, or null.</summary>
        public Voucher Find(ushort id)
        {
            for (int i = 0; i < _vouchers.Length; i++)
            {
                if (_vouchers[i].Id == id)
                {
                    return _vouchers[i];
                }
            }

            return null;
        }
    }
}
