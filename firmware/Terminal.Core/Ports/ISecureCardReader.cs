using Terminal.Core.Security;

namespace Terminal.Core.Ports
{
    /// <summary>
    /// A reader that can also talk to the card it just read, so the terminal can check the
    /// credential the retailer wrote on it (issue #8, docs/security.md).
    /// </summary>
    public interface ISecureCardReader : ICardReader
    {
        /// <summary>
        /// The NTAG21x that the last <see cref="ICardReader.Poll"/> reported as present, still selected;
        /// null when that card is not an NTAG21x (for example a bank card).
        /// </summary>
        INtagCard Card { get; }
    }
}
