using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Terminal.Core.Security;

namespace Terminal.CardTrust.Tests;

[TestClass]
public class SerialCheckTests
{
    private static int Allocated(int terminal) => terminal switch
    {
        1 => 100,
        2 => 5,
        _ => 0,
    };

    [TestMethod]
    public void IssuedSerialsOnTheirOwnCardsAreClean()
    {
        var seen = new[]
        {
            new SerialSighting("04AA", CredentialSerial.Make(1, 1)),
            new SerialSighting("04BB", CredentialSerial.Make(1, 100)),
            new SerialSighting("04CC", CredentialSerial.Make(2, 5)),
            new SerialSighting("04CC", CredentialSerial.Make(2, 5)),
        };
        Assert.AreEqual(0, SerialCheck.Find(seen, Allocated).Count);
    }

    [TestMethod]
    public void MintedSerialsAreFlagged()
    {
        // A thief with a terminal's key picks serials: beyond what the terminal allocated, from a
        // terminal that does not exist, or one already on a genuine card.
        var seen = new[]
        {
            new SerialSighting("04AA", CredentialSerial.Make(1, 7)),
            new SerialSighting("04F1", CredentialSerial.Make(1, 101)),
            new SerialSighting("04F2", CredentialSerial.Make(9, 1)),
            new SerialSighting("04F3", CredentialSerial.Make(1, 7)),
        };
        IReadOnlyList<SerialConflict> found = SerialCheck.Find(seen, Allocated);
        Assert.IsTrue(found.Any(c => c.Kind == SerialConflictKind.NeverIssued && c.Uid == "04F1"));
        Assert.IsTrue(found.Any(c => c.Kind == SerialConflictKind.NeverIssued && c.Uid == "04F2"));
        Assert.AreEqual(2, found.Count(c => c.Kind == SerialConflictKind.SharedByTwoCards));
        Assert.IsFalse(found.Any(c => c.Kind == SerialConflictKind.NeverIssued && c.Uid == "04AA"));
        Assert.AreEqual(9, SerialCheck.TerminalOf(CredentialSerial.Make(9, 1)));
        Assert.AreEqual(77, SerialCheck.SequenceOf(CredentialSerial.Make(9, 77)));
    }

    [TestMethod]
    public void AUidUnderTwoSerialsIsReportedForReview()
    {
        var seen = new[]
        {
            new SerialSighting("04AA", CredentialSerial.Make(1, 1)),
            new SerialSighting("04AA", CredentialSerial.Make(2, 3)),
        };
        IReadOnlyList<SerialConflict> found = SerialCheck.Find(seen, Allocated);
        Assert.AreEqual(2, found.Count);
        Assert.IsTrue(found.All(c => c.Kind == SerialConflictKind.UidReissued));
    }
}
