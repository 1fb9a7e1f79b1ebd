namespace Terminal.Core.Ports
{
    /// <summary>What the buzzer and LED tell the cashier.</summary>
    public enum Signal
    {
        /// <summary>Key click.</summary>
        Key = 0,

        /// <summary>Transaction done.</summary>
        Success = 1,

        /// <summary>Something needs attention.</summary>
        Error = 2,
    }
}
