using Terminal.Core.Encoding;
using Terminal.Core.Ledger;
using Terminal.Core.Ports;

namespace Terminal.Core.Provisioning
{
    /// <summary>
    /// Keeps the provisioned configuration in three files of the <see cref="ILedgerStore"/>
    /// (<c>pcfg</c> settings, <c>pwifi</c> Wi-Fi, <c>pca</c> CA certificate) and changes any
    /// subset of them all-or-nothing with a redo manifest:
    /// <list type="number">
    /// <item>write each new file as <c>name.st</c> (sealed with a CRC; the certificate is
    /// appended there chunk by chunk while it is uploaded);</item>
    /// <item>create the sealed manifest <c>pcommit</c> naming the files to replace or delete:
    /// the commit point;</item>
    /// <item>for each entry delete <c>name</c> and rename <c>name.st</c> to <c>name</c>
    /// (or just delete it);</item>
    /// <item>delete the manifest.</item>
    /// </list>
    /// <see cref="Recover"/> (at boot) rolls a valid manifest forward (each step is idempotent)
    /// and otherwise throws every staged file away, so a power cut at any store operation
    /// leaves the old configuration or the new one. All names start with "p", which the ledger
    /// does not use. Reasoning: docs/adr/0006-serial-provisioning.md.
    /// </summary>
    public sealed class ConfigStore
    {
        /// <summary>Settings file.</summary>
        public const string ConfigName = "pcfg";

        /// <summary>Wi-Fi credentials file (kept by a factory reset unless asked).</summary>
        public const string WifiName = "pwifi";

        /// <summary>CA certificate file (kept by a factory reset unless asked).</summary>
        public const string CertName = "pca";

        /// <summary>The commit manifest.</summary>
        public const string ManifestName = "pcommit";

        /// <summary>Suffix of a staged file.</summary>
        public const string StageSuffix = ".st";

        /// <summary>Largest CA certificate accepted (a PEM chain of two or three certificates).</summary>
        public const int MaxCertBytes = 8192;

        /// <summary>Manifest entry: replace the file with its staged copy.</summary>
        public const byte ReplaceEntry = 1;

        /// <summary>Manifest entry: delete the file.</summary>
        public const byte DeleteEntry = 2;

        private const int ValuesFileMagic = 0x3150; // "P1"
        private const int ManifestMagic = 0x314D; // "M1"
        private const int ImageCapacity = 1536;

        private readonly ILedgerStore _store;
        private readonly byte[] _image = new byte[ImageCapacity];
        private readonly byte[] _chunk = new byte[256];
        private readonly PayloadWriter _writer = new PayloadWriter();
        private readonly PayloadReader _reader = new PayloadReader();

        /// <summary>Creates the store over the terminal's file store.</summary>
        public ConfigStore(ILedgerStore store)
        {
            _store = store;
        }

        /// <summary>True when the last <see cref="Load"/> found a file failing its CRC (not expected from power cuts).</summary>
        public bool FoundCorruptFile { get; private set; }

        /// <summary>
        /// Finishes or rolls back whatever a power cut interrupted. Call once at boot before
        /// <see cref="Load"/>. Returns true when something had to be repaired.
        /// </summary>
        public bool Recover()
        {
            bool repaired = false;
            if (_store.Exists(ManifestName))
            {
                string[] names;
                byte[] ops;
                if (ReadManifest(out names, out ops))
                {
                    Apply(names, ops);
                }

                _store.Delete(ManifestName);
                repaired = true;
            }

            repaired |= DeleteIfExists(ConfigName + StageSuffix);
            repaired |= DeleteIfExists(WifiName + StageSuffix);
            repaired |= DeleteIfExists(CertName + StageSuffix);
            return repaired;
        }

        /// <summary>Reads the configuration in force.</summary>
        public ProvisionedConfig Load()
        {
            FoundCorruptFile = false;
            string[] values = new string[SettingKeys.Count];
            ReadValues(ConfigName, values);
            ReadValues(WifiName, values);
            int certLength = 0;
            uint certCrc = 0;
            int stored = _store.Length(CertName);
            if (stored > 4)
            {
                if (SealedCrc(CertName, stored, out certCrc))
                {
                    certLength = stored - 4;
                }
                else
                {
                    FoundCorruptFile = true;
                    certCrc = 0;
                }
            }

            return new ProvisionedConfig(values, certLength, certCrc);
        }

        /// <summary>Reads part of the stored CA certificate (without its CRC); returns the count read.</summary>
        public int ReadCertificate(int position, byte[] buffer, int offset, int count)
        {
            int length = _store.Length(CertName) - 4;
            if (position >= length)
            {
                return 0;
            }

            if (count > length - position)
            {
                count = length - position;
            }

            return _store.Read(CertName, position, buffer, offset, count);
        }

        /// <summary>Throws away a staged certificate and starts an empty one.</summary>
        public void StartCertificate()
        {
            DeleteIfExists(CertName + StageSuffix);
        }

        /// <summary>Appends a piece of the certificate being uploaded (one durable append).</summary>
        public void AppendCertificate(byte[] buffer, int offset, int count)
        {
            _store.Append(CertName + StageSuffix, buffer, offset, count);
        }

        /// <summary>Bytes of the certificate staged so far.</summary>
        public int StagedCertificateLength
        {
            get
            {
                int n = _store.Length(CertName + StageSuffix);
                return n < 0 ? 0 : n;
            }
        }

        /// <summary>
        /// Checks the uploaded certificate against the announced CRC and seals it for commit.
        /// Returns null when sealed, else the reason (the staged copy is then deleted).
        /// </summary>
        public string SealCertificate(int expectedLength, uint expectedCrc)
        {
            string staged = CertName + StageSuffix;
            int length = _store.Length(staged);
            if (length != expectedLength)
            {
                DeleteIfExists(staged);
                return "certificate length differs from the announced length";
            }

            uint crc = Crc32.Start();
            int position = 0;
            bool pemStart = false;
            while (position < length)
            {
                int n = length - position;
                if (n > _chunk.Length)
                {
                    n = _chunk.Length;
                }

                int read = _store.Read(staged, position, _chunk, 0, n);
                if (read != n)
                {
                    DeleteIfExists(staged);
                    return "certificate could not be read back";
                }

                if (position == 0)
                {
                    pemStart = StartsWithPem(_chunk, n);
                }

                crc = Crc32.Update(crc, _chunk, 0, n);
                position += n;
            }

            crc = Crc32.Finish(crc);
            if (crc != expectedCrc)
            {
                DeleteIfExists(staged);
                return "certificate CRC mismatch: the upload was corrupted";
            }

            if (!pemStart)
            {
                DeleteIfExists(staged);
                return "not a PEM certificate (must start with -----BEGIN CERTIFICATE-----)";
            }

            LittleEndian.WriteUInt32(_chunk, 0, crc);
            _store.Append(staged, _chunk, 0, 4);
            return null;
        }

        /// <summary>Discards everything staged (an aborted session).</summary>
        public void DiscardStaged()
        {
            DeleteIfExists(CertName + StageSuffix);
        }

        /// <summary>
        /// Makes a new configuration durable in one atomic step.
        /// <paramref name="values"/> is the complete set that will be in force;
        /// <paramref name="writeConfig"/> / <paramref name="writeWifi"/> say which files changed
        /// (an all-empty file is deleted rather than written);
        /// <paramref name="certAction"/> is 0 (keep), <see cref="ReplaceEntry"/> (use the sealed staged
        /// certificate) or <see cref="DeleteEntry"/>.
        /// </summary>
        public void Commit(string[] values, bool writeConfig, bool writeWifi, byte certAction)
        {
            string[] names = new string[3];
            byte[] ops = new byte[3];
            int count = 0;
            if (writeConfig)
            {
                ops[count] = StageValues(ConfigName, values, false);
                names[count++] = ConfigName;
            }

            if (writeWifi)
            {
                ops[count] = StageValues(WifiName, values, true);
                names[count++] = WifiName;
            }

            if (certAction != 0)
            {
                ops[count] = certAction;
                names[count++] = CertName;
            }

            if (count == 0)
            {
                return;
            }

            // The commit point: once this file is durable and intact, recovery rolls forward.
            _writer.Reset(_image, 0, _image.Length);
            _writer.WriteUInt16(ManifestMagic);
            _writer.WriteByte(count);
            for (int i = 0; i < count; i++)
            {
                _writer.WriteByte(ops[i]);
                _writer.WriteString8(names[i]);
            }

            int length = AtomicFile.Seal(_image, 0, _writer.Length);
            DeleteIfExists(ManifestName);
            _store.Create(ManifestName, _image, 0, length);
            string[] applyNames = new string[count];
            byte[] applyOps = new byte[count];
            System.Array.Copy(names, applyNames, count);
            System.Array.Copy(ops, applyOps, count);
            Apply(applyNames, applyOps);
            _store.Delete(ManifestName);
        }

        private byte StageValues(string name, string[] values, bool wifi)
        {
            _writer.Reset(_image, 0, _image.Length - 4);
            _writer.WriteUInt16(ValuesFileMagic);
            int countAt = _writer.Length;
            _writer.WriteByte(0);
            int entries = 0;
            for (int key = 0; key < SettingKeys.Count; key++)
            {
                if (SettingKeys.IsWifi(key) != wifi || values[key] == null || values[key].Length == 0)
                {
                    continue;
                }

                _writer.WriteString8(SettingKeys.Name(key));
                _writer.WriteString16(values[key]);
                entries++;
            }

            if (_writer.Overflow)
            {
                throw new System.InvalidOperationException("configuration does not fit its file");
            }

            string staged = name + StageSuffix;
            DeleteIfExists(staged);
            if (entries == 0)
            {
                return DeleteEntry;
            }

            _image[countAt] = (byte)entries;
            int length = AtomicFile.Seal(_image, 0, _writer.Length);
            _store.Create(staged, _image, 0, length);
            return ReplaceEntry;
        }

        private void Apply(string[] names, byte[] ops)
        {
            for (int i = 0; i < names.Length; i++)
            {
                string name = names[i];
                if (ops[i] == ReplaceEntry)
                {
                    // Idempotent: after a cut between delete and rename only the staged copy exists.
                    if (_store.Exists(name + StageSuffix))
                    {
                        _store.Delete(name);
                        _store.Rename(name + StageSuffix, name);
                    }
                }
                else
                {
                    _store.Delete(name);
                }
            }
        }

        private bool ReadManifest(out string[] names, out byte[] ops)
        {
            names = null;
            ops = null;
            int length = _store.Length(ManifestName);
            if (length < 7 || length > _image.Length || _store.Read(ManifestName, 0, _image, 0, length) != length
                || !AtomicFile.IsSealed(_image, 0, length))
            {
                // Cut while the manifest was being created: the commit never happened.
                return false;
            }

            _reader.Reset(_image, 0, length - 4);
            if (_reader.ReadUInt16() != ManifestMagic)
            {
                return false;
            }

            int count = _reader.ReadByte();
            names = new string[count];
            ops = new byte[count];
            for (int i = 0; i < count; i++)
            {
                ops[i] = (byte)_reader.ReadByte();
                names[i] = _reader.ReadString8();
                bool known = names[i] == ConfigName || names[i] == WifiName || names[i] == CertName;
                if (!known || (ops[i] != ReplaceEntry && ops[i] != DeleteEntry))
                {
                    return false;
                }
            }

            return _reader.AtEndCleanly;
        }

        private void ReadValues(string name, string[] values)
        {
            int length = _store.Length(name);
            if (length < 0)
            {
                return;
            }

            if (length < 7 || length > _image.Length || _store.Read(name, 0, _image, 0, length) != length
                || !AtomicFile.IsSealed(_image, 0, length))
            {
                FoundCorruptFile = true;
                return;
            }

            _reader.Reset(_image, 0, length - 4);
            if (_reader.ReadUInt16() != ValuesFileMagic)
            {
                FoundCorruptFile = true;
                return;
            }

            int count = _reader.ReadByte();
            for (int i = 0; i < count && !_reader.Failed; i++)
            {
                string key = _reader.ReadString8();
                string value = _reader.ReadString16();
                int index = key == null ? -1 : SettingKeys.Find(key);

                // Keys this firmware does not know (written by a newer one) are skipped.
                if (index >= 0 && value != null)
                {
                    values[index] = value;
                }
            }

            if (_reader.Failed)
            {
                FoundCorruptFile = true;
            }
        }

        private bool SealedCrc(string name, int length, out uint crc)
        {
            crc = Crc32.Start();
            int body = length - 4;
            int position = 0;
            while (position < body)
            {
                int n = body - position;
                if (n > _chunk.Length)
                {
                    n = _chunk.Length;
                }

                if (_store.Read(name, position, _chunk, 0, n) != n)
                {
                    return false;
                }

                crc = Crc32.Update(crc, _chunk, 0, n);
                position += n;
            }

            crc = Crc32.Finish(crc);
            if (_store.Read(name, body, _chunk, 0, 4) != 4)
            {
                return false;
            }

            return LittleEndian.ReadUInt32(_chunk, 0) == crc;
        }

        private static bool StartsWithPem(byte[] data, int count)
        {
            const string Begin = "-----BEGIN CERTIFICATE-----";
            if (count < Begin.Length)
            {
                return false;
            }

            for (int i = 0; i < Begin.Length; i++)
            {
                if (data[i] != (byte)Begin[i])
                {
                    return false;
                }
            }

            return true;
        }

        private bool DeleteIfExists(string name)
        {
            if (!_store.Exists(name))
            {
                return false;
            }

            _store.Delete(name);
            return true;
        }
    }
}
