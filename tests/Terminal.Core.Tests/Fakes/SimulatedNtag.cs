using Terminal.Core.Domain;
using Terminal.Core.Security;

namespace Terminal.Core.Tests.Fakes
{
    /// <summary>
    /// An NTAG213/215/216 with real page memory, modelled on the NXP data sheet (Rev. 3.2):
    /// delivery state (§8.5.6), READ with roll-over and PWD/PACK reading as 00h (§10.2, §8.5.7),
    /// WRITE with AUTH0/PROT protection, OTP and lock pages OR-ed, CFG_LCK (§10.4, §8.5.7),
    /// PWD_AUTH with AUTHLIM counting failed attempts and locking for good (§8.7), the 24-bit NFC
    /// counter counting the first READ after each power-on when NFC_CNT_EN is set (§8.6),
    /// READ_CNT with NFC_CNT_PWD_PROT, READ_SIG and GET_VERSION. A NAK sends the card back to IDLE:
    /// it then ignores everything until it is presented again (<see cref="PowerOn"/>).
    /// <para>Not modelled: static/dynamic lock bits making pages read-only, FAST_READ, COMP_WRITE,
    /// the ASCII mirror, and 7-byte UID cascade details (the UID is simply given).</para>
    /// <para>It can be lifted after N exchanges (<see cref="LiftAfter"/>), counts every exchange and
    /// the bytes of each ISO 14443-3 frame including CRC_A (for the card-exchange cost model), and
    /// can be cloned the ways attackers clone NTAGs.</para>
    /// </summary>
    public sealed class SimulatedNtag : INtagCard
    {
        private const int NakBytes = 1; // a 4-bit NAK or ACK, counted as one byte

        private readonly byte[] _memory;
        private readonly byte[] _signature = new byte[Ntag21x.SignatureSize];
        private readonly byte _storage;
        private readonly byte _configPage;
        private readonly int _pageCount;
        private readonly CardUid _uid = new CardUid();
        private uint _counter;
        private int _failedAuths;
        private bool _authenticated;
        private bool _readSincePowerOn;
        private bool _deaf;
        private int _budget = -1;
        private NtagTear _tear;

        /// <summary>A card as delivered: <paramref name="storageSize"/> is the GET_VERSION byte
        /// (<see cref="Ntag21x.StorageNtag215"/>...), <paramref name="uid"/> 7 bytes,
        /// <paramref name="signature"/> 32 bytes (the NXP originality signature it will report).</summary>
        public SimulatedNtag(byte storageSize, byte[] uid, byte[] signature)
        {
            _configPage = Ntag21x.ConfigPage(storageSize);
            if (_configPage == 0 || uid == null || uid.Length != 7 || signature == null || signature.Length != Ntag21x.SignatureSize)
            {
                throw new System.ArgumentException("NTAG21x needs a known storage size, a 7-byte UID and a 32-byte signature");
            }

            _storage = storageSize;
            _pageCount = Ntag21x.PageCount(_configPage);
            _memory = new byte[_pageCount * Ntag21x.PageSize];
            _uid.Set(uid, 0, 7);
            System.Array.Copy(signature, 0, _signature, 0, signature.Length);

            // §8.5.1: UID0-2 and BCC0 = CT (88h) ^ UID0 ^ UID1 ^ UID2; UID3-6; BCC1 = UID3 ^ .. ^ UID6.
            _memory[0] = uid[0];
            _memory[1] = uid[1];
            _memory[2] = uid[2];
            _memory[3] = (byte)(0x88 ^ uid[0] ^ uid[1] ^ uid[2]);
            System.Array.Copy(uid, 3, _memory, 4, 4);
            _memory[8] = (byte)(uid[3] ^ uid[4] ^ uid[5] ^ uid[6]);
            _memory[9] = 0x48; // internal byte

            // §8.5.6 delivery state: CC (E1h, version 10h, NDEF area size / 8), empty NDEF TLV at page 4.
            _memory[12] = 0xE1;
            _memory[13] = 0x10;
            _memory[14] = storageSize == Ntag21x.StorageNtag213 ? (byte)0x12 : storageSize == Ntag21x.StorageNtag215 ? (byte)0x3E : (byte)0x6D;
            _memory[16] = 0x03;
            _memory[17] = 0x00;
            _memory[18] = 0xFE;

            int dynamicLock = (_configPage - 1) * 4;
            _memory[dynamicLock + 3] = 0xBD;
            int cfg0 = _configPage * 4;
            _memory[cfg0] = Ntag21x.MirrorStrongModulation;
            _memory[cfg0 + 3] = Ntag21x.Auth0Disabled;

            // A non-zero RFUI byte in CFG1: the enrolment must preserve RFUI bytes, not zero them.
            _memory[cfg0 + 5] = 0x05;

            // PWD FFFFFFFFh, PACK 0000h at delivery (§8.7.1).
            for (int i = 0; i < 4; i++)
            {
                _memory[cfg0 + 8 + i] = 0xFF;
            }
        }

        /// <summary>A delivered NTAG215 with this UID and a signature made up from it (not a real ECC signature).</summary>
        public static SimulatedNtag Ntag215(byte[] uid)
        {
            byte[] signature = new byte[Ntag21x.SignatureSize];
            for (int i = 0; i < signature.Length; i++)
            {
                signature[i] = (byte)(uid[i % uid.Length] ^ (i * 37));
            }

            return new SimulatedNtag(Ntag21x.StorageNtag215, uid, signature);
        }

        /// <summary>
        /// A "magic" card programmed as a perfect copy: UID, every page, signature, and the password
        /// and PACK sniffed from a genuine tap. What it cannot copy is the genuine card's NFC counter:
        /// it has its own, starting at <paramref name="counter"/>.
        /// </summary>
        public static SimulatedNtag MagicCloneOf(SimulatedNtag original, uint counter)
        {
            byte[] uid = new byte[7];
            System.Array.Copy(original._uid.Bytes, 0, uid, 0, 7);
            SimulatedNtag clone = new SimulatedNtag(original._storage, uid, original._signature);
            System.Array.Copy(original._memory, 0, clone._memory, 0, original._memory.Length);
            clone._counter = counter;
            return clone;
        }

        /// <summary>
        /// What a copying tool makes without the password: a UID-changeable card with the same UID,
        /// signature and every page as READ returns it, so PWD and PACK are 00h. Its counter starts at 0.
        /// </summary>
        public static SimulatedNtag DumpCloneOf(SimulatedNtag original)
        {
            SimulatedNtag clone = MagicCloneOf(original, 0);
            int cfg0 = clone._configPage * 4;
            System.Array.Clear(clone._memory, cfg0 + 8, 8);
            return clone;
        }

        /// <summary>The card's UID.</summary>
        public CardUid Uid
        {
            get { return _uid; }
        }

        /// <summary>Address of CFG0 on this card.</summary>
        public byte ConfigPage
        {
            get { return _configPage; }
        }

        /// <summary>The NFC counter (§8.6). Settable only to model emulators that answer any value.</summary>
        public uint NfcCounter
        {
            get { return _counter; }
            set { _counter = value; }
        }

        /// <summary>Failed PWD_AUTH attempts the card has counted (§8.7.2).</summary>
        public int FailedAuthentications
        {
            get { return _failedAuths; }
        }

        /// <summary>True when AUTHLIM's limit is reached: PWD_AUTH is refused for ever.</summary>
        public bool PasswordLocked
        {
            get
            {
                int limit = Ntag21x.AttemptsAllowed(Access & Ntag21x.AccessAuthLimitMask);
                return limit > 0 && _failedAuths >= limit;
            }
        }

        /// <summary>Exchanges the reader attempted (answered or not).</summary>
        public int Exchanges { get; private set; }

        /// <summary>READ commands.</summary>
        public int Reads { get; private set; }

        /// <summary>WRITE commands.</summary>
        public int Writes { get; private set; }

        /// <summary>PWD_AUTH commands.</summary>
        public int PasswordAuths { get; private set; }

        /// <summary>READ_CNT commands.</summary>
        public int CounterReads { get; private set; }

        /// <summary>READ_SIG commands.</summary>
        public int SignatureReads { get; private set; }

        /// <summary>GET_VERSION commands.</summary>
        public int VersionReads { get; private set; }

        /// <summary>Exchanges the card did not answer (lifted, or deaf after a NAK): each costs the reader a timeout.</summary>
        public int Unanswered { get; private set; }

        /// <summary>NAKs sent.</summary>
        public int Naks { get; private set; }

        /// <summary>Frame bytes from reader to card, CRC_A included.</summary>
        public int BytesToCard { get; private set; }

        /// <summary>Frame bytes from card to reader, CRC_A included (an ACK/NAK counts one).</summary>
        public int BytesFromCard { get; private set; }

        private byte Access
        {
            get { return _memory[(_configPage + 1) * 4]; }
        }

        private int Auth0
        {
            get { return _memory[(_configPage * 4) + 3]; }
        }

        /// <summary>
        /// The card enters the field (again): power-on reset, so authentication is lost, the card
        /// answers again after a NAK, and the next READ may count (§8.6). Any pending lift is cancelled.
        /// </summary>
        public void PowerOn()
        {
            _authenticated = false;
            _readSincePowerOn = false;
            _deaf = false;
            _budget = -1;
        }

        /// <summary>
        /// The card leaves the field after answering <paramref name="exchanges"/> more exchanges.
        /// The next exchange is cut as <paramref name="tear"/> says; every later one goes unanswered.
        /// </summary>
        public void LiftAfter(int exchanges, NtagTear tear)
        {
            _budget = exchanges;
            _tear = tear;
        }

        /// <summary>Zeroes the exchange and byte counts.</summary>
        public void ResetStats()
        {
            Exchanges = 0;
            Reads = 0;
            Writes = 0;
            PasswordAuths = 0;
            CounterReads = 0;
            SignatureReads = 0;
            VersionReads = 0;
            Unanswered = 0;
            Naks = 0;
            BytesToCard = 0;
            BytesFromCard = 0;
        }

        /// <summary>Bytes of <see cref="SaveState"/>: page memory, NFC counter, failed attempts.</summary>
        public int StateLength
        {
            get { return _memory.Length + 8; }
        }

        /// <summary>Copies what a real card keeps across power cycles (so a simulator can keep its cards).</summary>
        public void SaveState(byte[] buffer, int offset)
        {
            System.Array.Copy(_memory, 0, buffer, offset, _memory.Length);
            Terminal.Core.Encoding.LittleEndian.WriteUInt32(buffer, offset + _memory.Length, _counter);
            Terminal.Core.Encoding.LittleEndian.WriteInt32(buffer, offset + _memory.Length + 4, _failedAuths);
        }

        /// <summary>Restores what <see cref="SaveState"/> wrote; the UID and signature stay as constructed.</summary>
        public void LoadState(byte[] buffer, int offset)
        {
            System.Array.Copy(buffer, offset, _memory, 0, _memory.Length);
            _counter = Terminal.Core.Encoding.LittleEndian.ReadUInt32(buffer, offset + _memory.Length);
            _failedAuths = Terminal.Core.Encoding.LittleEndian.ReadInt32(buffer, offset + _memory.Length + 4);
        }

        /// <summary>Raw memory, bypassing every rule (PWD and PACK included): for tests and attack models.</summary>
        public void Peek(byte page, byte[] buffer, int offset)
        {
            System.Array.Copy(_memory, page * 4, buffer, offset, 4);
        }

        /// <summary>Raw write, bypassing every rule: an attacker with a magic card or a test setting state.</summary>
        public void Poke(byte page, byte[] data, int offset)
        {
            System.Array.Copy(data, offset, _memory, page * 4, 4);
        }

        /// <inheritdoc/>
        public NtagStatus GetVersion(byte[] buffer, int offset)
        {
            VersionReads++;
            int cut = Begin(3);
            if (cut == CutNoAnswer)
            {
                return NtagStatus.Gone;
            }

            // §10.1: fixed header, vendor NXP, type NTAG, subtype 02h, version 1.0, storage size, protocol 03h.
            buffer[offset] = 0x00;
            buffer[offset + 1] = Ntag21x.VendorNxp;
            buffer[offset + 2] = Ntag21x.ProductNtag;
            buffer[offset + 3] = 0x02;
            buffer[offset + 4] = 0x01;
            buffer[offset + 5] = 0x00;
            buffer[offset + 6] = _storage;
            buffer[offset + 7] = 0x03;
            return Answer(cut, NtagStatus.Ok, Ntag21x.VersionSize + 2);
        }

        /// <inheritdoc/>
        public NtagStatus Read(byte page, byte[] buffer, int offset)
        {
            Reads++;
            int cut = Begin(4);
            if (cut == CutNoAnswer)
            {
                return NtagStatus.Gone;
            }

            if (page >= _pageCount)
            {
                return Answer(cut, NtagStatus.Refused, 0);
            }

            bool readProtected = (Access & Ntag21x.AccessProt) != 0 && !_authenticated;
            for (int i = 0; i < 4; i++)
            {
                int p = (page + i) % _pageCount;
                if (readProtected && p >= Auth0)
                {
                    return Answer(cut, NtagStatus.Refused, 0);
                }
            }

            // §8.6: the first valid READ after power-on counts, if NFC_CNT_EN is set at that moment.
            if (!_readSincePowerOn)
            {
                _readSincePowerOn = true;
                if ((Access & Ntag21x.AccessNfcCounterEnable) != 0 && _counter < Ntag21x.CounterMax)
                {
                    _counter++;
                }
            }

            for (int i = 0; i < 4; i++)
            {
                int p = (page + i) % _pageCount;
                bool secret = p == _configPage + 2 || p == _configPage + 3;
                for (int b = 0; b < 4; b++)
                {
                    buffer[offset + (i * 4) + b] = secret ? (byte)0 : _memory[(p * 4) + b];
                }
            }

            return Answer(cut, NtagStatus.Ok, Ntag21x.ReadSize + 2);
        }

        /// <inheritdoc/>
        public NtagStatus Write(byte page, byte[] data, int offset)
        {
            Writes++;
            int cut = Begin(8);
            if (cut == CutNoAnswer)
            {
                return NtagStatus.Gone;
            }

            if (page < 2 || page >= _pageCount || (page >= Auth0 && !_authenticated))
            {
                return Answer(cut, NtagStatus.Refused, 0);
            }

            bool configLocked = (Access & Ntag21x.AccessCfgLock) != 0;
            if (configLocked && (page == _configPage || page == _configPage + 1))
            {
                return Answer(cut, NtagStatus.Refused, 0);
            }

            // A page torn while programming keeps only part of the new bytes.
            int count = cut == CutPartial ? 2 : 4;
            int at = page * 4;
            if (page == 2)
            {
                // Static lock bytes are OTP: bits only ever set; UID bytes are read-only.
                for (int b = 2; b < count; b++)
                {
                    _memory[at + b] |= data[offset + b];
                }
            }
            else if (page == 3 || page == _configPage - 1)
            {
                // CC and dynamic lock bytes: OTP, bits only ever set.
                for (int b = 0; b < count; b++)
                {
                    _memory[at + b] |= data[offset + b];
                }
            }
            else
            {
                System.Array.Copy(data, offset, _memory, at, count);
            }

            return Answer(cut, NtagStatus.Ok, NakBytes);
        }

        /// <inheritdoc/>
        public NtagStatus PasswordAuth(byte[] password, int offset, byte[] pack, int packOffset)
        {
            PasswordAuths++;
            int cut = Begin(7);
            if (cut == CutNoAnswer)
            {
                return NtagStatus.Gone;
            }

            if (PasswordLocked)
            {
                return Answer(cut, NtagStatus.Refused, 0);
            }

            int pwd = (_configPage + 2) * 4;
            bool match = true;
            for (int i = 0; i < 4; i++)
            {
                match &= _memory[pwd + i] == password[offset + i];
            }

            if (!match)
            {
                if (Ntag21x.AttemptsAllowed(Access & Ntag21x.AccessAuthLimitMask) > 0)
                {
                    _failedAuths++;
                }

                return Answer(cut, NtagStatus.Refused, 0);
            }

            // §8.7.2: a successful verification resets the count of failed attempts.
            _failedAuths = 0;
            _authenticated = true;
            pack[packOffset] = _memory[pwd + 4];
            pack[packOffset + 1] = _memory[pwd + 5];
            return Answer(cut, NtagStatus.Ok, 4);
        }

        /// <inheritdoc/>
        public NtagStatus ReadCounter(out uint counter)
        {
            CounterReads++;
            counter = 0;
            int cut = Begin(4);
            if (cut == CutNoAnswer)
            {
                return NtagStatus.Gone;
            }

            if ((Access & Ntag21x.AccessNfcCounterPasswordProtected) != 0 && !_authenticated)
            {
                return Answer(cut, NtagStatus.Refused, 0);
            }

            counter = _counter;
            return Answer(cut, NtagStatus.Ok, 5);
        }

        /// <inheritdoc/>
        public NtagStatus ReadSignature(byte[] buffer, int offset)
        {
            SignatureReads++;
            int cut = Begin(4);
            if (cut == CutNoAnswer)
            {
                return NtagStatus.Gone;
            }

            System.Array.Copy(_signature, 0, buffer, offset, _signature.Length);
            return Answer(cut, NtagStatus.Ok, Ntag21x.SignatureSize + 2);
        }

        private const int CutNone = 0;
        private const int CutNoAnswer = 1;
        private const int CutAnswerLost = 2;
        private const int CutPartial = 3;

        /// <summary>Starts an exchange of <paramref name="bytesOut"/> frame bytes; says whether and how it is cut.</summary>
        private int Begin(int bytesOut)
        {
            Exchanges++;
            BytesToCard += bytesOut;
            if (_deaf)
            {
                Unanswered++;
                return CutNoAnswer;
            }

            if (_budget == 0)
            {
                _deaf = true;
                _budget = -1;
                if (_tear == NtagTear.BeforeCommand)
                {
                    Unanswered++;
                    return CutNoAnswer;
                }

                return _tear == NtagTear.PartialWrite ? CutPartial : CutAnswerLost;
            }

            if (_budget > 0)
            {
                _budget--;
            }

            return CutNone;
        }

        private NtagStatus Answer(int cut, NtagStatus status, int bytesIn)
        {
            if (cut != CutNone)
            {
                // The command took effect but the answer never reached the reader.
                Unanswered++;
                return NtagStatus.Gone;
            }

            if (status == NtagStatus.Refused)
            {
                // §8.4: after a NAK the card is back in IDLE and ignores everything until reactivated.
                Naks++;
                BytesFromCard += NakBytes;
                _deaf = true;
                return status;
            }

            BytesFromCard += bytesIn;
            return status;
        }
    }
}
