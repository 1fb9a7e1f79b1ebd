using Microsoft.VisualStudio.TestTools.UnitTesting;
using Terminal.Core.Domain;
using Terminal.Core.Flow;
using Terminal.Core.Ports;
using Terminal.Host.Simulation;

namespace Terminal.Host.Tests.Simulation;

[TestClass]
public sealed class SimulatedDevicesTests
{
    [TestMethod]
    public void KeypadRefusesKeysTheDeviceDoesNotHave()
    {
        var keypad = new QueueKeypad();
        Assert.IsTrue(keypad.Press('A'));
        Assert.IsFalse(keypad.Press('x'));
        Assert.AreEqual('A', keypad.ReadKey());
        Assert.AreEqual('\0', keypad.ReadKey());
    }

    [TestMethod]
    public void DisplayRendersAFramed16By4Panel()
    {
        var display = new TextDisplay();
        var screen = new Screen();
        screen.Set("Ready", "12345678901234567890", null, "x");
        display.Show(screen);
        string[] rows = display.Render();
        Assert.AreEqual(6, rows.Length);
        Assert.AreEqual("│ 1234567890123456 │", rows[2]);
        Assert.AreEqual(rows[0].Length, rows[2].Length);
    }

    [TestMethod]
    public void SteppedClockCarriesMilliseconds()
    {
        var clock = new SteppedClock(100);
        for (int i = 0; i < 50; i++)
        {
            clock.Advance(20);
        }

        Assert.AreEqual(101u, clock.UnixSeconds);
        Assert.AreEqual(1000L, clock.MonotonicMilliseconds);
    }
}
