using Terminal.Core.Encoding;
using Terminal.Core.Ports;

namespace Terminal.Core.Provisioning
{
    /// <summary>Improv Serial RPC handling.</summary>
    public sealed partial class ProvisioningService
    {
        private void HandleImprov(byte[] buffer, int offset, int length)
        {
            // RPC data: command, length of the rest, the rest. A length that disagrees with the
            // packet length makes the packet invalid.
            if (length < 2 || buffer[offset + 1] != length - 2)
            {
                SendImprovError(ImprovError.InvalidRpc);
                return;
            }

            int command = buffer[offset];
            int dataOffset = offset + 2;
            int dataLength = length - 2;
            switch (command)
            {
                case (int)ImprovCommand.SendWifiSettings:
                    ImprovWifi(buffer, dataOffset, dataLength);
                    break;
                case (int)ImprovCommand.RequestCurrentState:
                    SendImprovState(State);
                    if (State == ImprovState.Provisioned)
                    {
                        SendImprovResult(ImprovCommand.RequestCurrentState, new string[0]);
                    }

                    break;
                case (int)ImprovCommand.RequestDeviceInfo:
                    SendImprovResult(ImprovCommand.RequestDeviceInfo, new string[] { _identity.FirmwareName, _identity.FirmwareVersion, _identity.Chip, DeviceName() });
                    break;
                case (int)ImprovCommand.RequestScannedNetworks:
                    ImprovScan();
                    break;
                case (int)ImprovCommand.Hostname:
                    ImprovHostname(buffer, dataOffset, dataLength);
                    break;
                default:
                    SendImprovError(ImprovError.UnknownRpc);
                    break;
            }
        }

        private void ImprovWifi(byte[] buffer, int offset, int length)
        {
            // SSID length, SSID, password length, password; nothing may be left over.
            _payload.Reset(buffer, offset, length);
            string ssid = _payload.ReadString8();
            string password = _payload.ReadString8();
            if (!_payload.AtEndCleanly || ssid.Length == 0 || Utf8.Encode(ssid).Length > ImprovCodec.MaxSsidBytes
                || Utf8.Encode(password).Length > ImprovCodec.MaxPasswordBytes)
            {
                SendImprovError(ImprovError.InvalidRpc);
                return;
            }

            _connecting = true;
            SendImprovState(ImprovState.Provisioning);
            bool connected = _wifi.Connect(ssid, password);
            _connecting = false;
            if (!connected)
            {
                SendImprovError(ImprovError.UnableToConnect);
                SendImprovState(State);
                return;
            }

            string[] values = Config.CopyValues();
            values[SettingKeys.WifiSsid] = ssid;
            values[SettingKeys.WifiPassword] = password;
            if (!CommitValues(values, false, true, 0))
            {
                SendImprovError(ImprovError.Unknown);
                return;
            }

            SendImprovState(ImprovState.Provisioned);
            SendImprovResult(ImprovCommand.SendWifiSettings, new string[0]);
        }

        private void ImprovScan()
        {
            WifiNetwork[] networks = _wifi.Scan();
            for (int i = 0; networks != null && i < networks.Length; i++)
            {
                WifiNetwork n = networks[i];
                SendImprovResult(ImprovCommand.RequestScannedNetworks, new string[] { n.Ssid, n.Rssi.ToString(), n.Secured ? "YES" : "NO" });
            }

            // An empty result ends the list.
            SendImprovResult(ImprovCommand.RequestScannedNetworks, new string[0]);
        }

        private void ImprovHostname(byte[] buffer, int offset, int length)
        {
            if (length > 0)
            {
                _payload.Reset(buffer, offset, length);
                string name = _payload.ReadString8();
                if (!_payload.AtEndCleanly || name.Length == 0 || SettingKeys.Validate(SettingKeys.Hostname, name) != null)
                {
                    SendImprovError(ImprovError.InvalidRpc);
                    return;
                }

                string[] values = Config.CopyValues();
                values[SettingKeys.Hostname] = name;
                if (!CommitValues(values, true, false, 0))
                {
                    SendImprovError(ImprovError.Unknown);
                    return;
                }
            }

            SendImprovResult(ImprovCommand.Hostname, new string[] { Config.Hostname });
        }

        private string DeviceName()
        {
            if (Config.IsSet(SettingKeys.Hostname))
            {
                return Config.Hostname;
            }

            return Config.IsSet(SettingKeys.TerminalId) ? Config.TerminalId : _identity.DefaultDeviceName;
        }

        private void SendImprovState(ImprovState state)
        {
            Send(ImprovCodec.EncodeState(state, _out, 0));
        }

        private void SendImprovError(ImprovError error)
        {
            Send(ImprovCodec.EncodeError(error, _out, 0));
        }

        private void SendImprovResult(ImprovCommand command, string[] strings)
        {
            int n = ImprovCodec.EncodeRpcResult(command, strings, _out, 0);
            if (n < 0)
            {
                SendImprovError(ImprovError.Unknown);
                return;
            }

            Send(n);
        }
    }
}
