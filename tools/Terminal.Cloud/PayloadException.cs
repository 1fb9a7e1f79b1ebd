using System;

namespace Terminal.Cloud
{
    /// <summary>A payload that breaks the contract; the message is the logged reason.</summary>
    public sealed class PayloadException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public PayloadException(string reason)
            : base(reason)
        {
        }
    }
}
