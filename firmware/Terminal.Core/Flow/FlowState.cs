namespace Terminal.Core.Flow
{
    /// <summary>States of the counter flow (see docs/flow.md for the key map).</summary>
    public enum FlowState
    {
        /// <summary>Waiting: keys start a sale, a tap shows the balance.</summary>
        Idle = 0,

        /// <summary>Cashier types the basket amount.</summary>
        AmountEntry = 1,

        /// <summary>Cashier picks the product category.</summary>
        CategorySelect = 2,

        /// <summary>Waiting for the shopper's card (sale or redemption).</summary>
        TapPrompt = 3,

        /// <summary>Outcome of a transaction.</summary>
        Result = 4,

        /// <summary>Balance and usable vouchers after a tap with no sale.</summary>
        Balance = 5,

        /// <summary>Something went wrong; the message says what to do.</summary>
        Error = 6,

        /// <summary>Cashier picks a voucher from the catalogue.</summary>
        VoucherSelect = 7,

        /// <summary>Cashier types the PIN to void the last transaction.</summary>
        PinEntry = 8,

        /// <summary>Cashier confirms which transaction is voided.</summary>
        VoidConfirm = 9,
    }
}
