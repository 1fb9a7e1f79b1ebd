using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Terminal.Cloud
{
    /// <summary>
    /// The cloud side of the payload contract (docs/sync.md), written independently of the
    /// core's hand-written codec with System.Text.Json so the golden files check that both agree.
    /// Readers refuse with a reason (<see cref="PayloadException"/>); writers are compact and
    /// deterministic.
    /// </summary>
    public static partial class CloudCodec
    {
        /// <summary>Payload format version.</summary>
        public const int Version = 1;

        /// <summary>Most transactions accepted in one batch.</summary>
        public const int MaxBatch = 1000;

        private static readonly JsonWriterOptions WriterOptions = new()
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            Indented = false,
        };

        private static readonly JsonDocumentOptions ReaderOptions = new()
        {
            MaxDepth = 6,
            AllowTrailingCommas = false,
            CommentHandling = JsonCommentHandling.Disallow,
        };

        /// <summary>A decoded transaction batch.</summary>
        public sealed record Batch(string TerminalId, string TenantId, string ShopId, List<TxRow> Rows);

        /// <summary>A decoded status message.</summary>
        public sealed record Status(bool Online, string? TenantId, string? ShopId, long? Last, long? Synced, long? Cursor, string? Firmware, int? Room = null);

        /// <summary>True for terminal, tenant and shop ids (they become topic levels and user names).</summary>
        public static bool IsValidId(string? id) => id != null && IdPattern().IsMatch(id);

        /// <summary>True for a canonical card UID: 8, 14 or 20 upper-case hex digits.</summary>
        public static bool IsValidUid(string? uid) => uid != null && UidPattern().IsMatch(uid);

        /// <summary>Reads a transaction batch; throws <see cref="PayloadException"/> with the reason.</summary>
        public static Batch ReadBatch(ReadOnlySpan<byte> payload)
        {
            using JsonDocument doc = Parse(payload);
            JsonElement root = Root(doc);
            string tid = Id(root, "tid");
            string ten = Id(root, "ten");
            string shop = Id(root, "shop");
            JsonElement tx = Member(root, "tx", JsonValueKind.Array);
            if (tx.GetArrayLength() > MaxBatch)
            {
                throw new PayloadException("more than " + MaxBatch + " transactions in one batch");
            }

            List<TxRow> rows = new(tx.GetArrayLength());
            foreach (JsonElement t in tx.EnumerateArray())
            {
                if (t.ValueKind != JsonValueKind.Object)
                {
                    throw new PayloadException("a transaction must be an object");
                }

                string uid = Member(t, "uid", JsonValueKind.String).GetString()!;
                if (uid.Length != 0 && !IsValidUid(uid))
                {
                    throw new PayloadException("uid must be 8, 14 or 20 upper-case hex digits");
                }

                int kind = (int)Int(t, "k", 1, TxRow.CardEvidenceKind);
                string? sig = null;
                if (t.TryGetProperty("sig", out _))
                {
                    if (kind != TxRow.CardEvidenceKind)
                    {
                        throw new PayloadException("sig is only for card evidence");
                    }

                    sig = Member(t, "sig", JsonValueKind.String).GetString()!;
                    if (!SigPattern().IsMatch(sig))
                    {
                        throw new PayloadException("sig must be 64 upper-case hex digits");
                    }
                }
                else if (kind == TxRow.CardEvidenceKind)
                {
                    throw new PayloadException("missing sig");
                }

                if (kind == TxRow.CardEvidenceKind && uid.Length != 14)
                {
                    throw new PayloadException("card evidence needs a 14-digit uid");
                }

                rows.Add(new TxRow(
                    Int(t, "seq", 1, uint.MaxValue), kind, Int(t, "ts", 0, uint.MaxValue), uid.Length == 0 ? null : uid,
                    (int)Int(t, "amt", int.MinValue, int.MaxValue), (int)Int(t, "cat", 0, 255), (int)Int(t, "pts", int.MinValue, int.MaxValue),
                    (int)Int(t, "vch", 0, ushort.MaxValue), (int)Int(t, "disc", int.MinValue, int.MaxValue), Int(t, "ref", 0, uint.MaxValue),
                    Int(t, "ctr", 0, uint.MaxValue), (int)Int(t, "fl", 0, 255), sig));
            }

            return new Batch(tid, ten, shop, rows);
        }

        /// <summary>Reads a status message (online or the Last Will).</summary>
        public static Status ReadStatus(ReadOnlySpan<byte> payload, string terminalId)
        {
            using JsonDocument doc = Parse(payload);
            JsonElement root = Root(doc);
            if (Id(root, "tid") != terminalId)
            {
                throw new PayloadException("tid does not match the topic");
            }

            JsonElement online = Member(root, "online", JsonValueKind.Undefined);
            if (online.ValueKind != JsonValueKind.True && online.ValueKind != JsonValueKind.False)
            {
                throw new PayloadException("online must be true or false");
            }

            if (online.ValueKind == JsonValueKind.False)
            {
                return new Status(false, null, null, null, null, null, null);
            }

            string fw = Member(root, "fw", JsonValueKind.String).GetString()!;

            // "room": card states the terminal can take now (a resync sends no more); absent = no limit said.
            int? room = root.TryGetProperty("room", out _) ? (int)Int(root, "room", 0, 65535) : null;
            return new Status(true, Id(root, "ten"), Id(root, "shop"), Int(root, "last", 0, uint.MaxValue), Int(root, "synced", 0, uint.MaxValue),
                Int(root, "cur", 0, long.MaxValue), fw.Length > 32 ? fw[..32] : fw, room);
        }

        /// <summary>Reads a configuration payload far enough to check its shape (the terminal checks every value).</summary>
        public static long ReadConfigVersion(ReadOnlySpan<byte> payload)
        {
            using JsonDocument doc = Parse(payload);
            JsonElement root = Root(doc);
            Member(root, "rules", JsonValueKind.Object);
            Member(root, "vouchers", JsonValueKind.Array);
            return Int(root, "ver", 1, long.MaxValue);
        }

        /// <summary>Writes the cumulative acknowledgement.</summary>
        public static byte[] WriteAck(long seq, long gap)
        {
            return Write(w =>
            {
                w.WriteNumber("v", Version);
                w.WriteNumber("seq", seq);
                if (gap > 0)
                {
                    w.WriteNumber("gap", gap);
                }
            });
        }

        /// <summary>
        /// Writes a balance message covering the cloud changes (<paramref name="from"/>, <paramref name="end"/>]:
        /// it must hold the latest state of every card whose change number lies in that range, and no other.
        /// </summary>
        public static byte[] WriteBalances(IEnumerable<CardView> cards, long from, long end, bool more = false)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(from);
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(end, from);
            return Write(w =>
            {
                w.WriteNumber("v", Version);
                w.WriteNumber("from", from);
                w.WriteNumber("end", end);
                if (more)
                {
                    w.WriteNumber("more", 1);
                }

                w.WriteStartArray("cards");
                foreach (CardView c in cards)
                {
                    w.WriteStartObject();
                    w.WriteString("uid", c.Uid);
                    w.WriteNumber("ver", c.Version);
                    w.WriteNumber("oth", c.OtherPoints);
                    w.WriteNumber("vu", c.OtherVouchers);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            });
        }

        /// <summary>Writes the blocked-card list.</summary>
        public static byte[] WriteBlocked(long version, IEnumerable<string> uids)
        {
            return Write(w =>
            {
                w.WriteNumber("v", Version);
                w.WriteNumber("ver", version);
                w.WriteStartArray("uids");
                foreach (string uid in uids)
                {
                    w.WriteStringValue(uid);
                }

                w.WriteEndArray();
            });
        }

        /// <summary>Writes a status message the way a terminal does (used by tools that act as a terminal).</summary>
        public static byte[] WriteStatus(string terminalId, string tenantId, string shopId, long last, long synced, long cursor, long config, long blocked, string firmware, int room = -1)
        {
            return Write(w =>
            {
                w.WriteNumber("v", Version);
                w.WriteString("tid", terminalId);
                w.WriteString("ten", tenantId);
                w.WriteString("shop", shopId);
                w.WriteBoolean("online", true);
                w.WriteNumber("last", last);
                w.WriteNumber("synced", synced);
                w.WriteNumber("cur", cursor);
                if (room >= 0)
                {
                    w.WriteNumber("room", room);
                }

                w.WriteNumber("cfg", config);
                w.WriteNumber("blk", blocked);
                w.WriteString("fw", firmware);
            });
        }

        /// <summary>Writes a transaction batch the way a terminal does (the naive benchmark loop and tests use it).</summary>
        public static byte[] WriteBatch(string terminalId, string tenantId, string shopId, IEnumerable<TxRow> rows)
        {
            return Write(w =>
            {
                w.WriteNumber("v", Version);
                w.WriteString("tid", terminalId);
                w.WriteString("ten", tenantId);
                w.WriteString("shop", shopId);
                w.WriteStartArray("tx");
                foreach (TxRow r in rows)
                {
                    w.WriteStartObject();
                    w.WriteNumber("seq", r.Seq);
                    w.WriteNumber("k", r.Kind);
                    w.WriteNumber("ts", r.Ts);
                    w.WriteString("uid", r.Uid ?? string.Empty);
                    w.WriteNumber("amt", r.Amount);
                    w.WriteNumber("cat", r.Category);
                    w.WriteNumber("pts", r.Points);
                    w.WriteNumber("vch", r.Voucher);
                    w.WriteNumber("disc", r.Discount);
                    w.WriteNumber("ref", r.Reference);
                    w.WriteNumber("ctr", r.Counter);
                    w.WriteNumber("fl", r.Flags);
                    if (r.Kind == TxRow.CardEvidenceKind)
                    {
                        w.WriteString("sig", r.Sig ?? string.Empty);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
            });
        }

        private static byte[] Write(Action<Utf8JsonWriter> body)
        {
            ArrayBufferWriter<byte> buffer = new(256);
            using (Utf8JsonWriter w = new(buffer, WriterOptions))
            {
                w.WriteStartObject();
                body(w);
                w.WriteEndObject();
            }

            return buffer.WrittenSpan.ToArray();
        }

        private static JsonDocument Parse(ReadOnlySpan<byte> payload)
        {
            if (payload.Length == 0)
            {
                throw new PayloadException("empty payload");
            }

            try
            {
                return JsonDocument.Parse(payload.ToArray(), ReaderOptions);
            }
            catch (JsonException e)
            {
                throw new PayloadException("not JSON: " + e.Message);
            }
        }

        private static JsonElement Root(JsonDocument doc)
        {
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new PayloadException("payload must be a JSON object");
            }

            long v = Int(root, "v", 0, int.MaxValue);
            if (v != Version)
            {
                throw new PayloadException("unsupported payload version " + v);
            }

            return root;
        }

        private static JsonElement Member(JsonElement obj, string name, JsonValueKind kind)
        {
            if (!obj.TryGetProperty(name, out JsonElement e))
            {
                throw new PayloadException("missing " + name);
            }

            if (kind != JsonValueKind.Undefined && e.ValueKind != kind)
            {
                throw new PayloadException(name + " must be " + kind.ToString().ToLowerInvariant());
            }

            return e;
        }

        private static long Int(JsonElement obj, string name, long min, long max)
        {
            JsonElement e = Member(obj, name, JsonValueKind.Number);
            if (!e.TryGetInt64(out long value))
            {
                throw new PayloadException(name + " must be an integer");
            }

            // TryGetInt64 accepts 1.0 and 1e2 written as integers; the contract does not.
            string raw = e.GetRawText();
            if (raw.AsSpan().IndexOfAny('.', 'e', 'E') >= 0)
            {
                throw new PayloadException(name + " must be an integer");
            }

            if (value < min || value > max)
            {
                throw new PayloadException(name + " out of range");
            }

            return value;
        }

        private static string Id(JsonElement obj, string name)
        {
            string? id = Member(obj, name, JsonValueKind.String).GetString();
            if (!IsValidId(id))
            {
                throw new PayloadException(name + " must be 1-32 of A-Z a-z 0-9 _ -");
            }

            return id!;
        }

        [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
        private static partial Regex IdPattern();

        [GeneratedRegex("^(?:[0-9A-F]{8}|[0-9A-F]{14}|[0-9A-F]{20})$")]
        private static partial Regex UidPattern();

        [GeneratedRegex(@"^[0-9A-F]{64}\z")]
        private static partial Regex SigPattern();
    }
}
