#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Terminal.Core.Domain;
using Terminal.Core.Ports;
using Terminal.Core.Tests.Fakes;

namespace Terminal.Core.Tests.FakesTests
{
    [TestClass]
    public class ScriptedDevicesTests
    {
        [TestMethod]
        public void KeypadReturnsKeysInOrderThenNothing()
        {
            ScriptedKeypad keypad = new ScriptedKeypad();
            keypad.Type("1#");
            Assert.AreEqual('1', keypad.ReadKey());
            Assert.AreEqual('#', keypad.ReadKey());
            Assert.AreEqual('\0', keypad.ReadKey());
        }

        [TestMethod]
        public void ReaderReportsPlacedCardTornAndRemoved()
        {
            ScriptedCardReader reader = new ScriptedCardReader();
            CardUid uid = new CardUid();
            Assert.AreEqual((int)CardReadStatus.NoCard, (int)reader.Poll(uid));
            reader.Place(new byte[] { 1, 2, 3, 4 });
            reader.Tear(1);
            Assert.AreEqual((int)CardReadStatus.Torn, (int)reader.Poll(uid));
            Assert.AreEqual((int)CardReadStatus.Present, (int)reader.Poll(uid));
            Assert.AreEqual("01020304", uid.ToString());
            reader.Remove();
            Assert.AreEqual((int)CardReadStatus.NoCard, (int)reader.Poll(uid));
        }

        [TestMethod]
        public void ClockAndRecordersCount()
        {
            FakeClock clock = new FakeClock();
            uint start = clock.UnixSeconds;
            clock.Advance(2500);
            Assert.AreEqual(2500L, clock.MonotonicMilliseconds);
            Assert.AreEqual(start + 2, clock.UnixSeconds);
            RecordingIndicator indicator = new RecordingIndicator();
            indicator.Signal(Signal.Error);
            indicator.Signal(Signal.Success);
            indicator.Signal(Signal.Success);
            Assert.AreEqual(1, indicator.Errors);
            Assert.AreEqual(2, indicator.Successes);
            RecordingDisplay display = new RecordingDisplay();
            Terminal.Core.Flow.Screen screen = new Terminal.Core.Flow.Screen();
            screen.Set("Hello", null, "a line longer than sixteen", "x");
            display.Show(screen);
            Assert.AreEqual("Hello||a line longer th|x", display.Last);
            Assert.IsTrue(display.Shows("Hello"));
        }
    }
}
