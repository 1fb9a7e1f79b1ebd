#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Terminal.Core.Ports;
using Terminal.Core.Tests.Fakes;

namespace Terminal.Core.Tests.FakesTests
{
    [TestClass]
    public class MemoryBrokerTests
    {
        private static byte[] B(string s)
        {
            return System.Text.Encoding.UTF8.GetBytes(s);
        }

        [TestMethod]
        public void TopicFiltersFollowMqttRules()
        {
            Assert.IsTrue(MemoryBroker.Matches("a/+/c", "a/b/c"));
            Assert.IsFalse(MemoryBroker.Matches("a/+/c", "a/b/d"));
            Assert.IsFalse(MemoryBroker.Matches("a/+", "a/b/c"));
            Assert.IsTrue(MemoryBroker.Matches("a/#", "a/b/c"));
            Assert.IsTrue(MemoryBroker.Matches("a/#", "a"));
            Assert.IsTrue(MemoryBroker.Matches("#", "x/y"));
            Assert.IsFalse(MemoryBroker.Matches("a/b", "a/bc"));
            Assert.IsTrue(MemoryBroker.Matches("loyalty/+/up/#", "loyalty/T1/up/tx"));
        }

        [TestMethod]
        public void DeliversToMatchingSubscribersAndKeepsRetained()
        {
            MemoryBroker broker = new MemoryBroker();
            MemoryCloudLink a = new MemoryCloudLink(broker);
            a.Subscribe("x/#");
            a.Open();
            MemoryCloudLink b = new MemoryCloudLink(broker);
            b.Open();
            Assert.IsTrue(b.Publish("x/1", B("one"), 1, true));
            Assert.IsTrue(b.Publish("y/1", B("no"), 1, false));
            CloudMessage m = new CloudMessage();
            Assert.IsTrue(a.TryReceive(m));
            Assert.AreEqual("x/1", m.Topic);
            Assert.IsFalse(a.TryReceive(m));

            MemoryCloudLink c = new MemoryCloudLink(broker);
            c.Subscribe("x/+");
            c.Open();
            Assert.IsTrue(c.TryReceive(m));
            Assert.IsTrue(m.Retained);
            b.Publish("x/1", new byte[0], 1, true);
            Assert.AreEqual(0, broker.RetainedCount, "empty payload clears the retained message");
        }

        [TestMethod]
        public void StopDisconnectsEveryoneAndStartReconnectsWithANewSession()
        {
            MemoryBroker broker = new MemoryBroker();
            MemoryCloudLink a = new MemoryCloudLink(broker);
            a.Open();
            Assert.AreEqual(1, a.Session);
            broker.Stop();
            Assert.IsFalse(a.IsConnected);
            Assert.IsFalse(a.Publish("t", B("x"), 1, false));
            broker.Start();
            Assert.IsTrue(a.IsConnected);
            Assert.AreEqual(2, a.Session);
            a.Close();
            broker.Stop();
            broker.Start();
            Assert.IsFalse(a.IsConnected, "a closed link stays closed");
        }

        [TestMethod]
        public void CrashPublishesTheWillRetained()
        {
            MemoryBroker broker = new MemoryBroker();
            MemoryCloudLink a = new MemoryCloudLink(broker);
            a.SetWill("w", B("gone"));
            a.Open();
            a.Crash();
            Assert.AreEqual("gone", System.Text.Encoding.UTF8.GetString(broker.Retained("w"), 0, 4));
            MemoryCloudLink b = new MemoryCloudLink(broker);
            b.SetWill("w2", B("gone"));
            b.Open();
            b.Close();
            Assert.IsNull(broker.Retained("w2"), "a clean close sends no Will");
        }
    }
}
