namespace Terminal.Simulator;

/// <summary>A card the simulator can tap: a name for people, a UID for the terminal.</summary>
public sealed record SimulatedCard(string Name, string Key, byte[] Uid)
{
    /// <summary>The cards on the simulator's counter: one of each ISO 14443A UID size.</summary>
    public static SimulatedCard[] Defaults { get; } =
    [
        new("Alice", "j", [0x04, 0xA1, 0xB2, 0xC3]),
        new("Bob", "k", [0x04, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60]),
        new("Chloe", "l", [0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x10, 0x11, 0x12, 0x13]),
    ];

    /// <summary>UID as upper-case hex.</summary>
    public string Hex => System.Convert.ToHexString(Uid);
}
