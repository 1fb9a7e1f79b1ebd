namespace Terminal.CardTrust;

/// <summary>Two taps of one card whose NFC counters cannot both come from one NTAG21x.</summary>
/// <param name="Kind">Regression or duplicate.</param>
/// <param name="Earlier">The tap that came first.</param>
/// <param name="Later">The tap that came after it with a counter not above it.</param>
public sealed record CounterConflict(CounterConflictKind Kind, CounterTap Earlier, CounterTap Later);

/// <summary>How two counters conflict.</summary>
public enum CounterConflictKind
{
    /// <summary>A later tap read a lower counter.</summary>
    Regression,

    /// <summary>Two different taps read the same counter.</summary>
    Duplicate,
}
