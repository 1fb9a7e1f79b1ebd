#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using Terminal.Core.Provisioning;

namespace Terminal.Core.Tests.Provisioning
{
    /// <summary>
    /// Golden packets, written out byte by byte from the Improv Serial specification
    /// (improv-wifi.com/serial): "IMPROV" = 49 4D 50 52 4F 56, version 01, type, length, data,
    /// checksum = (sum of all preceding bytes) mod 256. The header and version alone sum to
    /// 477 + 1 = 478; each comment gives the full sum so the checksum can be checked by hand.
    /// The expected arrays were not produced by the code under test.
    /// </summary>
    [TestClass]
    public class ImprovCodecTests
    {
        [TestMethod]
        public void WifiSettingsPacketMatchesTheSpecExample()
        {
            // The spec's example: SSID "MyWirelessAP" (12 bytes), password "mysecurepassword" (16 bytes).
            // RPC data = 01 (command) 1E (30 = 1+12+1+16) 0C "MyWirelessAP" 10 "mysecurepassword";
            // packet type 03 (RPC), length 20 (32 = 2 + 30). Sum of the 41 bytes = 3521; 3521 mod 256 = 0xC1.
            byte[] expected = new byte[]
            {
                0x49, 0x4D, 0x50, 0x52, 0x4F, 0x56, 0x01, 0x03, 0x20, 0x01, 0x1E, 0x0C,
                0x4D, 0x79, 0x57, 0x69, 0x72, 0x65, 0x6C, 0x65, 0x73, 0x73, 0x41, 0x50, 0x10,
                0x6D, 0x79, 0x73, 0x65, 0x63, 0x75, 0x72, 0x65, 0x70, 0x61, 0x73, 0x73, 0x77, 0x6F, 0x72, 0x64,
                0xC1,
            };
            byte[] actual = new byte[ImprovCodec.MaxPacket];
            int n = ImprovCodec.EncodeWifiSettings("MyWirelessAP", "mysecurepassword", actual, 0);
            AssertBytes(expected, actual, n);
        }

        [TestMethod]
        public void RequestCurrentStateAndDeviceInfoPackets()
        {
            // RPC 02 with no data: 03 02 02 00; sum 478+3+2+2+0 = 485 = 0x1E5 -> E5.
            byte[] state = new byte[] { 0x49, 0x4D, 0x50, 0x52, 0x4F, 0x56, 0x01, 0x03, 0x02, 0x02, 0x00, 0xE5 };
            byte[] actual = new byte[ImprovCodec.MaxPacket];
            AssertBytes(state, actual, ImprovCodec.EncodeRpcCommand(ImprovCommand.RequestCurrentState, null, 0, 0, actual, 0));

            // RPC 03 with no data: sum 486 -> E6.
            byte[] info = new byte[] { 0x49, 0x4D, 0x50, 0x52, 0x4F, 0x56, 0x01, 0x03, 0x02, 0x03, 0x00, 0xE6 };
            AssertBytes(info, actual, ImprovCodec.EncodeRpcCommand(ImprovCommand.RequestDeviceInfo, null, 0, 0, actual, 0));
        }

        [TestMethod]
        public void CurrentStatePackets()
        {
            // Type 01, length 01, state byte. Sums: 478+1+1+state = 480+state.
            byte[] actual = new byte[ImprovCodec.MaxPacket];
            AssertBytes(new byte[] { 0x49, 0x4D, 0x50, 0x52, 0x4F, 0x56, 0x01, 0x01, 0x01, 0x02, 0xE2 }, actual, ImprovCodec.EncodeState(ImprovState.Authorized, actual, 0));
            AssertBytes(new byte[] { 0x49, 0x4D, 0x50, 0x52, 0x4F, 0x56, 0x01, 0x01, 0x01, 0x03, 0xE3 }, actual, ImprovCodec.EncodeState(ImprovState.Provisioning, actual, 0));
            AssertBytes(new byte[] { 0x49, 0x4D, 0x50, 0x52, 0x4F, 0x56, 0x01, 0x01, 0x01, 0x04, 0xE4 }, actual, ImprovCodec.EncodeState(ImprovState.Provisioned, actual, 0));
        }

        [TestMethod]
        public void ErrorStatePackets()
        {
            // Type 02, length 01, error byte. Sums: 478+2+1+error = 481+error.
            byte[] actual = new byte[ImprovCodec.MaxPacket];
            AssertBytes(new byte[] { 0x49, 0x4D, 0x50, 0x52, 0x4F, 0x56, 0x01, 0x02, 0x01, 0x01, 0xE2 }, actual, ImprovCodec.EncodeError(ImprovError.InvalidRpc, actual, 0));
            AssertBytes(new byte[] { 0x49, 0x4D, 0x50, 0x52, 0x4F, 0x56, 0x01, 0x02, 0x01, 0x02, 0xE3 }, actual, ImprovCodec.EncodeError(ImprovError.UnknownRpc, actual, 0));
            AssertBytes(new byte[] { 0x49, 0x4D, 0x50, 0x52, 0x4F, 0x56, 0x01, 0x02, 0x01, 0x03, 0xE4 }, actual, ImprovCodec.EncodeError(ImprovError.UnableToConnect, actual, 0));

            // 0xFF "unknown error": 481 + 255 = 736 = 0x2E0 -> E0.
            AssertBytes(new byte[] { 0x49, 0x4D, 0x50, 0x52, 0x4F, 0x56, 0x01, 0x02, 0x01, 0xFF, 0xE0 }, actual, ImprovCodec.EncodeError(ImprovError.Unknown, actual, 0));
        }

        [TestMethod]
        public void DeviceInfoResultCarriesFourLengthPrefixedStrings()
        {
            // RPC result (type 04) for command 03: firmware name, version, chip, device name.
            // Strings: 10 "loyalty-terminal", 05 "0.1.0", 05 "ESP32", 05 "T0001" = 17+6+6+6 = 35 = 0x23;
            // data = 03 23 + strings = 37 = 0x25 bytes. Sum of the 46 bytes = 3122 -> 0x32.
            byte[] expected = new byte[]
            {
                0x49, 0x4D, 0x50, 0x52, 0x4F, 0x56, 0x01, 0x04, 0x25, 0x03, 0x23,
                0x10, 0x6C, 0x6F, 0x79, 0x61, 0x6C, 0x74, 0x79, 0x2D, 0x74, 0x65, 0x72, 0x6D, 0x69, 0x6E, 0x61, 0x6C,
                0x05, 0x30, 0x2E, 0x31, 0x2E, 0x30,
                0x05, 0x45, 0x53, 0x50, 0x33, 0x32,
                0x05, 0x54, 0x30, 0x30, 0x30, 0x31,
                0x32,
            };
            byte[] actual = new byte[ImprovCodec.MaxPacket];
            int n = ImprovCodec.EncodeRpcResult(ImprovCommand.RequestDeviceInfo, new string[] { "loyalty-terminal", "0.1.0", "ESP32", "T0001" }, actual, 0);
            AssertBytes(expected, actual, n);

            string[] strings = ImprovCodec.DecodeStrings(actual, 11, 0x23);
            Assert.AreEqual(4, strings.Length);
            Assert.AreEqual("loyalty-terminal", strings[0]);
            Assert.AreEqual("T0001", strings[3]);
        }

        [TestMethod]
        public void EmptyResultEndsAList()
        {
            // Result for command 01 with no strings (no redirect URL): 04 02 01 00; sum 485 -> E5.
            byte[] actual = new byte[ImprovCodec.MaxPacket];
            AssertBytes(new byte[] { 0x49, 0x4D, 0x50, 0x52, 0x4F, 0x56, 0x01, 0x04, 0x02, 0x01, 0x00, 0xE5 }, actual, ImprovCodec.EncodeRpcResult(ImprovCommand.SendWifiSettings, new string[0], actual, 0));
        }

        [TestMethod]
        public void OverlongValuesAreRefused()
        {
            byte[] actual = new byte[ImprovCodec.MaxPacket];
            Assert.AreEqual(-1, ImprovCodec.EncodeWifiSettings("123456789012345678901234567890123", "x", actual, 0));
            string big = new string('x', 200);
            Assert.AreEqual(-1, ImprovCodec.EncodeRpcResult(ImprovCommand.RequestDeviceInfo, new string[] { big, big }, actual, 0));
        }

        [TestMethod]
        public void DecodeStringsRejectsALengthPastTheEnd()
        {
            byte[] data = new byte[] { 0x03, 0x41, 0x42 };
            Assert.IsNull(ImprovCodec.DecodeStrings(data, 0, data.Length));
        }

        private static void AssertBytes(byte[] expected, byte[] actual, int actualLength)
        {
            Assert.AreEqual(expected.Length, actualLength, "length");
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.AreEqual(expected[i], actual[i], "byte " + i.ToString());
            }
        }
    }
}
