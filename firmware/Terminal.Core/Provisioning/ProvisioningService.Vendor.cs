using Terminal.Core.Ports;

namespace Terminal.Core.Provisioning
{
    /// <summary>Vendor (loyalty settings) command handling.</summary>
    public sealed partial class ProvisioningService
    {
        private const byte CertNone = 0;
        private const byte CertUploading = 1;
        private const byte CertSealed = 2;
        private const byte CertDelete = 3;

        private bool _session;
        private long _sessionTouched;
        private string[] _staged = new string[SettingKeys.Count];
        private byte _certState;
        private int _certExpected;
        private uint _certExpectedCrc;
        private int _certReceived;
        private string _resetToken;
        private byte _resetScope;
        private long _resetExpires;
        private System.Random _random;

        /// <summary>True while a configuration session holds staged changes.</summary>
        public bool SessionOpen
        {
            get { return _session; }
        }

        private void HandleVendor(byte sequence, byte command, byte[] buffer, int offset, int length)
        {
            _payload.Reset(buffer, offset, length);
            if (_session)
            {
                _sessionTouched = _clock.MonotonicMilliseconds;
            }

            switch (command)
            {
                case (byte)VendorCommand.Hello:
                    Hello(sequence);
                    break;
                case (byte)VendorCommand.Begin:
                    if (Empty(sequence, command))
                    {
                        DiscardSession();
                        _session = true;
                        _sessionTouched = _clock.MonotonicMilliseconds;
                        SendStatus(sequence, command, VendorStatus.Ok, null);
                    }

                    break;
                case (byte)VendorCommand.Set:
                    Set(sequence);
                    break;
                case (byte)VendorCommand.Get:
                    Get(sequence);
                    break;
                case (byte)VendorCommand.Keys:
                    Keys(sequence);
                    break;
                case (byte)VendorCommand.Commit:
                    if (Empty(sequence, command))
                    {
                        Commit(sequence);
                    }

                    break;
                case (byte)VendorCommand.Abort:
                    if (Empty(sequence, command))
                    {
                        DiscardSession();
                        SendStatus(sequence, command, VendorStatus.Ok, null);
                    }

                    break;
                case (byte)VendorCommand.CertBegin:
                    CertBegin(sequence);
                    break;
                case (byte)VendorCommand.CertChunk:
                    CertChunk(sequence, buffer);
                    break;
                case (byte)VendorCommand.Diagnostics:
                    if (Empty(sequence, command))
                    {
                        Diagnostics(sequence);
                    }

                    break;
                case (byte)VendorCommand.ResetRequest:
                    ResetRequest(sequence);
                    break;
                case (byte)VendorCommand.ResetConfirm:
                    ResetConfirm(sequence);
                    break;
                default:
                    SendStatus(sequence, command, VendorStatus.UnknownCommand, "unknown command");
                    break;
            }
        }

        private bool Empty(byte sequence, byte command)
        {
            if (_payload.Remaining != 0)
            {
                SendStatus(sequence, command, VendorStatus.Malformed, "this command takes no payload");
                return false;
            }

            return true;
        }

        private bool NeedSession(byte sequence, byte command)
        {
            if (!_session)
            {
                SendStatus(sequence, command, VendorStatus.NoSession, "no session: send Begin first (sessions expire after 10 minutes idle)");
                return false;
            }

            return true;
        }

        private void Hello(byte sequence)
        {
            if (!Empty(sequence, (byte)VendorCommand.Hello))
            {
                return;
            }

            StartResponse(VendorStatus.Ok);
            _writer.WriteByte(VendorCodec.Version);
            _writer.WriteUInt16(VendorCodec.MaxPayload);
            _writer.WriteString8(_identity.FirmwareName);
            _writer.WriteString8(_identity.FirmwareVersion);
            _writer.WriteString8(_identity.Chip);
            _writer.WriteString8(DeviceName());
            _writer.WriteByte(_session ? 1 : 0);
            FinishResponse(sequence, (byte)VendorCommand.Hello);
        }

        private void Set(byte sequence)
        {
            byte command = (byte)VendorCommand.Set;
            string key = _payload.ReadString8();
            string value = _payload.ReadString16();
            if (!_payload.AtEndCleanly)
            {
                SendStatus(sequence, command, VendorStatus.Malformed, "expected key and value");
                return;
            }

            if (!NeedSession(sequence, command))
            {
                return;
            }

            if (key == SettingKeys.CertificateName)
            {
                if (value.Length != 0)
                {
                    SendStatus(sequence, command, VendorStatus.Rejected, "upload the certificate with CertBegin/CertChunk; an empty value removes it");
                    return;
                }

                if (!StoreStep(StepDiscard, null, 0, 0))
                {
                    SendStatus(sequence, command, VendorStatus.StoreFailed, LastStoreError);
                    return;
                }

                _certState = CertDelete;
                SendStatus(sequence, command, VendorStatus.Ok, null);
                return;
            }

            int index = SettingKeys.Find(key);
            if (index < 0)
            {
                SendStatus(sequence, command, VendorStatus.UnknownKey, "unknown key '" + key + "'");
                return;
            }

            string reason = SettingKeys.Validate(index, value);
            if (reason != null)
            {
                SendStatus(sequence, command, VendorStatus.Rejected, SettingKeys.Name(index) + ": " + reason);
                return;
            }

            _staged[index] = SettingKeys.Normalize(index, value);
            SendStatus(sequence, command, VendorStatus.Ok, null);
        }

        private void Get(byte sequence)
        {
            byte command = (byte)VendorCommand.Get;
            string key = _payload.ReadString8();
            if (!_payload.AtEndCleanly)
            {
                SendStatus(sequence, command, VendorStatus.Malformed, "expected a key");
                return;
            }

            int flags;
            string value;
            if (key == SettingKeys.CertificateName)
            {
                bool present = Config.CertificateLength > 0;
                flags = present ? 1 : 0;
                value = present ? Config.CertificateLength.ToString() + " bytes, CRC-32 " + Config.CertificateCrc.ToString("X8") : string.Empty;
                if (_session && _certState != CertNone)
                {
                    flags |= 4;
                }
            }
            else
            {
                int index = SettingKeys.Find(key);
                if (index < 0)
                {
                    SendStatus(sequence, command, VendorStatus.UnknownKey, "unknown key '" + key + "'");
                    return;
                }

                bool set = Config.IsSet(index);
                flags = set ? 1 : 0;
                if (SettingKeys.IsSecret(index))
                {
                    // Write-only: the value itself never leaves the device.
                    flags |= 2;
                    value = set ? "set" : "not set";
                }
                else
                {
                    value = Config.Get(index);
                }

                if (_session && _staged[index] != null)
                {
                    flags |= 4;
                }
            }

            StartResponse(VendorStatus.Ok);
            _writer.WriteByte(flags);
            _writer.WriteString16(value);
            FinishResponse(sequence, command);
        }

        private void Keys(byte sequence)
        {
            byte command = (byte)VendorCommand.Keys;
            if (!Empty(sequence, command))
            {
                return;
            }

            StartResponse(VendorStatus.Ok);
            _writer.WriteByte(SettingKeys.Count + 1);
            for (int i = 0; i < SettingKeys.Count; i++)
            {
                _writer.WriteString8(SettingKeys.Name(i));
            }

            _writer.WriteString8(SettingKeys.CertificateName);
            FinishResponse(sequence, command);
        }

        private void Commit(byte sequence)
        {
            byte command = (byte)VendorCommand.Commit;
            if (!NeedSession(sequence, command))
            {
                return;
            }

            if (_certState == CertUploading)
            {
                SendStatus(sequence, command, VendorStatus.Rejected, "certificate upload incomplete");
                return;
            }

            string[] values = Config.CopyValues();
            bool writeConfig = false;
            bool writeWifi = false;
            for (int i = 0; i < SettingKeys.Count; i++)
            {
                if (_staged[i] != null && _staged[i] != values[i])
                {
                    values[i] = _staged[i];
                    if (SettingKeys.IsWifi(i))
                    {
                        writeWifi = true;
                    }
                    else
                    {
                        writeConfig = true;
                    }
                }
            }

            string reason = SettingKeys.ValidateTogether(values);
            if (reason != null)
            {
                SendStatus(sequence, command, VendorStatus.Rejected, reason);
                return;
            }

            byte certAction = 0;
            if (_certState == CertSealed)
            {
                certAction = ConfigStore.ReplaceEntry;
            }
            else if (_certState == CertDelete && Config.CertificateLength > 0)
            {
                certAction = ConfigStore.DeleteEntry;
            }

            if (!CommitValues(values, writeConfig, writeWifi, certAction))
            {
                SendStatus(sequence, command, VendorStatus.StoreFailed, LastStoreError);
                return;
            }

            _certState = CertNone;
            DiscardSession();
            StartResponse(VendorStatus.Ok);
            _writer.WriteUInt32((uint)Generation);
            FinishResponse(sequence, command);
        }

        private void CertBegin(byte sequence)
        {
            byte command = (byte)VendorCommand.CertBegin;
            int length = (int)_payload.ReadUInt32();
            uint crc = _payload.ReadUInt32();
            if (!_payload.AtEndCleanly)
            {
                SendStatus(sequence, command, VendorStatus.Malformed, "expected length and CRC-32");
                return;
            }

            if (!NeedSession(sequence, command))
            {
                return;
            }

            if (length <= 0 || length > ConfigStore.MaxCertBytes)
            {
                SendStatus(sequence, command, VendorStatus.Rejected, "certificate must be 1-" + ConfigStore.MaxCertBytes.ToString() + " bytes");
                return;
            }

            if (!StoreStep(StepStartCert, null, 0, 0))
            {
                SendStatus(sequence, command, VendorStatus.StoreFailed, LastStoreError);
                return;
            }

            _certState = CertUploading;
            _certExpected = length;
            _certExpectedCrc = crc;
            _certReceived = 0;
            SendStatus(sequence, command, VendorStatus.Ok, null);
        }

        private void CertChunk(byte sequence, byte[] buffer)
        {
            byte command = (byte)VendorCommand.CertChunk;
            int offset = (int)_payload.ReadUInt32();
            int count = _payload.Remaining;
            int at = _payload.Skip(count);
            if (_payload.Failed || count == 0)
            {
                SendStatus(sequence, command, VendorStatus.Malformed, "expected offset and at least one byte");
                return;
            }

            if (!NeedSession(sequence, command))
            {
                return;
            }

            if (_certState != CertUploading)
            {
                SendStatus(sequence, command, VendorStatus.Rejected, "no certificate upload in progress: send CertBegin first");
                return;
            }

            if (offset != _certReceived)
            {
                if (offset >= 0 && offset + count == _certReceived)
                {
                    // A retransmission of the last chunk (its answer was lost): already stored.
                    SendCertProgress(sequence, false);
                    return;
                }

                StartResponse(VendorStatus.BadOffset);
                _writer.WriteUInt32((uint)_certReceived);
                FinishResponse(sequence, command);
                return;
            }

            if (count > _certExpected - _certReceived)
            {
                _certState = CertNone;
                StoreStep(StepDiscard, null, 0, 0);
                SendStatus(sequence, command, VendorStatus.Rejected, "more certificate bytes than announced; upload cancelled");
                return;
            }

            if (!StoreStep(StepAppendCert, buffer, at, count))
            {
                _certState = CertNone;
                SendStatus(sequence, command, VendorStatus.StoreFailed, LastStoreError);
                return;
            }

            _certReceived += count;
            if (_certReceived < _certExpected)
            {
                SendCertProgress(sequence, false);
                return;
            }

            string reason = null;
            if (!StoreStep(StepSealCert, null, 0, 0))
            {
                reason = LastStoreError;
            }
            else
            {
                reason = _sealReason;
            }

            if (reason != null)
            {
                _certState = CertNone;
                SendStatus(sequence, command, VendorStatus.Rejected, reason);
                return;
            }

            _certState = CertSealed;
            SendCertProgress(sequence, true);
        }

        private void SendCertProgress(byte sequence, bool complete)
        {
            StartResponse(VendorStatus.Ok);
            _writer.WriteUInt32((uint)_certReceived);
            _writer.WriteByte(complete ? 1 : 0);
            FinishResponse(sequence, (byte)VendorCommand.CertChunk);
        }

        private void Diagnostics(byte sequence)
        {
            StartResponse(VendorStatus.Ok);
            int countAt = _writer.Length;
            _writer.WriteByte(0);
            int n = 0;
            n += Pair("firmware", _identity.FirmwareName + " " + _diagnostics.FirmwareVersion);
            n += Pair("ledger.cards", _diagnostics.CardCount.ToString());
            n += Pair("ledger.transactions", _diagnostics.TransactionCount.ToString());
            n += Pair("ledger.unsynced", _diagnostics.UnsyncedCount.ToString());
            n += Pair("flash.free", _store.FreeBytes.ToString());
            n += Pair("sync.last", _diagnostics.LastSyncUnixSeconds.ToString());
            string error = _diagnostics.LastError;
            if ((error == null || error.Length == 0) && _configStore.FoundCorruptFile)
            {
                error = "configuration file failed its CRC";
            }

            n += Pair("error.last", error == null ? string.Empty : error);
            n += Pair("config.complete", Config.IsComplete ? "yes" : "no");
            n += Pair("config.generation", Generation.ToString());
            n += Pair("wifi", _wifi.IsConnected ? "connected" : "not connected");
            n += Pair("frames.ok", FramesHandled.ToString());
            n += Pair("frames.bad", FramesRejected.ToString());
            _out[VendorCodec.PrefixLength + countAt] = (byte)n;
            FinishResponse(sequence, (byte)VendorCommand.Diagnostics);
        }

        private int Pair(string name, string value)
        {
            _writer.WriteString8(name);
            _writer.WriteString8(value.Length > 200 ? value.Substring(0, 200) : value);
            return 1;
        }

        private void ResetRequest(byte sequence)
        {
            byte command = (byte)VendorCommand.ResetRequest;
            int scope = _payload.ReadByte();
            if (!_payload.AtEndCleanly || (scope & ~ResetScope.All) != 0)
            {
                SendStatus(sequence, command, VendorStatus.Malformed, "expected a scope byte (1 = Wi-Fi, 2 = certificate)");
                return;
            }

            if (_random == null)
            {
                _random = new System.Random((int)(_clock.MonotonicMilliseconds ^ _clock.UnixSeconds));
            }

            _resetToken = ((uint)_random.Next()).ToString("X8");
            _resetScope = (byte)scope;
            _resetExpires = _clock.MonotonicMilliseconds + ResetTokenMs;
            StartResponse(VendorStatus.Ok);
            _writer.WriteString8(_resetToken);
            FinishResponse(sequence, command);
        }

        private void ResetConfirm(byte sequence)
        {
            byte command = (byte)VendorCommand.ResetConfirm;
            int scope = _payload.ReadByte();
            string token = _payload.ReadString8();
            if (!_payload.AtEndCleanly)
            {
                SendStatus(sequence, command, VendorStatus.Malformed, "expected scope and token");
                return;
            }

            bool valid = _resetToken != null && token == _resetToken && scope == _resetScope
                && _clock.MonotonicMilliseconds <= _resetExpires;

            // One guess per token: a wrong or late confirmation burns it.
            _resetToken = null;
            if (!valid)
            {
                SendStatus(sequence, command, VendorStatus.BadToken, "wrong or expired token: request a new one");
                return;
            }

            bool wifi = (scope & ResetScope.Wifi) != 0;
            string[] values = new string[SettingKeys.Count];
            if (!wifi)
            {
                values[SettingKeys.WifiSsid] = Config.Get(SettingKeys.WifiSsid);
                values[SettingKeys.WifiPassword] = Config.Get(SettingKeys.WifiPassword);
            }

            byte certAction = (scope & ResetScope.Certificate) != 0 && Config.CertificateLength > 0 ? ConfigStore.DeleteEntry : (byte)0;
            DiscardSession();
            if (!CommitValues(values, true, wifi, certAction))
            {
                SendStatus(sequence, command, VendorStatus.StoreFailed, LastStoreError);
                return;
            }

            if (wifi)
            {
                _wifi.Forget();
            }

            SendStatus(sequence, command, VendorStatus.Ok, null);
        }

        private void DiscardSession()
        {
            if (_certState == CertUploading || _certState == CertSealed)
            {
                StoreStep(StepDiscard, null, 0, 0);
            }

            _session = false;
            _certState = CertNone;
            for (int i = 0; i < _staged.Length; i++)
            {
                _staged[i] = null;
            }
        }

        private void ExpireSession(long now)
        {
            if (_session && now - _sessionTouched > SessionTimeoutMs)
            {
                DiscardSession();
            }
        }

        private void StartResponse(VendorStatus status)
        {
            _writer.Reset(_out, VendorCodec.PrefixLength, VendorCodec.MaxPayload);
            _writer.WriteByte((int)status);
        }

        private void FinishResponse(byte sequence, byte command)
        {
            if (_writer.Overflow)
            {
                // Cannot happen with the limits above; answer rather than send a cut frame.
                _writer.Reset(_out, VendorCodec.PrefixLength, VendorCodec.MaxPayload);
                _writer.WriteByte((int)VendorStatus.StoreFailed);
                _writer.WriteString8("response too long");
            }

            Send(VendorCodec.Frame(VendorCodec.KindResponse, sequence, command, _out, 0, _writer.Length));
        }

        private void SendStatus(byte sequence, byte command, VendorStatus status, string reason)
        {
            StartResponse(status);
            if (reason != null)
            {
                _writer.WriteString8(reason);
            }

            FinishResponse(sequence, command);
        }
    }
}
