using Terminal.Core.Domain;

namespace Terminal.Core.Ports
{
    /// <summary>The NFC reader at the counter. Polled by the main loop; never blocks for long.</summary>
    public interface ICardReader
    {
        /// <summary>
        /// Looks for a card once. On <see cref="CardReadStatus.Present"/> the UID is copied into
        /// <paramref name="uid"/>; otherwise <paramref name="uid"/> is left unchanged.
        /// </summary>
        CardReadStatus Poll(CardUid uid);
    }
}
