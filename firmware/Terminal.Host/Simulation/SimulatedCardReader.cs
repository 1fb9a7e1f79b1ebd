using System;
using Terminal.Core.Domain;
using Terminal.Core.Ports;

namespace Terminal.Host.Simulation;

/// <summary>
/// A reader field the simulator puts cards into. A tap holds the card in the field for a few
/// polls, like a hand passing over the reader; <see cref="Hold"/> leaves it there.
/// </summary>
public sealed class SimulatedCardReader : ICardReader
{
    private readonly object _gate = new();
    private readonly CardUid _card = new();
    private int _pollsLeft;
    private bool _held;
    private int _tornPolls;

    /// <summary>Presents the card for <paramref name="polls"/> polls.</summary>
    public void Tap(byte[] uid, int polls = 5)
    {
        lock (_gate)
        {
            _card.Set(uid, 0, uid.Length);
            _pollsLeft = polls;
            _held = false;
        }
    }

    /// <summary>Leaves the card on the reader until <see cref="Lift"/>.</summary>
    public void Hold(byte[] uid)
    {
        lock (_gate)
        {
            _card.Set(uid, 0, uid.Length);
            _held = true;
        }
    }

    /// <summary>Takes any card away.</summary>
    public void Lift()
    {
        lock (_gate)
        {
            _held = false;
            _pollsLeft = 0;
        }
    }

    /// <summary>A card that answers and is pulled away before its UID is complete.</summary>
    public void TearNext()
    {
        lock (_gate)
        {
            _tornPolls = 1;
        }
    }

    /// <summary>True while a card is in the field.</summary>
    public bool CardInField
    {
        get
        {
            lock (_gate)
            {
                return _held || _pollsLeft > 0;
            }
        }
    }

    /// <inheritdoc/>
    public CardReadStatus Poll(CardUid uid)
    {
        ArgumentNullException.ThrowIfNull(uid);
        lock (_gate)
        {
            if (_tornPolls > 0)
            {
                _tornPolls--;
                return CardReadStatus.Torn;
            }

            if (!_held && _pollsLeft <= 0)
            {
                return CardReadStatus.NoCard;
            }

            if (!_held)
            {
                _pollsLeft--;
            }

            uid.CopyFrom(_card);
            return CardReadStatus.Present;
        }
    }
}
