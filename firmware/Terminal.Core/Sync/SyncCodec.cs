using System.Collections;
using Terminal.Core.Domain;
using Terminal.Core.Encoding;
using Terminal.Core.Rules;

namespace Terminal.Core.Sync
{
    /// <summary>
    /// The JSON payloads of every sync topic, both directions (docs/sync.md). Writers are static
    /// and deterministic (golden files pin their bytes); readers validate types, ranges and
    /// sizes and say why they refused in <see cref="Error"/>. Unknown members are skipped so a
    /// newer cloud can add fields; <c>"v"</c> must be <see cref="Version"/>.
    /// </summary>
    public sealed class SyncCodec
    {
        /// <summary>Payload format version.</summary>
        public const int Version = 1;

        /// <summary>Most categories in a rule set (keys 0-9 select them).</summary>
        public const int MaxCategories = 10;

        /// <summary>Most promotions in a rule set.</summary>
        public const int MaxPromotions = 8;

        /// <summary>Longest string accepted (names, ids, UIDs).</summary>
        public const int MaxStringBytes = 64;

        private readonly JsonReader _r = new JsonReader(6, MaxStringBytes);
        private readonly byte[] _uid = new byte[CardUid.MaxLength];
        private readonly byte[] _hex = new byte[CardUid.MaxLength * 2];
        private readonly byte[] _sigHex = new byte[Transaction.EvidenceLength * 2];

        // Set when the payload being read carried its version member "v" (see NextPayloadMember).
        private bool _versionSeen;

        /// <summary>Why the last read failed (null after a success).</summary>
        public string Error { get; private set; }

        /// <summary>Writes a transaction batch.</summary>
        public static void WriteBatch(JsonWriter w, SyncOptions o, Transaction[] txs, int count)
        {
            w.Reset();
            w.BeginObject();
            w.Member("v", Version);
            w.Member("tid", o.TerminalId);
            w.Member("ten", o.TenantId);
            w.Member("shop", o.ShopId);
            w.Name("tx");
            w.BeginArray();
            for (int i = 0; i < count; i++)
            {
                WriteTransaction(w, txs[i]);
            }

            w.EndArray();
            w.EndObject();
        }

        /// <summary>Writes one transaction object (every field, fixed order).</summary>
        public static void WriteTransaction(JsonWriter w, Transaction t)
        {
            w.BeginObject();
            w.Member("seq", t.Sequence);
            w.Member("k", (int)t.Kind);
            w.Member("ts", t.Timestamp);
            w.Member("uid", t.Uid.Length == 0 ? string.Empty : t.Uid.ToString());
            w.Member("amt", t.AmountMinor);
            w.Member("cat", t.Category);
            w.Member("pts", t.Points);
            w.Member("vch", t.VoucherId);
            w.Member("disc", t.DiscountMinor);
            w.Member("ref", t.Reference);
            w.Member("ctr", t.CardCounter);
            w.Member("fl", t.Flags);
            if (t.Kind == TransactionKind.CardEvidence)
            {
                // Only this kind has evidence; other kinds keep their bytes (and the golden files) unchanged.
                w.Member("sig", Hex.Format(t.Evidence, 0, Transaction.EvidenceLength));
            }

            w.EndObject();
        }

        /// <summary>Writes the retained presence message.</summary>
        public static void WriteStatus(JsonWriter w, SyncOptions o, uint last, uint synced, long cursor, int room, long config, long blocked)
        {
            w.Reset();
            w.BeginObject();
            w.Member("v", Version);
            w.Member("tid", o.TerminalId);
            w.Member("ten", o.TenantId);
            w.Member("shop", o.ShopId);
            w.Member("online", true);
            w.Member("last", last);
            w.Member("synced", synced);
            w.Member("cur", cursor);
            w.Member("room", room);
            w.Member("cfg", config);
            w.Member("blk", blocked);
            w.Member("fw", o.FirmwareVersion);
            w.EndObject();
        }

        /// <summary>Writes the Last Will (also published on a clean stop).</summary>
        public static void WriteOffline(JsonWriter w, SyncOptions o)
        {
            w.Reset();
            w.BeginObject();
            w.Member("v", Version);
            w.Member("tid", o.TerminalId);
            w.Member("online", false);
            w.EndObject();
        }

        /// <summary>Writes a cumulative acknowledgement; <paramref name="gap"/> 0 means none.</summary>
        public static void WriteAck(JsonWriter w, long seq, long gap)
        {
            w.Reset();
            w.BeginObject();
            w.Member("v", Version);
            w.Member("seq", seq);
            if (gap > 0)
            {
                w.Member("gap", gap);
            }

            w.EndObject();
        }

        /// <summary>Writes the blocked-card list.</summary>
        public static void WriteBlocked(JsonWriter w, long version, string[] uids)
        {
            w.Reset();
            w.BeginObject();
            w.Member("v", Version);
            w.Member("ver", version);
            w.Name("uids");
            w.BeginArray();
            for (int i = 0; i < uids.Length; i++)
            {
                w.String(uids[i]);
            }

            w.EndArray();
            w.EndObject();
        }

        /// <summary>Writes earn rules and the voucher catalogue.</summary>
        public static void WriteConfig(JsonWriter w, long version, EarnRules rules, VoucherCatalog catalog)
        {
            w.Reset();
            w.BeginObject();
            w.Member("v", Version);
            w.Member("ver", version);
            w.Name("rules");
            w.BeginObject();
            w.Member("ppu", rules.PointsPerUnit);
            w.Member("mpu", rules.MinorPerUnit);
            w.Member("rnd", (int)rules.Rounding);
            w.Member("min", rules.MinimumSpendMinor);
            w.Name("cats");
            w.BeginArray();
            for (int i = 0; i < rules.CategoryCount; i++)
            {
                w.String(rules.CategoryNames[i]);
            }

            w.EndArray();
            w.Name("pct");
            w.BeginArray();
            for (int i = 0; i < rules.CategoryCount; i++)
            {
                w.Number(rules.CategoryPercent[i]);
            }

            w.EndArray();
            w.Name("promos");
            w.BeginArray();
            for (int i = 0; i < rules.Promotions.Length; i++)
            {
                Promotion p = rules.Promotions[i];
                w.BeginObject();
                w.Member("from", p.StartUnix);
                w.Member("to", p.EndUnix);
                w.Member("pct", p.MultiplierPercent);
                w.Member("cat", p.Category);
                w.EndObject();
            }

            w.EndArray();
            w.EndObject();
            w.Name("vouchers");
            w.BeginArray();
            for (int i = 0; i < catalog.Count; i++)
            {
                Voucher v = catalog.At(i);
                w.BeginObject();
                w.Member("id", v.Id);
                w.Member("name", v.Name);
                w.Member("cost", v.CostPoints);
                w.Member("kind", (int)v.Kind);
                w.Member("val", v.Value);
                w.Member("exp", v.ExpiresUnix);
                w.EndObject();
            }

            w.EndArray();
            w.EndObject();
        }

        /// <summary>
        /// Starts a balance message covering the cloud changes (<paramref name="from"/>, <paramref name="end"/>];
        /// add cards with <see cref="WriteCard"/>, finish with <see cref="EndBalances"/>.
        /// </summary>
        public static void BeginBalances(JsonWriter w, long from, long end)
        {
            w.Reset();
            w.BeginObject();
            w.Member("v", Version);
            w.Member("from", from);
            w.Member("end", end);
            w.Name("cards");
            w.BeginArray();
        }

        /// <summary>Writes one card state of a balance message.</summary>
        public static void WriteCard(JsonWriter w, string uid, long version, int otherPoints, int otherVouchers)
        {
            w.BeginObject();
            w.Member("uid", uid);
            w.Member("ver", version);
            w.Member("oth", otherPoints);
            w.Member("vu", otherVouchers);
            w.EndObject();
        }

        /// <summary>Finishes a balance message.</summary>
        public static void EndBalances(JsonWriter w)
        {
            w.EndArray();
            w.EndObject();
        }

        /// <summary>Reads an acknowledgement; <paramref name="gap"/> is 0 when the cloud saw no gap.</summary>
        public bool ReadAck(byte[] payload, out long seq, out long gap)
        {
            seq = -1;
            gap = 0;
            if (!Begin(payload))
            {
                return false;
            }

            int m;
            while ((m = NextPayloadMember()) > 0)
            {
                if (_r.TextEquals("seq"))
                {
                    if (!Int(0, uint.MaxValue, "seq", out seq))
                    {
                        return false;
                    }
                }
                else if (_r.TextEquals("gap"))
                {
                    if (!Int(1, uint.MaxValue, "gap", out gap))
                    {
                        return false;
                    }
                }
                else if (!SkipMember())
                {
                    return false;
                }
            }

            return m == 0 && FinishPayload() && Require(seq >= 0, "seq");
        }

        /// <summary>Reads a balance message into <paramref name="into"/> (refused when it holds more cards than fit).</summary>
        public bool ReadBalances(byte[] payload, BalanceBatch into)
        {
            into.Clear();
            if (!Begin(payload))
            {
                return false;
            }

            bool cards = false;
            bool hasFrom = false;
            bool hasEnd = false;
            int m;
            while ((m = NextPayloadMember()) > 0)
            {
                if (_r.TextEquals("from"))
                {
                    long from;
                    if (!Int(0, long.MaxValue, "from", out from))
                    {
                        return false;
                    }

                    into.From = from;
                    hasFrom = true;
                }
                else if (_r.TextEquals("more"))
                {
                    long more;
                    if (!Int(0, 1, "more", out more))
                    {
                        return false;
                    }

                    into.More = more == 1;
                }
                else if (_r.TextEquals("end"))
                {
                    long end;
                    if (!Int(1, long.MaxValue, "end", out end))
                    {
                        return false;
                    }

                    into.End = end;
                    hasEnd = true;
                }
                else if (_r.TextEquals("cards"))
                {
                    if (_r.Read() != JsonToken.BeginArray)
                    {
                        return Fail("cards must be an array");
                    }

                    while (_r.Read() != JsonToken.EndArray)
                    {
                        if (_r.Token != JsonToken.BeginObject)
                        {
                            return Fail("a card must be an object");
                        }

                        if (into.Count >= into.Capacity)
                        {
                            return Fail("too many cards in one message");
                        }

                        if (!ReadCard(into.At(into.Count)))
                        {
                            return false;
                        }

                        into.Count++;
                    }

                    cards = true;
                }
                else if (!SkipMember())
                {
                    return false;
                }
            }

            return m == 0 && FinishPayload() && Require(cards, "cards")
                && Require(hasFrom, "from") && Require(hasEnd, "end") && (into.From < into.End || Fail("from must be below end"));
        }

        /// <summary>Reads a blocked-card list: account keys into <paramref name="keys"/>.</summary>
        public bool ReadBlocked(byte[] payload, ulong[] keys, out int count, out long listVersion)
        {
            count = 0;
            listVersion = -1;
            if (!Begin(payload))
            {
                return false;
            }

            bool uids = false;
            int m;
            while ((m = NextPayloadMember()) > 0)
            {
                if (_r.TextEquals("ver"))
                {
                    if (!Int(1, long.MaxValue, "ver", out listVersion))
                    {
                        return false;
                    }
                }
                else if (_r.TextEquals("uids"))
                {
                    if (_r.Read() != JsonToken.BeginArray)
                    {
                        return Fail("uids must be an array");
                    }

                    while (_r.Read() != JsonToken.EndArray)
                    {
                        if (_r.Token != JsonToken.String)
                        {
                            return Fail(_r.Token == JsonToken.Error ? _r.Error : "a uid must be a string");
                        }

                        if (count >= keys.Length)
                        {
                            return Fail("blocked list too long");
                        }

                        ulong key = UidKey();
                        if (key == 0)
                        {
                            return Fail("uid must be 8, 14 or 20 hex digits");
                        }

                        keys[count] = key;
                        count++;
                    }

                    uids = true;
                }
                else if (!SkipMember())
                {
                    return false;
                }
            }

            return m == 0 && FinishPayload() && Require(listVersion > 0, "ver") && Require(uids, "uids");
        }

        /// <summary>Reads earn rules and a catalogue; the objects are built only when every value is valid.</summary>
        public bool ReadConfig(byte[] payload, out long configVersion, out EarnRules rules, out VoucherCatalog catalog)
        {
            configVersion = -1;
            rules = null;
            catalog = null;
            if (!Begin(payload))
            {
                return false;
            }

            int m;
            while ((m = NextPayloadMember()) > 0)
            {
                if (_r.TextEquals("ver"))
                {
                    if (!Int(1, long.MaxValue, "ver", out configVersion))
                    {
                        return false;
                    }
                }
                else if (_r.TextEquals("rules"))
                {
                    if (!ReadRules(out rules))
                    {
                        return false;
                    }
                }
                else if (_r.TextEquals("vouchers"))
                {
                    if (!ReadVouchers(out catalog))
                    {
                        return false;
                    }
                }
                else if (!SkipMember())
                {
                    return false;
                }
            }

            return m == 0 && FinishPayload() && Require(configVersion > 0, "ver")
                && Require(rules != null, "rules") && Require(catalog != null, "vouchers");
        }

        /// <summary>Reads a transaction batch (the cloud side of the contract, used by core tests and tools).</summary>
        public bool ReadBatch(byte[] payload, Transaction[] into, out int count, out string terminalId)
        {
            count = 0;
            terminalId = null;
            if (!Begin(payload))
            {
                return false;
            }

            bool tx = false;
            int m;
            while ((m = NextPayloadMember()) > 0)
            {
                if (_r.TextEquals("tid"))
                {
                    if (!Str("tid", out terminalId))
                    {
                        return false;
                    }
                }
                else if (_r.TextEquals("tx"))
                {
                    if (_r.Read() != JsonToken.BeginArray)
                    {
                        return Fail("tx must be an array");
                    }

                    while (_r.Read() != JsonToken.EndArray)
                    {
                        if (_r.Token != JsonToken.BeginObject)
                        {
                            return Fail("a transaction must be an object");
                        }

                        if (count >= into.Length)
                        {
                            return Fail("too many transactions in one batch");
                        }

                        if (!ReadTransaction(into[count]))
                        {
                            return false;
                        }

                        count++;
                    }

                    tx = true;
                }
                else if (!SkipMember())
                {
                    return false;
                }
            }

            return m == 0 && FinishPayload() && Require(terminalId != null, "tid") && Require(tx, "tx");
        }

        private bool ReadTransaction(Transaction t)
        {
            t.Clear();
            int seen = 0;
            int m;
            long v;
            while ((m = NextMember()) > 0)
            {
                if (_r.TextEquals("uid"))
                {
                    if (_r.Read() != JsonToken.String)
                    {
                        return Fail("uid must be a string");
                    }

                    if (_r.TextLength > 0)
                    {
                        int n = UidBytes();
                        if (n == 0)
                        {
                            return Fail("uid must be 8, 14 or 20 hex digits");
                        }

                        t.Uid.Set(_uid, 0, n);
                    }

                    seen |= 1;
                    continue;
                }

                if (_r.TextEquals("sig"))
                {
                    if (_r.Read() != JsonToken.String)
                    {
                        return Fail("sig must be a string");
                    }

                    if (!EvidenceBytes(t.Evidence))
                    {
                        return Fail("sig must be 64 hex digits");
                    }

                    seen |= 4096;
                    continue;
                }

                int bit;
                long min = int.MinValue;
                long max = int.MaxValue;
                if (_r.TextEquals("seq"))
                {
                    bit = 2;
                    min = 1;
                    max = uint.MaxValue;
                }
                else if (_r.TextEquals("k"))
                {
                    bit = 4;
                    min = 1;
                    max = (int)TransactionKind.CardEvidence;
                }
                else if (_r.TextEquals("ts"))
                {
                    bit = 8;
                    min = 0;
                    max = uint.MaxValue;
                }
                else if (_r.TextEquals("amt"))
                {
                    bit = 16;
                }
                else if (_r.TextEquals("cat"))
                {
                    bit = 32;
                    min = 0;
                    max = 255;
                }
                else if (_r.TextEquals("pts"))
                {
                    bit = 64;
                }
                else if (_r.TextEquals("vch"))
                {
                    bit = 128;
                    min = 0;
                    max = ushort.MaxValue;
                }
                else if (_r.TextEquals("disc"))
                {
                    bit = 256;
                }
                else if (_r.TextEquals("ref"))
                {
                    bit = 512;
                    min = 0;
                    max = uint.MaxValue;
                }
                else if (_r.TextEquals("ctr"))
                {
                    bit = 1024;
                    min = 0;
                    max = uint.MaxValue;
                }
                else if (_r.TextEquals("fl"))
                {
                    bit = 2048;
                    min = 0;
                    max = 255;
                }
                else
                {
                    if (!SkipMember())
                    {
                        return false;
                    }

                    continue;
                }

                if (!Int(min, max, "transaction field", out v))
                {
                    return false;
                }

                seen |= bit;
                switch (bit)
                {
                    case 2:
                        t.Sequence = (uint)v;
                        break;
                    case 4:
                        t.Kind = (TransactionKind)v;
                        break;
                    case 8:
                        t.Timestamp = (uint)v;
                        break;
                    case 16:
                        t.AmountMinor = (int)v;
                        break;
                    case 32:
                        t.Category = (byte)v;
                        break;
                    case 64:
                        t.Points = (int)v;
                        break;
                    case 128:
                        t.VoucherId = (ushort)v;
                        break;
                    case 256:
                        t.DiscountMinor = (int)v;
                        break;
                    case 512:
                        t.Reference = (uint)v;
                        break;
                    case 1024:
                        t.CardCounter = (uint)v;
                        break;
                    default:
                        t.Flags = (byte)v;
                        break;
                }
            }

            if (m < 0)
            {
                return false;
            }

            if (!Require((seen & 4095) == 4095, "every transaction field"))
            {
                return false;
            }

            if (t.Kind == TransactionKind.CardEvidence)
            {
                return Require((seen & 4096) != 0, "sig") && (t.Uid.Length == TransactionCodec.EvidenceUidLength || Fail("card evidence needs a 14-digit uid"));
            }

            return (seen & 4096) == 0 || Fail("sig is only for card evidence");
        }

        /// <summary>Parses the current string as 32 bytes of hex into <paramref name="into"/>.</summary>
        private bool EvidenceBytes(byte[] into)
        {
            if (_r.TextLength != Transaction.EvidenceLength * 2)
            {
                return false;
            }

            byte[] text = _sigHex;
            _r.CopyText(text, 0);
            for (int i = 0; i < Transaction.EvidenceLength; i++)
            {
                int hi = Nibble(text[i * 2]);
                int lo = Nibble(text[(i * 2) + 1]);
                if (hi < 0 || lo < 0)
                {
                    return false;
                }

                into[i] = (byte)((hi << 4) | lo);
            }

            return true;
        }

        private bool ReadCard(CardBalance card)
        {
            bool uid = false;
            bool ver = false;
            bool oth = false;
            bool vu = false;
            long v;
            int m;
            while ((m = NextMember()) > 0)
            {
                if (_r.TextEquals("uid"))
                {
                    if (_r.Read() != JsonToken.String)
                    {
                        return Fail("uid must be a string");
                    }

                    ulong key = UidKey();
                    if (key == 0)
                    {
                        return Fail("uid must be 8, 14 or 20 hex digits");
                    }

                    card.Key = key;
                    uid = true;
                }
                else if (_r.TextEquals("ver"))
                {
                    if (!Int(1, long.MaxValue, "ver", out v))
                    {
                        return false;
                    }

                    card.Version = v;
                    ver = true;
                }
                else if (_r.TextEquals("oth"))
                {
                    if (!Int(int.MinValue, int.MaxValue, "oth", out v))
                    {
                        return false;
                    }

                    card.OtherPoints = (int)v;
                    oth = true;
                }
                else if (_r.TextEquals("vu"))
                {
                    if (!Int(0, ushort.MaxValue, "vu", out v))
                    {
                        return false;
                    }

                    card.OtherVouchers = (ushort)v;
                    vu = true;
                }
                else if (!SkipMember())
                {
                    return false;
                }
            }

            return m == 0 && Require(uid, "uid") && Require(ver, "ver") && Require(oth, "oth") && Require(vu, "vu");
        }

        private bool ReadRules(out EarnRules rules)
        {
            rules = null;
            if (_r.Read() != JsonToken.BeginObject)
            {
                return Fail("rules must be an object");
            }

            long ppu = -1;
            long mpu = -1;
            long rnd = -1;
            long min = -1;
            ArrayList names = null;
            ArrayList percents = null;
            ArrayList promos = null;
            int m;
            while ((m = NextMember()) > 0)
            {
                if (_r.TextEquals("ppu"))
                {
                    if (!Int(0, 1000000, "ppu", out ppu))
                    {
                        return false;
                    }
                }
                else if (_r.TextEquals("mpu"))
                {
                    if (!Int(1, 1000000, "mpu", out mpu))
                    {
                        return false;
                    }
                }
                else if (_r.TextEquals("rnd"))
                {
                    if (!Int(0, 2, "rnd", out rnd))
                    {
                        return false;
                    }
                }
                else if (_r.TextEquals("min"))
                {
                    if (!Int(0, int.MaxValue, "min", out min))
                    {
                        return false;
                    }
                }
                else if (_r.TextEquals("cats"))
                {
                    names = new ArrayList();
                    if (!ReadArray(names, true, 0, 0, MaxCategories, "cats"))
                    {
                        return false;
                    }
                }
                else if (_r.TextEquals("pct"))
                {
                    percents = new ArrayList();
                    if (!ReadArray(percents, false, 0, 10000, MaxCategories, "pct"))
                    {
                        return false;
                    }
                }
                else if (_r.TextEquals("promos"))
                {
                    promos = new ArrayList();
                    if (!ReadPromotions(promos))
                    {
                        return false;
                    }
                }
                else if (!SkipMember())
                {
                    return false;
                }
            }

            if (m < 0 || !Require(ppu >= 0, "ppu") || !Require(mpu > 0, "mpu") || !Require(rnd >= 0, "rnd")
                || !Require(min >= 0, "min") || !Require(names != null, "cats") || !Require(percents != null, "pct"))
            {
                return false;
            }

            if (names.Count == 0 || names.Count != percents.Count)
            {
                return Fail("cats and pct must have the same, non-zero length");
            }

            string[] categoryNames = new string[names.Count];
            int[] categoryPercent = new int[names.Count];
            for (int i = 0; i < categoryNames.Length; i++)
            {
                categoryNames[i] = (string)names[i];
                categoryPercent[i] = (int)(long)percents[i];
            }

            Promotion[] promotions = new Promotion[promos == null ? 0 : promos.Count];
            for (int i = 0; i < promotions.Length; i++)
            {
                promotions[i] = (Promotion)promos[i];
            }

            rules = new EarnRules((int)ppu, (int)mpu, (Rounding)(byte)rnd, (int)min, categoryNames, categoryPercent, promotions);
            return true;
        }

        private bool ReadPromotions(ArrayList into)
        {
            if (_r.Read() != JsonToken.BeginArray)
            {
                return Fail("promos must be an array");
            }

            while (_r.Read() != JsonToken.EndArray)
            {
                if (_r.Token != JsonToken.BeginObject)
                {
                    return Fail("a promotion must be an object");
                }

                if (into.Count >= MaxPromotions)
                {
                    return Fail("too many promotions");
                }

                long from = -1;
                long to = -1;
                long pct = -1;
                long cat = -2;
                int m;
                while ((m = NextMember()) > 0)
                {
                    bool ok;
                    if (_r.TextEquals("from"))
                    {
                        ok = Int(0, uint.MaxValue, "from", out from);
                    }
                    else if (_r.TextEquals("to"))
                    {
                        ok = Int(0, uint.MaxValue, "to", out to);
                    }
                    else if (_r.TextEquals("pct"))
                    {
                        ok = Int(0, 10000, "pct", out pct);
                    }
                    else if (_r.TextEquals("cat"))
                    {
                        ok = Int(-1, MaxCategories - 1, "cat", out cat);
                    }
                    else
                    {
                        ok = SkipMember();
                    }

                    if (!ok)
                    {
                        return false;
                    }
                }

                if (m < 0 || !Require(from >= 0, "from") || !Require(to >= 0, "to") || !Require(pct >= 0, "pct") || !Require(cat >= -1, "cat"))
                {
                    return false;
                }

                into.Add(new Promotion((uint)from, (uint)to, (int)pct, (int)cat));
            }

            return true;
        }

        private bool ReadVouchers(out VoucherCatalog catalog)
        {
            catalog = null;
            if (_r.Read() != JsonToken.BeginArray)
            {
                return Fail("vouchers must be an array");
            }

            ArrayList list = new ArrayList();
            while (_r.Read() != JsonToken.EndArray)
            {
                if (_r.Token != JsonToken.BeginObject)
                {
                    return Fail("a voucher must be an object");
                }

                if (list.Count >= VoucherCatalog.MaxEntries)
                {
                    return Fail("too many vouchers");
                }

                long id = -1;
                string name = null;
                long cost = -1;
                long kind = -1;
                long value = -1;
                long expires = -1;
                int m;
                while ((m = NextMember()) > 0)
                {
                    bool ok;
                    if (_r.TextEquals("id"))
                    {
                        ok = Int(1, ushort.MaxValue, "id", out id);
                    }
                    else if (_r.TextEquals("name"))
                    {
                        ok = Str("name", out name);
                    }
                    else if (_r.TextEquals("cost"))
                    {
                        ok = Int(1, int.MaxValue, "cost", out cost);
                    }
                    else if (_r.TextEquals("kind"))
                    {
                        ok = Int(0, 1, "kind", out kind);
                    }
                    else if (_r.TextEquals("val"))
                    {
                        ok = Int(1, int.MaxValue, "val", out value);
                    }
                    else if (_r.TextEquals("exp"))
                    {
                        ok = Int(0, uint.MaxValue, "exp", out expires);
                    }
                    else
                    {
                        ok = SkipMember();
                    }

                    if (!ok)
                    {
                        return false;
                    }
                }

                if (m < 0 || !Require(id > 0, "id") || !Require(name != null, "name") || !Require(cost > 0, "cost")
                    || !Require(kind >= 0, "kind") || !Require(value > 0, "val") || !Require(expires >= 0, "exp"))
                {
                    return false;
                }

                if (kind == (long)VoucherKind.Percent && value > 100)
                {
                    return Fail("a percent voucher is at most 100");
                }

                list.Add(new Voucher((ushort)id, name, (int)cost, (VoucherKind)(byte)kind, (int)value, (uint)expires));
            }

            Voucher[] vouchers = new Voucher[list.Count];
            for (int i = 0; i < vouchers.Length; i++)
            {
                vouchers[i] = (Voucher)list[i];
            }

            catalog = new VoucherCatalog(vouchers);
            return true;
        }

        /// <summary>Reads an array of strings (boxed) or integers (boxed longs in [min, max]).</summary>
        private bool ReadArray(ArrayList into, bool strings, long min, long max, int maxCount, string field)
        {
            if (_r.Read() != JsonToken.BeginArray)
            {
                return Fail(field + " must be an array");
            }

            while (_r.Read() != JsonToken.EndArray)
            {
                if (into.Count >= maxCount)
                {
                    return Fail(field + " has too many entries");
                }

                if (strings)
                {
                    if (_r.Token != JsonToken.String)
                    {
                        return Fail(_r.Token == JsonToken.Error ? _r.Error : field + " must hold strings");
                    }

                    into.Add(_r.GetString());
                }
                else
                {
                    if (_r.Token != JsonToken.Number)
                    {
                        return Fail(_r.Token == JsonToken.Error ? _r.Error : field + " must hold integers");
                    }

                    if (_r.Number < min || _r.Number > max)
                    {
                        return Fail(field + " out of range");
                    }

                    into.Add(_r.Number);
                }
            }

            return true;
        }

        private bool Begin(byte[] payload)
        {
            Error = null;
            _versionSeen = false;
            if (payload == null)
            {
                return Fail("empty payload");
            }

            _r.Reset(payload, 0, payload.Length);
            if (_r.Read() != JsonToken.BeginObject)
            {
                return Fail(_r.Token == JsonToken.Error ? _r.Error : "payload must be a JSON object");
            }

            return true;
        }

        /// <summary>
        /// Like <see cref="NextMember"/> for a payload's top-level object, taking the payload
        /// version "v" itself, so every reader checks it the same way (see <see cref="FinishPayload"/>).
        /// </summary>
        private int NextPayloadMember()
        {
            int m;
            while ((m = NextMember()) > 0 && _r.TextEquals("v"))
            {
                if (!ReadVersion())
                {
                    return -1;
                }

                _versionSeen = true;
            }

            return m;
        }

        /// <summary>The end of a payload: nothing after the object, and a version member was there.</summary>
        private bool FinishPayload()
        {
            return Finish() && Require(_versionSeen, "v");
        }

        /// <summary>1 when a member name was read, 0 at the end of the object, -1 on an error.</summary>
        private int NextMember()
        {
            JsonToken t = _r.Read();
            if (t == JsonToken.Name)
            {
                return 1;
            }

            if (t == JsonToken.EndObject)
            {
                return 0;
            }

            Fail(t == JsonToken.Error ? _r.Error : "expected a member");
            return -1;
        }

        private bool SkipMember()
        {
            if (!_r.Skip())
            {
                return Fail(_r.Error ?? "malformed value");
            }

            return true;
        }

        private bool ReadVersion()
        {
            long v;
            if (!Int(0, int.MaxValue, "v", out v))
            {
                return false;
            }

            return v == Version || Fail("unsupported payload version " + v.ToString());
        }

        private bool Int(long min, long max, string field, out long value)
        {
            value = 0;
            JsonToken t = _r.Read();
            if (t != JsonToken.Number)
            {
                return Fail(t == JsonToken.Error ? _r.Error : field + " must be an integer");
            }

            if (_r.Number < min || _r.Number > max)
            {
                return Fail(field + " out of range");
            }

            value = _r.Number;
            return true;
        }

        private bool Str(string field, out string value)
        {
            value = null;
            JsonToken t = _r.Read();
            if (t != JsonToken.String)
            {
                return Fail(t == JsonToken.Error ? _r.Error : field + " must be a string");
            }

            value = _r.GetString();
            return true;
        }

        private bool Finish()
        {
            if (_r.Read() != JsonToken.End)
            {
                return Fail(_r.Token == JsonToken.Error ? _r.Error : "trailing data");
            }

            return true;
        }

        private bool Require(bool present, string field)
        {
            return present || Fail("missing or invalid " + field);
        }

        private bool Fail(string reason)
        {
            if (Error == null)
            {
                Error = reason;
            }

            return false;
        }

        /// <summary>Parses the current string as a UID into the scratch buffer; returns its length or 0.</summary>
        private int UidBytes()
        {
            int chars = _r.TextLength;
            if (chars != 8 && chars != 14 && chars != 20)
            {
                return 0;
            }

            byte[] text = _hex;
            _r.CopyText(text, 0);
            for (int i = 0; i < chars / 2; i++)
            {
                int hi = Nibble(text[i * 2]);
                int lo = Nibble(text[(i * 2) + 1]);
                if (hi < 0 || lo < 0)
                {
                    return 0;
                }

                _uid[i] = (byte)((hi << 4) | lo);
            }

            return chars / 2;
        }

        private ulong UidKey()
        {
            int n = UidBytes();
            return n == 0 ? 0UL : CardUid.KeyOf(_uid, 0, n);
        }

        private static int Nibble(byte c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            return -1;
        }
    }
}
