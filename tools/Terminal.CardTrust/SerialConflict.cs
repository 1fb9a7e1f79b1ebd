namespace Terminal.CardTrust;

/// <summary>A serial the cloud cannot account for.</summary>
/// <param name="Kind">What is wrong.</param>
/// <param name="Serial">The serial.</param>
/// <param name="Uid">The card it was seen on.</param>
public sealed record SerialConflict(SerialConflictKind Kind, uint Serial, string Uid);

/// <summary>What is wrong with a serial.</summary>
public enum SerialConflictKind
{
    /// <summary>No terminal allocated it: a record minted with a stolen key (or a corrupt serial).</summary>
    NeverIssued,

    /// <summary>The same serial on two UIDs: one of them was minted with a stolen key.</summary>
    SharedByTwoCards,

    /// <summary>One UID enrolled under several serials: a torn enrolment redone (harmless), or a
    /// UID-only clone enrolled as new where the UID was unknown. For review, not blocking by itself.</summary>
    UidReissued,
}
