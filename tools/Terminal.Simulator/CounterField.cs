using System;
using Terminal.Core.Domain;
using Terminal.Core.Ports;
using Terminal.Core.Security;
using Terminal.Core.Tests.Fakes;

namespace Terminal.Simulator;

/// <summary>
/// The reader's RF field on the simulated counter. A tap holds a card in the field for a few
/// polls, like a hand passing over the reader; a hold leaves it there. An NTAG in the field is
/// handed to the flow for its credential check; any other card offers only its UID.
/// </summary>
public sealed class CounterField : ISecureCardReader
{
    private readonly object _gate = new();
    private readonly CardUid _uid = new();
    private SimulatedNtag? _ntag;
    private SimulatedNtag? _polledNtag;
    private int _pollsLeft;
    private bool _held;
    private bool _present;
    private int _tornPolls;

    /// <summary>Raised when an NTAG leaves the field (the wallet saves its memory then).</summary>
    public event Action<SimulatedNtag>? Left;

    /// <summary>Puts a card in the field for <paramref name="polls"/> polls, or until lifted when <paramref name="hold"/>.</summary>
    public void Present(byte[] uid, SimulatedNtag? ntag, int polls, bool hold)
    {
        SimulatedNtag? leaving;
        lock (_gate)
        {
            leaving = _present && !ReferenceEquals(_ntag, ntag) ? _ntag : null;
            _uid.Set(uid, 0, uid.Length);
            _ntag = ntag;
            _pollsLeft = polls;
            _held = hold;
            _present = true;
        }

        if (leaving != null)
        {
            Left?.Invoke(leaving);
        }

        ntag?.PowerOn();
    }

    /// <summary>Takes the card away.</summary>
    public void Lift()
    {
        SimulatedNtag? leaving;
        lock (_gate)
        {
            leaving = _present ? _ntag : null;
            _present = false;
            _held = false;
            _pollsLeft = 0;
            _ntag = null;
        }

        if (leaving != null)
        {
            Left?.Invoke(leaving);
        }
    }

    /// <summary>The next poll sees a card pulled away before its UID was complete.</summary>
    public void TearNext()
    {
        lock (_gate)
        {
            _tornPolls = 1;
        }
    }

    /// <summary>True while a card is held on the reader.</summary>
    public bool Holding
    {
        get
        {
            lock (_gate)
            {
                return _present && _held;
            }
        }
    }

    /// <summary>The NTAG the last poll reported present (valid until the next poll), else null.</summary>
    public INtagCard? Card
    {
        get
        {
            lock (_gate)
            {
                return _polledNtag;
            }
        }
    }

    /// <inheritdoc/>
    public CardReadStatus Poll(CardUid uid)
    {
        ArgumentNullException.ThrowIfNull(uid);
        SimulatedNtag? leaving = null;
        CardReadStatus status;
        lock (_gate)
        {
            _polledNtag = null;
            if (_tornPolls > 0)
            {
                _tornPolls--;
                return CardReadStatus.Torn;
            }

            if (!_present)
            {
                return CardReadStatus.NoCard;
            }

            uid.CopyFrom(_uid);
            _polledNtag = _ntag;
            status = CardReadStatus.Present;
            if (!_held && --_pollsLeft <= 0)
            {
                // This poll still sees the card; the next one will not.
                _present = false;
                leaving = _ntag;
            }
        }

        if (leaving != null)
        {
            Left?.Invoke(leaving);
        }

        return status;
    }
}
