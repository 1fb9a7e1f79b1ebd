using Terminal.Core.Encoding;

namespace Terminal.Core.Provisioning
{
    /// <summary>
    /// Builds and reads Improv Serial packets (improv-wifi.com, serial protocol version 1):
    /// <c>"IMPROV"</c>, version 0x01, type, data length, data, checksum, where the checksum is
    /// the sum of every byte before it, modulo 256. RPC data is command, length of the rest,
    /// then the command's fields; RPC results carry length-prefixed strings.
    /// Encoders write into a caller's buffer and return the byte count, so the device allocates
    /// nothing per packet.
    /// </summary>
    public static class ImprovCodec
    {
        /// <summary>Protocol version this codec speaks.</summary>
        public const byte Version = 0x01;

        /// <summary>Bytes of "IMPROV".</summary>
        public const int HeaderLength = 6;

        /// <summary>Bytes before the data: header, version, type, length.</summary>
        public const int PrefixLength = 9;

        /// <summary>Largest data a length byte can announce.</summary>
        public const int MaxData = 255;

        /// <summary>Largest packet: prefix, 255 data bytes, checksum.</summary>
        public const int MaxPacket = PrefixLength + MaxData + 1;

        /// <summary>Longest SSID accepted (IEEE 802.11 limit, in bytes).</summary>
        public const int MaxSsidBytes = 32;

        /// <summary>Longest Wi-Fi password accepted (WPA2 passphrase limit, in bytes).</summary>
        public const int MaxPasswordBytes = 64;

        /// <summary>The six header bytes, ASCII "IMPROV".</summary>
        public static byte HeaderByte(int index)
        {
            switch (index)
            {
                case 0: return 0x49; // I
                case 1: return 0x4D; // M
                case 2: return 0x50; // P
                case 3: return 0x52; // R
                case 4: return 0x4F; // O
                default: return 0x56; // V
            }
        }

        /// <summary>Sum of the bytes modulo 256.</summary>
        public static byte Checksum(byte[] buffer, int offset, int count)
        {
            int sum = 0;
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                sum += buffer[i];
            }

            return (byte)sum;
        }

        /// <summary>
        /// Writes a packet whose data is already in place at <c>offset + PrefixLength</c>
        /// (<paramref name="dataLength"/> bytes); fills in prefix and checksum. Returns the packet length.
        /// </summary>
        public static int Frame(ImprovPacketType type, byte[] output, int offset, int dataLength)
        {
            for (int i = 0; i < HeaderLength; i++)
            {
                output[offset + i] = HeaderByte(i);
            }

            output[offset + 6] = Version;
            output[offset + 7] = (byte)type;
            output[offset + 8] = (byte)dataLength;
            int checksumAt = offset + PrefixLength + dataLength;
            output[checksumAt] = Checksum(output, offset, PrefixLength + dataLength);
            return PrefixLength + dataLength + 1;
        }

        /// <summary>A current-state packet.</summary>
        public static int EncodeState(ImprovState state, byte[] output, int offset)
        {
            output[offset + PrefixLength] = (byte)state;
            return Frame(ImprovPacketType.CurrentState, output, offset, 1);
        }

        /// <summary>An error-state packet.</summary>
        public static int EncodeError(ImprovError error, byte[] output, int offset)
        {
            output[offset + PrefixLength] = (byte)error;
            return Frame(ImprovPacketType.ErrorState, output, offset, 1);
        }

        /// <summary>
        /// An RPC result: command, length of the strings part, then each string as length + UTF-8 bytes.
        /// Returns -1 when the strings do not fit one packet (nothing useful is written then).
        /// </summary>
        public static int EncodeRpcResult(ImprovCommand command, string[] strings, byte[] output, int offset)
        {
            int position = offset + PrefixLength + 2;
            int limit = offset + PrefixLength + MaxData;
            int count = strings == null ? 0 : strings.Length;
            for (int i = 0; i < count; i++)
            {
                byte[] bytes = Utf8.Encode(strings[i]);
                if (bytes.Length > 255 || position + 1 + bytes.Length > limit)
                {
                    return -1;
                }

                output[position] = (byte)bytes.Length;
                System.Array.Copy(bytes, 0, output, position + 1, bytes.Length);
                position += 1 + bytes.Length;
            }

            int dataLength = position - offset - PrefixLength;
            output[offset + PrefixLength] = (byte)command;
            output[offset + PrefixLength + 1] = (byte)(dataLength - 2);
            return Frame(ImprovPacketType.RpcResult, output, offset, dataLength);
        }

        /// <summary>An RPC command packet with raw command data (client side).</summary>
        public static int EncodeRpcCommand(ImprovCommand command, byte[] data, int dataOffset, int dataCount, byte[] output, int offset)
        {
            if (dataCount > MaxData - 2)
            {
                return -1;
            }

            output[offset + PrefixLength] = (byte)command;
            output[offset + PrefixLength + 1] = (byte)dataCount;
            if (dataCount > 0)
            {
                System.Array.Copy(data, dataOffset, output, offset + PrefixLength + 2, dataCount);
            }

            return Frame(ImprovPacketType.RpcCommand, output, offset, dataCount + 2);
        }

        /// <summary>The "send Wi-Fi settings" RPC (client side). Returns -1 when SSID or password is too long.</summary>
        public static int EncodeWifiSettings(string ssid, string password, byte[] output, int offset)
        {
            byte[] s = Utf8.Encode(ssid);
            byte[] p = Utf8.Encode(password);
            if (s.Length > MaxSsidBytes || p.Length > MaxPasswordBytes)
            {
                return -1;
            }

            byte[] data = new byte[2 + s.Length + p.Length];
            data[0] = (byte)s.Length;
            System.Array.Copy(s, 0, data, 1, s.Length);
            data[1 + s.Length] = (byte)p.Length;
            System.Array.Copy(p, 0, data, 2 + s.Length, p.Length);
            return EncodeRpcCommand(ImprovCommand.SendWifiSettings, data, 0, data.Length, output, offset);
        }

        /// <summary>
        /// Reads the strings of an RPC result's data (after command and length bytes).
        /// Returns null when a length runs past the end.
        /// </summary>
        public static string[] DecodeStrings(byte[] buffer, int offset, int count)
        {
            System.Collections.ArrayList list = new System.Collections.ArrayList();
            int position = offset;
            int end = offset + count;
            while (position < end)
            {
                int length = buffer[position];
                if (position + 1 + length > end)
                {
                    return null;
                }

                list.Add(Utf8.Decode(buffer, position + 1, length));
                position += 1 + length;
            }

            string[] result = new string[list.Count];
            for (int i = 0; i < result.Length; i++)
            {
                result[i] = (string)list[i];
            }

            return result;
        }
    }
}
