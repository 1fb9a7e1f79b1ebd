#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using System.Collections;
using Terminal.Core.Provisioning;
using Terminal.Core.Tests.Fakes;

namespace Terminal.Core.Tests.Provisioning
{
    [TestClass]
    public class ProvisioningServiceImprovTests
    {
        [TestMethod]
        public void WifiSettingsConnectPersistAndReportProvisioned()
        {
            ServiceHarness h = new ServiceHarness();
            ArrayList packets = SendWifi(h, "ShopNet", "correct horse");

            // Provisioning, then Provisioned, then the RPC result (no redirect URL).
            Assert.AreEqual(3, packets.Count);
            AssertPacket((byte[])packets[0], ImprovPacketType.CurrentState, (byte)ImprovState.Provisioning);
            AssertPacket((byte[])packets[1], ImprovPacketType.CurrentState, (byte)ImprovState.Provisioned);
            byte[] result = (byte[])packets[2];
            Assert.AreEqual((byte)ImprovPacketType.RpcResult, result[0]);
            Assert.AreEqual((byte)ImprovCommand.SendWifiSettings, result[1]);
            Assert.AreEqual((byte)0, result[2]);
            Assert.AreEqual("ShopNet", h.Service.Config.WifiSsid);

            // Survives a reboot.
            ServiceHarness after = new ServiceHarness(h.Store);
            Assert.AreEqual("ShopNet", after.Service.Config.WifiSsid);
            Assert.AreEqual("correct horse", after.Service.Config.WifiPassword);
        }

        [TestMethod]
        public void WrongPasswordReportsUnableToConnectAndStoresNothing()
        {
            ServiceHarness h = new ServiceHarness();
            string before = h.Store.Fingerprint();
            ArrayList packets = SendWifi(h, "ShopNet", "wrong password");
            Assert.AreEqual(3, packets.Count);
            AssertPacket((byte[])packets[0], ImprovPacketType.CurrentState, (byte)ImprovState.Provisioning);
            AssertPacket((byte[])packets[1], ImprovPacketType.ErrorState, (byte)ImprovError.UnableToConnect);
            AssertPacket((byte[])packets[2], ImprovPacketType.CurrentState, (byte)ImprovState.Authorized);
            Assert.AreEqual(before, h.Store.Fingerprint());
        }

        [TestMethod]
        public void CurrentStateFollowsTheConnection()
        {
            ServiceHarness h = new ServiceHarness();
            ArrayList packets = h.Improv(ImprovCommand.RequestCurrentState, null);
            Assert.AreEqual(1, packets.Count);
            AssertPacket((byte[])packets[0], ImprovPacketType.CurrentState, (byte)ImprovState.Authorized);

            h.Wifi.IsConnected = true;
            packets = h.Improv(ImprovCommand.RequestCurrentState, null);
            Assert.AreEqual(2, packets.Count);
            AssertPacket((byte[])packets[0], ImprovPacketType.CurrentState, (byte)ImprovState.Provisioned);
            Assert.AreEqual((byte)ImprovPacketType.RpcResult, ((byte[])packets[1])[0]);
            Assert.AreEqual((byte)ImprovCommand.RequestCurrentState, ((byte[])packets[1])[1]);
        }

        [TestMethod]
        public void DeviceInfoNamesFirmwareVersionChipAndDevice()
        {
            ServiceHarness h = new ServiceHarness();
            ArrayList packets = h.Improv(ImprovCommand.RequestDeviceInfo, null);
            Assert.AreEqual(1, packets.Count);
            string[] s = ResultStrings((byte[])packets[0], ImprovCommand.RequestDeviceInfo);
            Assert.AreEqual(4, s.Length);
            Assert.AreEqual("loyalty-terminal", s[0]);
            Assert.AreEqual("0.1.0", s[1]);
            Assert.AreEqual("ESP32", s[2]);
            Assert.AreEqual("terminal", s[3]);

            // Once provisioned, the terminal id names the device.
            h.Apply(new string[] { "terminal", "T0042" });
            s = ResultStrings((byte[])h.Improv(ImprovCommand.RequestDeviceInfo, null)[0], ImprovCommand.RequestDeviceInfo);
            Assert.AreEqual("T0042", s[3]);
        }

        [TestMethod]
        public void ScanSendsOneResultPerNetworkThenAnEmptyOne()
        {
            ServiceHarness h = new ServiceHarness();
            ArrayList packets = h.Improv(ImprovCommand.RequestScannedNetworks, null);
            Assert.AreEqual(3, packets.Count);
            string[] first = ResultStrings((byte[])packets[0], ImprovCommand.RequestScannedNetworks);
            Assert.AreEqual("ShopNet", first[0]);
            Assert.AreEqual("-48", first[1]);
            Assert.AreEqual("YES", first[2]);
            Assert.AreEqual("NO", ResultStrings((byte[])packets[1], ImprovCommand.RequestScannedNetworks)[2]);
            Assert.AreEqual(0, ResultStrings((byte[])packets[2], ImprovCommand.RequestScannedNetworks).Length);
        }

        [TestMethod]
        public void HostnameCanBeReadAndSet()
        {
            ServiceHarness h = new ServiceHarness();
            byte[] name = new byte[] { 6, (byte)'t', (byte)'e', (byte)'r', (byte)'m', (byte)'-', (byte)'7' };
            string[] s = ResultStrings((byte[])h.Improv(ImprovCommand.Hostname, name)[0], ImprovCommand.Hostname);
            Assert.AreEqual("term-7", s[0]);
            s = ResultStrings((byte[])h.Improv(ImprovCommand.Hostname, null)[0], ImprovCommand.Hostname);
            Assert.AreEqual("term-7", s[0]);
            Assert.AreEqual("term-7", new ServiceHarness(h.Store).Service.Config.Hostname);

            // Not a valid host label: invalid RPC, nothing stored.
            string before = h.Store.Fingerprint();
            byte[] bad = new byte[] { 3, (byte)'a', (byte)' ', (byte)'b' };
            AssertPacket((byte[])h.Improv(ImprovCommand.Hostname, bad)[0], ImprovPacketType.ErrorState, (byte)ImprovError.InvalidRpc);
            Assert.AreEqual(before, h.Store.Fingerprint());
        }

        [TestMethod]
        public void UnknownCommandIsReported()
        {
            ServiceHarness h = new ServiceHarness();
            ArrayList packets = h.Improv((ImprovCommand)0x42, null);
            Assert.AreEqual(1, packets.Count);
            AssertPacket((byte[])packets[0], ImprovPacketType.ErrorState, (byte)ImprovError.UnknownRpc);
        }

        [TestMethod]
        public void MalformedRpcDataIsAnInvalidRpc()
        {
            ServiceHarness h = new ServiceHarness();
            byte[] frame = new byte[ImprovCodec.MaxPacket];

            // The inner length says 5 but 3 bytes follow.
            frame[ImprovCodec.PrefixLength] = 0x01;
            frame[ImprovCodec.PrefixLength + 1] = 5;
            frame[ImprovCodec.PrefixLength + 2] = 1;
            frame[ImprovCodec.PrefixLength + 3] = (byte)'x';
            frame[ImprovCodec.PrefixLength + 4] = 0;
            int n = ImprovCodec.Frame(ImprovPacketType.RpcCommand, frame, 0, 5);
            h.SendRaw(frame, 0, n);
            ArrayList packets = h.Collect();
            Assert.AreEqual(1, packets.Count);
            AssertPacket((byte[])packets[0], ImprovPacketType.ErrorState, (byte)ImprovError.InvalidRpc);

            // SSID length running past the end.
            byte[] data = new byte[] { 9, (byte)'a', 0 };
            AssertPacket((byte[])h.Improv(ImprovCommand.SendWifiSettings, data)[0], ImprovPacketType.ErrorState, (byte)ImprovError.InvalidRpc);

            // Empty SSID.
            data = new byte[] { 0, 0 };
            AssertPacket((byte[])h.Improv(ImprovCommand.SendWifiSettings, data)[0], ImprovPacketType.ErrorState, (byte)ImprovError.InvalidRpc);
            Assert.AreEqual(0, h.Wifi.ConnectCalls);
        }

        [TestMethod]
        public void BadChecksumIsAnInvalidRpcAndDoesNothing()
        {
            ServiceHarness h = new ServiceHarness();
            byte[] frame = new byte[ImprovCodec.MaxPacket];
            int n = ImprovCodec.EncodeWifiSettings("ShopNet", "correct horse", frame, 0);
            frame[n - 1] ^= 0x01;
            h.SendRaw(frame, 0, n);
            ArrayList packets = h.Collect();
            Assert.AreEqual(1, packets.Count);
            AssertPacket((byte[])packets[0], ImprovPacketType.ErrorState, (byte)ImprovError.InvalidRpc);
            Assert.AreEqual(0, h.Wifi.ConnectCalls);
        }

        [TestMethod]
        public void PacketsFromTheDeviceSideTypesAreIgnored()
        {
            ServiceHarness h = new ServiceHarness();
            byte[] frame = new byte[ImprovCodec.MaxPacket];
            int n = ImprovCodec.EncodeState(ImprovState.Provisioned, frame, 0);
            h.SendRaw(frame, 0, n);
            Assert.AreEqual(0, h.Collect().Count);
        }

        public static ArrayList SendWifi(ServiceHarness h, string ssid, string password)
        {
            byte[] frame = new byte[ImprovCodec.MaxPacket];
            int n = ImprovCodec.EncodeWifiSettings(ssid, password, frame, 0);
            h.SendRaw(frame, 0, n);
            return h.Collect();
        }

        private static void AssertPacket(byte[] packet, ImprovPacketType type, byte value)
        {
            Assert.AreEqual((byte)type, packet[0], "type");
            Assert.AreEqual(2, packet.Length, "one data byte");
            Assert.AreEqual(value, packet[1], "value");
        }

        private static string[] ResultStrings(byte[] packet, ImprovCommand command)
        {
            Assert.AreEqual((byte)ImprovPacketType.RpcResult, packet[0]);
            Assert.AreEqual((byte)command, packet[1]);
            Assert.AreEqual(packet.Length - 3, (int)packet[2]);
            return ImprovCodec.DecodeStrings(packet, 3, packet.Length - 3);
        }
    }
}
