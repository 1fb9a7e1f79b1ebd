using Microsoft.VisualStudio.TestTools.UnitTesting;
using Terminal.Core.Domain;
using Terminal.Core.Ports;
using Terminal.Core.Tests.Fakes;

namespace Terminal.Simulator.Tests;

[TestClass]
public sealed class CounterFieldTests
{
    [TestMethod]
    public void TapLastsAFewPollsAndHoldLastsUntilLifted()
    {
        var field = new CounterField();
        var uid = new CardUid();
        field.Present([1, 2, 3, 4], null, polls: 2, hold: false);
        Assert.AreEqual(CardReadStatus.Present, field.Poll(uid));
        Assert.IsNull(field.Card, "a card that is no NTAG offers only its UID");
        Assert.AreEqual(CardReadStatus.Present, field.Poll(uid));
        Assert.AreEqual(CardReadStatus.NoCard, field.Poll(uid));

        byte[] seven = [0x04, 1, 2, 3, 4, 5, 6];
        SimulatedNtag tag = SimulatedNtag.Ntag215(seven);
        SimulatedNtag? left = null;
        field.Left += t => left = t;
        field.Present(seven, tag, polls: 0, hold: true);
        for (int i = 0; i < 100; i++)
        {
            Assert.AreEqual(CardReadStatus.Present, field.Poll(uid));
        }

        Assert.AreEqual(7, uid.Length);
        Assert.AreSame(tag, field.Card);
        field.TearNext();
        Assert.AreEqual(CardReadStatus.Torn, field.Poll(uid));
        field.Lift();
        Assert.AreSame(tag, left, "the wallet saves a card when it leaves the field");
        Assert.AreEqual(CardReadStatus.NoCard, field.Poll(uid));
        Assert.IsNull(field.Card);
    }
}
