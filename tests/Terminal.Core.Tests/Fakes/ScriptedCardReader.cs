using Terminal.Core.Domain;
using Terminal.Core.Ports;

namespace Terminal.Core.Tests.Fakes
{
    /// <summary>A reader whose field holds whatever card the test puts there.</summary>
    public sealed class ScriptedCardReader : ICardReader
    {
        private readonly CardUid _card = new CardUid();
        private bool _present;
        private int _tornPolls;

        /// <summary>Puts a card on the reader; it stays until <see cref="Remove"/>.</summary>
        public void Place(byte[] uid)
        {
            _card.Set(uid, 0, uid.Length);
            _present = true;
        }

        /// <summary>Takes the card away.</summary>
        public void Remove()
        {
            _present = false;
        }

        /// <summary>The next <paramref name="polls"/> polls report a card pulled away mid-read.</summary>
        public void Tear(int polls)
        {
            _tornPolls = polls;
        }

        /// <inheritdoc/>
        public CardReadStatus Poll(CardUid uid)
        {
            if (_tornPolls > 0)
            {
                _tornPolls--;
                return CardReadStatus.Torn;
            }

            if (!_present)
            {
                return CardReadStatus.NoCard;
            }

            uid.CopyFrom(_card);
            return CardReadStatus.Present;
        }
    }
}
