using Terminal.Core.Domain;
using Terminal.Core.Ports;
using Terminal.Core.Security;

namespace Terminal.Core.Tests.Fakes
{
    /// <summary>A reader with a <see cref="SimulatedNtag"/> (or a card that is no NTAG) in its field.</summary>
    public sealed class NtagCardReader : ISecureCardReader
    {
        private SimulatedNtag _card;
        private readonly CardUid _foreign = new CardUid();
        private bool _foreignPresent;
        private int _tornPolls;

        /// <summary>Puts an NTAG on the reader (power-on: its counter counts the next READ).</summary>
        public void Place(SimulatedNtag card)
        {
            _card = card;
            _foreignPresent = false;
            card.PowerOn();
        }

        /// <summary>Puts a card that is not an NTAG21x (for example a bank card) on the reader.</summary>
        public void PlaceForeign(byte[] uid)
        {
            _card = null;
            _foreign.Set(uid, 0, uid.Length);
            _foreignPresent = true;
        }

        /// <summary>Takes the card away.</summary>
        public void Remove()
        {
            _card = null;
            _foreignPresent = false;
        }

        /// <summary>The next poll reports a card pulled away mid-read.</summary>
        public void Tear()
        {
            _tornPolls = 1;
        }

        /// <inheritdoc/>
        public INtagCard Card
        {
            get { return _card; }
        }

        /// <inheritdoc/>
        public CardReadStatus Poll(CardUid uid)
        {
            if (_tornPolls > 0)
            {
                _tornPolls--;
                return CardReadStatus.Torn;
            }

            if (_card != null)
            {
                uid.CopyFrom(_card.Uid);
                return CardReadStatus.Present;
            }

            if (_foreignPresent)
            {
                uid.CopyFrom(_foreign);
                return CardReadStatus.Present;
            }

            return CardReadStatus.NoCard;
        }
    }
}
