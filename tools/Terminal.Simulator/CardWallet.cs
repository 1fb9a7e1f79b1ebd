using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Terminal.Core.Security;
using Terminal.Core.Tests.Fakes;

namespace Terminal.Simulator;

/// <summary>
/// The simulated cards the cashier can tap, kept in the data folder so an NTAG enrolled in one run
/// still carries its credential (pages, password, NFC counter) in the next.
/// </summary>
public sealed class CardWallet
{
    private readonly string _folder;
    private readonly Dictionary<string, SimulatedNtag> _tags = new(StringComparer.OrdinalIgnoreCase);
    private readonly ChipFactory _factory;

    /// <summary>Opens (and creates) <paramref name="folder"/>; <paramref name="secure"/> selects NTAG shop cards.</summary>
    public CardWallet(string folder, bool secure)
    {
        _folder = folder;
        Secure = secure;
        Directory.CreateDirectory(folder);
        Cards = secure ? SimulatedCard.Secure : SimulatedCard.UidOnly;
        _factory = new ChipFactory(Path.Combine(folder, "factory-key.hex"));
    }

    /// <summary>Public key of the simulated chip factory (for the embedded cloud's originality check).</summary>
    public byte[] FactoryPublicKey => _factory.PublicKey;

    /// <summary>True when cards are NTAGs checked by their credential.</summary>
    public bool Secure { get; }

    /// <summary>The named shop cards.</summary>
    public SimulatedCard[] Cards { get; }

    /// <summary>The NTAG behind a card (loaded from the data folder, or factory-fresh), or null for a card that is no NTAG.</summary>
    public SimulatedNtag? Tag(SimulatedCard card)
    {
        if (!card.IsNtag)
        {
            return null;
        }

        string key = card.Hex;
        if (!_tags.TryGetValue(key, out SimulatedNtag? tag))
        {
            tag = new SimulatedNtag(Ntag21x.StorageNtag215, card.Uid, _factory.Sign(card.Uid));
            string file = PathOf(key);
            if (File.Exists(file))
            {
                byte[] state = File.ReadAllBytes(file);
                if (state.Length == tag.StateLength)
                {
                    tag.LoadState(state, 0);
                }
            }

            _tags[key] = tag;
        }

        return tag;
    }

    /// <summary>
    /// A "magic" clone of Alice's card as it is now: same UID, pages, signature and password,
    /// but its own NFC counter (the one thing a clone cannot copy).
    /// </summary>
    public SimulatedNtag MagicClone()
    {
        SimulatedCard alice = Cards[0];
        string key = "clone-" + alice.Hex;
        if (!_tags.TryGetValue(key, out SimulatedNtag? clone))
        {
            clone = SimulatedNtag.MagicCloneOf(Tag(alice)!, 0);
            string file = PathOf(key);
            if (File.Exists(file))
            {
                byte[] state = File.ReadAllBytes(file);
                if (state.Length == clone.StateLength)
                {
                    clone.LoadState(state, 0);
                }
            }

            _tags[key] = clone;
        }

        return clone;
    }

    /// <summary>Writes a card's memory back to the data folder (when it leaves the field).</summary>
    public void Save(SimulatedNtag tag)
    {
        string? key = _tags.FirstOrDefault(p => ReferenceEquals(p.Value, tag)).Key;
        if (key == null)
        {
            return;
        }

        byte[] state = new byte[tag.StateLength];
        tag.SaveState(state, 0);
        string file = PathOf(key);
        File.WriteAllBytes(file + ".tmp", state);
        File.Move(file + ".tmp", file, overwrite: true);
    }

    /// <summary>A card by name or hex UID; throws ArgumentException with a helpful message.</summary>
    public SimulatedCard Resolve(string argument)
    {
        SimulatedCard? named = Cards.FirstOrDefault(c => c.Name.Equals(argument, StringComparison.OrdinalIgnoreCase));
        if (named != null)
        {
            return named;
        }

        if (argument.Equals("bank", StringComparison.OrdinalIgnoreCase))
        {
            return SimulatedCard.BankCard;
        }

        try
        {
            byte[] uid = Convert.FromHexString(argument);
            if (uid.Length is 4 or 7 or 10)
            {
                // In secure mode a 7-byte UID is a (blank) NTAG215; other sizes are other card types.
                return new SimulatedCard(argument.ToUpperInvariant(), string.Empty, uid, Secure && uid.Length == 7);
            }
        }
        catch (FormatException)
        {
        }

        throw new ArgumentException($"'{argument}' is not a card: use {string.Join(", ", Cards.Select(c => c.Name))}, bank, or a 4, 7 or 10-byte UID in hex");
    }

    private string PathOf(string key) => Path.Combine(_folder, key + ".ntag");
}
