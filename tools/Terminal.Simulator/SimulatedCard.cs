namespace Terminal.Simulator;

/// <summary>A card on the simulator's counter: a name for people, a UID for the terminal.</summary>
/// <param name="Name">Shown in the simulator.</param>
/// <param name="Key">Keyboard key that taps it.</param>
/// <param name="Uid">ISO 14443A UID.</param>
/// <param name="IsNtag">True for an NTAG215 that can carry a signed credential.</param>
public sealed record SimulatedCard(string Name, string Key, byte[] Uid, bool IsNtag)
{
    /// <summary>Shop cards: NTAG215s with 7-byte UIDs, as issued with signed credentials.</summary>
    public static SimulatedCard[] Secure { get; } =
    [
        new("Alice", "j", [0x04, 0xA1, 0xB2, 0xC3, 0x5D, 0x6E, 0x80], true),
        new("Bob", "k", [0x04, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60], true),
        new("Chloe", "l", [0x04, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x11], true),
    ];

    /// <summary>Cards identified by UID alone (--uid-only): one of each ISO 14443A UID size.</summary>
    public static SimulatedCard[] UidOnly { get; } =
    [
        new("Alice", "j", [0x04, 0xA1, 0xB2, 0xC3], false),
        new("Bob", "k", [0x04, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60], false),
        new("Chloe", "l", [0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x10, 0x11, 0x12, 0x13], false),
    ];

    /// <summary>A bank card: ISO 14443A with a 4-byte UID, not an NTAG.</summary>
    public static SimulatedCard BankCard { get; } = new("bank card", "o", [0x5B, 0x1C, 0x7D, 0x2E], false);

    /// <summary>UID as upper-case hex.</summary>
    public string Hex => System.Convert.ToHexString(Uid);
}
