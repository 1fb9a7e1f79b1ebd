using Terminal.Core.Domain;
using Terminal.Core.Encoding;

namespace Terminal.Core.Security
{
    /// <summary>
    /// Proves that the NTAG21x in the field carries a credential this retailer issued, enrols blank
    /// cards and re-signs cards signed with the previous key (ADR 0008, docs/security.md).
    /// <para>
    /// A normal tap (<see cref="Verify"/>) never writes to the card: 3 READs (both record slots), a
    /// READ_CNT and a PWD_AUTH whose PACK is checked here. The MAC binds the record to the UID; the
    /// password (derived from the UID with a separate key) stops cards whose pages were merely copied;
    /// the NFC counter goes into the transaction so the cloud can catch a clone that has the password too.
    /// </para>
    /// All buffers are allocated once, here; a tap allocates nothing in the core.
    /// </summary>
    public sealed class CardAuthenticator
    {
        private const int BothSlots = 2 * CredentialLayout.SlotSize;

        private readonly Keyring _keys;
        private readonly ICredentialCrypto _crypto;
        private readonly byte[] _pages = new byte[CredentialLayout.ReadsForBothSlots * Ntag21x.ReadSize];
        private readonly byte[] _macInput = new byte[CredentialLayout.MacInputSize];
        private readonly byte[] _passwordInput = new byte[1 + CardUid.MaxLength];
        private readonly byte[] _hash = new byte[32];
        private readonly byte[] _password = new byte[4];
        private readonly byte[] _pack = new byte[2];
        private readonly byte[] _packRead = new byte[2];
        private readonly byte[] _record = new byte[CredentialLayout.SlotSize];
        private readonly byte[] _block = new byte[Ntag21x.ReadSize];
        private readonly byte[] _config = new byte[Ntag21x.ReadSize];
        private readonly byte[] _page = new byte[Ntag21x.PageSize];
        private readonly byte[] _version = new byte[Ntag21x.VersionSize];

        /// <summary>Creates the authenticator over the terminal's keyring and crypto adapter.</summary>
        public CardAuthenticator(Keyring keys, ICredentialCrypto crypto)
        {
            if (keys == null)
            {
                throw new System.ArgumentNullException("keys");
            }

            if (crypto == null)
            {
                throw new System.ArgumentNullException("crypto");
            }

            _keys = keys;
            _crypto = crypto;
        }

        /// <summary>
        /// Checks the card's credential without writing to it. <paramref name="uidKnown"/> says whether
        /// the ledger (or the cloud's card list) already knows the UID: a blank card with a known UID
        /// is refused. Exchanges: READ x3, then (unless blank and new) READ_CNT, then for a record
        /// whose MAC verifies, PWD_AUTH. The password is only ever sent to a card carrying a valid record.
        /// </summary>
        public CardOutcome Verify(INtagCard card, CardUid uid, bool uidKnown, CardCheck check)
        {
            check.Clear();
            if (!_keys.Ready)
            {
                return Refuse(check, SecurityReason.NotProvisioned);
            }

            for (int i = 0; i < CredentialLayout.ReadsForBothSlots; i++)
            {
                NtagStatus read = card.Read((byte)(CredentialLayout.SlotAPage + (i * 4)), _pages, i * Ntag21x.ReadSize);
                if (read != NtagStatus.Ok)
                {
                    check.SessionOpen = false;
                    return read == NtagStatus.Gone ? Finish(check, CardOutcome.Torn) : Refuse(check, SecurityReason.Unreadable);
                }
            }

            check.SlotA = Classify(0, uid);
            check.SlotB = Classify(1, uid);
            int chosen = Choose(check.SlotA, check.SlotB);
            if (chosen < 0)
            {
                if (check.SlotA == SlotState.Empty && check.SlotB == SlotState.Empty)
                {
                    if (!uidKnown)
                    {
                        return Finish(check, CardOutcome.Blank);
                    }

                    ReadCounterForEvidence(card, check);
                    return Refuse(check, SecurityReason.BlankKnownUid);
                }

                // The counter of a refused card is evidence for the cloud, not a condition: a card
                // lifted now is still refused.
                ReadCounterForEvidence(card, check);
                return Refuse(check, ReasonOf(Worse(check.SlotA, check.SlotB)));
            }

            Decode(chosen, check);
            uint counter;
            NtagStatus status = card.ReadCounter(out counter);
            if (status != NtagStatus.Ok)
            {
                check.SessionOpen = false;
                return status == NtagStatus.Gone ? Finish(check, CardOutcome.Torn) : Refuse(check, SecurityReason.CounterUnavailable);
            }

            check.Counter = counter;
            check.CounterRead = true;
            return Authenticate(card, uid, check, (chosen == 0 ? check.SlotA : check.SlotB) == SlotState.Current ? CardOutcome.Valid : CardOutcome.NeedsResign);
        }

        /// <summary>
        /// Re-signs, with the current key, a card that <see cref="Verify"/> found
        /// <see cref="CardOutcome.NeedsResign"/> in this same tap (the card is still authenticated).
        /// The new record goes into the other slot, format byte last, so a card lifted at any point
        /// keeps its old record. Returns <see cref="CardOutcome.Valid"/> when the read-back matches,
        /// <see cref="CardOutcome.Torn"/> when the card left (it re-signs at its next tap), or
        /// <see cref="CardOutcome.Invalid"/> with <see cref="SecurityReason.WriteFailed"/>. In every
        /// case the sale may proceed: <see cref="Verify"/> already proved the card.
        /// </summary>
        public CardOutcome Resign(INtagCard card, CardUid uid, CardCheck check)
        {
            if (check.Outcome != CardOutcome.NeedsResign || !check.SessionOpen)
            {
                throw new System.InvalidOperationException("re-sign needs a NeedsResign verify in the same tap");
            }

            int target = 1 - check.Slot;
            Build(uid, _keys.CurrentVersion, check.Serial, check.IssueDay);
            NtagStatus status = WriteSlot(card, target);
            if (status != NtagStatus.Ok)
            {
                check.SessionOpen = false;
                return status == NtagStatus.Gone ? CardOutcome.Torn : CardOutcome.Invalid;
            }

            status = CheckSlot(card, target);
            if (status != NtagStatus.Ok)
            {
                return status == NtagStatus.Gone ? CardOutcome.Torn : CardOutcome.Invalid;
            }

            check.KeyVersion = _keys.CurrentVersion;
            check.Slot = target;
            check.Outcome = CardOutcome.Valid;
            return CardOutcome.Valid;
        }

        /// <summary>
        /// Enrols the card that <see cref="Verify"/> found <see cref="CardOutcome.Blank"/> (or, at an
        /// explicit enrol by staff, <see cref="CardOutcome.Invalid"/> with a UID no ledger knows, for
        /// example a card whose enrolment was torn inside a page write) in this same tap.
        /// Order, so that a card lifted after any exchange is blank or fully enrolled, never half:
        /// GET_VERSION; READ_SIG; READ the configuration; password and PACK, then ACCESS, then AUTH0
        /// (protection engages only once the password is in place); PWD_AUTH, whose PACK proves both;
        /// erase the format byte of any old slot; the record, MAC first and the format byte last
        /// (the commit); then read everything back: the slot, the configuration and the counter.
        /// </summary>
        /// <param name="card">The card, in the same tap as the verify.</param>
        /// <param name="uid">Its UID.</param>
        /// <param name="serial">A serial from <see cref="CredentialSerial.Make"/>, allocated durably before this call and never reused.</param>
        /// <param name="unixNow">Now, for the issue date.</param>
        /// <param name="check">The check the verify filled; on success it describes the new credential.</param>
        public CardOutcome Enrol(INtagCard card, CardUid uid, uint serial, uint unixNow, CardCheck check)
        {
            if (check.Outcome != CardOutcome.Blank && check.Outcome != CardOutcome.Invalid)
            {
                throw new System.InvalidOperationException("enrol needs a Blank or Invalid verify in the same tap");
            }

            if (!check.SessionOpen)
            {
                // The card NAKed during the verify and is deaf until it is presented again.
                return check.Outcome;
            }

            if (!_keys.Ready)
            {
                return Refuse(check, SecurityReason.NotProvisioned);
            }

            bool eraseA = check.SlotA != SlotState.Empty;
            bool eraseB = check.SlotB != SlotState.Empty;
            check.Clear();

            // GET_VERSION: the configuration pages move with the memory size (§8.5).
            NtagStatus status = card.GetVersion(_version, 0);
            if (status != NtagStatus.Ok)
            {
                return Failed(check, status, SecurityReason.UnsupportedCard);
            }

            byte configPage = Ntag21x.ConfigPage(_version[6]);
            if (_version[1] != Ntag21x.VendorNxp || _version[2] != Ntag21x.ProductNtag || configPage == 0)
            {
                return Refuse(check, SecurityReason.UnsupportedCard);
            }

            // READ_SIG, for the cloud: the terminal cannot check an ECC signature.
            status = card.ReadSignature(check.Signature, 0);
            if (status != NtagStatus.Ok)
            {
                return Failed(check, status, SecurityReason.UnsupportedCard);
            }

            check.SignatureRead = true;

            // CFG0, CFG1 (PWD and PACK read as 00h, §8.5.7).
            status = card.Read(configPage, _config, 0);
            if (status != NtagStatus.Ok)
            {
                return Failed(check, status, SecurityReason.UnsupportedCard);
            }

            DerivePassword(uid);
            bool cfgLocked = (_config[4] & Ntag21x.AccessCfgLock) != 0;
            bool authenticated = false;
            if (_config[3] < Ntag21x.PageCount(configPage))
            {
                // Already protected: by us (an earlier, torn enrolment) or by someone else.
                status = Authenticate(card, SecurityReason.ForeignPassword, check);
                if (status != NtagStatus.Ok)
                {
                    return check.Outcome;
                }

                authenticated = true;
            }
            else
            {
                if (cfgLocked)
                {
                    return Refuse(check, SecurityReason.ConfigLocked);
                }

                // §8.7.1: PWD and PACK are plain pages, writable while AUTH0 does not cover them.
                status = card.Write((byte)(configPage + 2), _password, 0);
                if (status != NtagStatus.Ok)
                {
                    return Failed(check, status, SecurityReason.WriteFailed);
                }

                _page[0] = _pack[0];
                _page[1] = _pack[1];
                _page[2] = 0;
                _page[3] = 0;
                status = card.Write((byte)(configPage + 3), _page, 0);
                if (status != NtagStatus.Ok)
                {
                    return Failed(check, status, SecurityReason.WriteFailed);
                }
            }

            // CFG1 before CFG0: once AUTH0 engages, every later write needs the password.
            // RFUI bytes are written back as read (§8.5.7); only ACCESS matters.
            if (_config[4] != CredentialLayout.Access)
            {
                if (cfgLocked)
                {
                    return Refuse(check, SecurityReason.ConfigLocked);
                }

                status = WritePage(card, (byte)(configPage + 1), CredentialLayout.Access, _config[5], _config[6], _config[7]);
                if (status != NtagStatus.Ok)
                {
                    return Failed(check, status, SecurityReason.WriteFailed);
                }
            }

            // CFG0: no UID/counter mirror (it would overwrite what READ returns for our pages),
            // strong modulation as delivered, AUTH0 = first record page.
            byte mirror = (byte)(_config[0] & Ntag21x.MirrorStrongModulation);
            if (!Configured(_config, mirror))
            {
                if (cfgLocked)
                {
                    return Refuse(check, SecurityReason.ConfigLocked);
                }

                status = WritePage(card, configPage, mirror, _config[1], 0, CredentialLayout.ProtectFromPage);
                if (status != NtagStatus.Ok)
                {
                    return Failed(check, status, SecurityReason.WriteFailed);
                }
            }

            if (!authenticated)
            {
                // The PACK answer proves the PWD and PACK pages hold what was written.
                status = Authenticate(card, SecurityReason.WriteFailed, check);
                if (status != NtagStatus.Ok)
                {
                    return check.Outcome;
                }
            }

            // An old record of ours stops being one before the new record is written, so a card
            // lifted from here on is blank rather than carrying a stale record.
            if (eraseB)
            {
                status = WritePage(card, CredentialLayout.SlotBPage, 0, 0, 0, 0);
                if (status != NtagStatus.Ok)
                {
                    return Failed(check, status, SecurityReason.WriteFailed);
                }
            }

            if (eraseA)
            {
                status = WritePage(card, CredentialLayout.SlotAPage, 0, 0, 0, 0);
                if (status != NtagStatus.Ok)
                {
                    return Failed(check, status, SecurityReason.WriteFailed);
                }
            }

            int day = CredentialLayout.DayOf(unixNow);
            Build(uid, _keys.CurrentVersion, serial, day);
            status = WriteSlot(card, 0);
            if (status == NtagStatus.Ok)
            {
                status = CheckSlot(card, 0);
            }

            if (status != NtagStatus.Ok)
            {
                return Failed(check, status, SecurityReason.WriteFailed);
            }

            // Read back the configuration as the card now holds it.
            status = card.Read(configPage, _config, 0);
            if (status != NtagStatus.Ok)
            {
                return Failed(check, status, SecurityReason.WriteFailed);
            }

            if (!Configured(_config, mirror) || _config[4] != CredentialLayout.Access)
            {
                return Refuse(check, SecurityReason.WriteFailed);
            }

            uint counter;
            status = card.ReadCounter(out counter);
            if (status != NtagStatus.Ok)
            {
                return Failed(check, status, SecurityReason.CounterUnavailable);
            }

            check.Counter = counter;
            check.CounterRead = true;
            check.KeyVersion = _keys.CurrentVersion;
            check.Serial = serial;
            check.IssueDay = day;
            check.Slot = 0;
            check.SlotA = SlotState.Current;
            check.SlotB = SlotState.Empty;
            return Finish(check, CardOutcome.Valid);
        }

        private CardOutcome Authenticate(INtagCard card, CardUid uid, CardCheck check, CardOutcome success)
        {
            DerivePassword(uid);
            NtagStatus status = Authenticate(card, SecurityReason.PasswordRejected, check);
            if (status != NtagStatus.Ok)
            {
                return check.Outcome;
            }

            return Finish(check, success);
        }

        /// <summary>PWD_AUTH with the derived password; the PACK is compared here (the binding does not).</summary>
        private NtagStatus Authenticate(INtagCard card, SecurityReason refused, CardCheck check)
        {
            NtagStatus status = card.PasswordAuth(_password, 0, _packRead, 0);
            if (status != NtagStatus.Ok)
            {
                Failed(check, status, refused);
                return status;
            }

            if (_packRead[0] != _pack[0] || _packRead[1] != _pack[1])
            {
                Refuse(check, SecurityReason.PackMismatch);
                return NtagStatus.Refused;
            }

            return NtagStatus.Ok;
        }

        private SlotState Classify(int slot, CardUid uid)
        {
            int offset = slot * CredentialLayout.SlotSize;
            byte head = _pages[offset];
            if ((head >> 4) != CredentialLayout.Format)
            {
                return SlotState.Empty;
            }

            int version = head & 0x0F;
            byte[] key = _keys.RecordKey(version);
            if (key != null)
            {
                Mac(key, uid, _pages, offset);
                if (SameMac(_pages, offset + CredentialLayout.HeaderSize))
                {
                    return version == _keys.CurrentVersion ? SlotState.Current : SlotState.Previous;
                }
            }

            if (_pages[offset + 1] != CredentialLayout.UidTag(uid.Bytes, 0, uid.Length))
            {
                return SlotState.Moved;
            }

            return key == null ? SlotState.UnknownKey : SlotState.BadMac;
        }

        private static int Choose(SlotState a, SlotState b)
        {
            if (a == SlotState.Current)
            {
                return 0;
            }

            if (b == SlotState.Current)
            {
                return 1;
            }

            if (a == SlotState.Previous)
            {
                return 0;
            }

            if (b == SlotState.Previous)
            {
                return 1;
            }

            return -1;
        }

        /// <summary>The more telling of two refused slots: moved, then bad MAC, then unknown key.</summary>
        private static SlotState Worse(SlotState a, SlotState b)
        {
            if (a == SlotState.Moved || b == SlotState.Moved)
            {
                return SlotState.Moved;
            }

            if (a == SlotState.BadMac || b == SlotState.BadMac)
            {
                return SlotState.BadMac;
            }

            return SlotState.UnknownKey;
        }

        private static SecurityReason ReasonOf(SlotState state)
        {
            switch (state)
            {
                case SlotState.Moved:
                    return SecurityReason.MovedRecord;
                case SlotState.BadMac:
                    return SecurityReason.BadMac;
                default:
                    return SecurityReason.UnknownKeyVersion;
            }
        }

        private void Decode(int slot, CardCheck check)
        {
            int offset = slot * CredentialLayout.SlotSize;
            check.Slot = slot;
            check.KeyVersion = (byte)(_pages[offset] & 0x0F);
            check.Serial = LittleEndian.ReadUInt32(_pages, offset + 2);
            check.IssueDay = LittleEndian.ReadUInt16(_pages, offset + 6);
        }

        private static void ReadCounterForEvidence(INtagCard card, CardCheck check)
        {
            uint counter;
            NtagStatus status = card.ReadCounter(out counter);
            if (status == NtagStatus.Ok)
            {
                check.Counter = counter;
                check.CounterRead = true;
            }
            else
            {
                check.SessionOpen = false;
            }
        }

        /// <summary>MAC of the header at <paramref name="offset"/> for <paramref name="uid"/>, into <c>_hash</c>.</summary>
        private void Mac(byte[] key, CardUid uid, byte[] header, int offset)
        {
            _macInput[0] = (byte)uid.Length;
            System.Array.Copy(uid.Bytes, 0, _macInput, 1, CardUid.MaxLength);
            System.Array.Copy(header, offset, _macInput, 1 + CardUid.MaxLength, CredentialLayout.HeaderSize);
            _crypto.HmacSha256(key, _macInput, 0, _macInput.Length, _hash);
        }

        /// <summary>Compares the stored MAC with <c>_hash</c> in time independent of where they differ.</summary>
        private bool SameMac(byte[] data, int offset)
        {
            int diff = 0;
            for (int i = 0; i < CredentialLayout.MacSize; i++)
            {
                diff |= data[offset + i] ^ _hash[i];
            }

            return diff == 0;
        }

        /// <summary>PWD = first 4 bytes, PACK = next 2 of HMAC-SHA256(password key, UID length | UID padded).</summary>
        private void DerivePassword(CardUid uid)
        {
            _passwordInput[0] = (byte)uid.Length;
            System.Array.Copy(uid.Bytes, 0, _passwordInput, 1, CardUid.MaxLength);
            _crypto.HmacSha256(_keys.PasswordKey, _passwordInput, 0, _passwordInput.Length, _hash);
            System.Array.Copy(_hash, 0, _password, 0, 4);
            _pack[0] = _hash[4];
            _pack[1] = _hash[5];
        }

        /// <summary>Builds a complete slot image in <c>_record</c>.</summary>
        private void Build(CardUid uid, byte version, uint serial, int day)
        {
            _record[0] = (byte)((CredentialLayout.Format << 4) | (version & 0x0F));
            _record[1] = CredentialLayout.UidTag(uid.Bytes, 0, uid.Length);
            LittleEndian.WriteUInt32(_record, 2, serial);
            LittleEndian.WriteUInt16(_record, 6, (ushort)day);
            Mac(_keys.RecordKey(version), uid, _record, 0);
            System.Array.Copy(_hash, 0, _record, CredentialLayout.HeaderSize, CredentialLayout.MacSize);
        }

        /// <summary>Writes <c>_record</c> into a slot: pages 1-5 first, page 0 (the format byte) last.</summary>
        private NtagStatus WriteSlot(INtagCard card, int slot)
        {
            byte first = CredentialLayout.SlotPage(slot);
            for (int p = 1; p < CredentialLayout.PagesPerSlot; p++)
            {
                NtagStatus status = card.Write((byte)(first + p), _record, p * Ntag21x.PageSize);
                if (status != NtagStatus.Ok)
                {
                    return status;
                }
            }

            return card.Write(first, _record, 0);
        }

        /// <summary>Reads a slot back (2 READs) and compares it with <c>_record</c>.</summary>
        private NtagStatus CheckSlot(INtagCard card, int slot)
        {
            byte first = CredentialLayout.SlotPage(slot);
            for (int r = 0; r < 2; r++)
            {
                NtagStatus status = card.Read((byte)(first + (r * 4)), _block, 0);
                if (status != NtagStatus.Ok)
                {
                    return status;
                }

                int count = r == 0 ? Ntag21x.ReadSize : CredentialLayout.SlotSize - Ntag21x.ReadSize;
                for (int i = 0; i < count; i++)
                {
                    if (_block[i] != _record[(r * Ntag21x.ReadSize) + i])
                    {
                        return NtagStatus.Refused;
                    }
                }
            }

            return NtagStatus.Ok;
        }

        private NtagStatus WritePage(INtagCard card, byte page, byte b0, byte b1, byte b2, byte b3)
        {
            _page[0] = b0;
            _page[1] = b1;
            _page[2] = b2;
            _page[3] = b3;
            return card.Write(page, _page, 0);
        }

        /// <summary>CFG0 as enrolment leaves it: MIRROR byte, MIRROR_PAGE 0, AUTH0 (byte 1 is RFUI).</summary>
        private static bool Configured(byte[] config, byte mirror)
        {
            return config[0] == mirror && config[2] == 0 && config[3] == CredentialLayout.ProtectFromPage;
        }

        private static CardOutcome Failed(CardCheck check, NtagStatus status, SecurityReason refused)
        {
            check.SessionOpen = false;
            return status == NtagStatus.Gone ? Finish(check, CardOutcome.Torn) : Refuse(check, refused);
        }

        private static CardOutcome Refuse(CardCheck check, SecurityReason reason)
        {
            check.Reason = reason;
            return Finish(check, CardOutcome.Invalid);
        }

        private static CardOutcome Finish(CardCheck check, CardOutcome outcome)
        {
            check.Outcome = outcome;
            return outcome;
        }
    }
}
