using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Terminal.Core.Rules;
using Terminal.Core.Sync;

namespace Terminal.Cloud
{
    /// <summary>
    /// The human-written configuration file of the <c>config</c> command (docs/sync.md,
    /// "Pushing a configuration") and its translation to the wire payload. Validation names the
    /// field; the objects are then built with the terminal's own constructors, the payload is
    /// written with the terminal's own <see cref="SyncCodec.WriteConfig"/> and read back with
    /// <see cref="SyncCodec.ReadConfig"/> before anything is stored or published.
    /// </summary>
    public static partial class ConfigFile
    {
        private static readonly JsonDocumentOptions ReaderOptions = new()
        {
            AllowTrailingCommas = false,
            CommentHandling = JsonCommentHandling.Skip,
            MaxDepth = 8,
        };

        /// <summary>Largest version the size check assumes (more digits than any real version).</summary>
        private const long WorstCaseVersion = 999_999_999_999;

        /// <summary>Parses and validates a file's text; throws <see cref="ConfigFileException"/> naming the field.</summary>
        public static (EarnRules Rules, VoucherCatalog Catalog) Parse(string json)
        {
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(json, ReaderOptions);
            }
            catch (JsonException e)
            {
                throw new ConfigFileException("(file)", "not valid JSON at line " + (e.LineNumber + 1) + ": " + e.Message);
            }

            using (doc)
            {
                JsonElement root = Object(doc.RootElement, "(file)");
                Known(root, "(file)", "rules", "vouchers", "version");
                EarnRules rules = Rules(Required(root, "rules", "(file)"));
                VoucherCatalog catalog = Vouchers(Required(root, "vouchers", "(file)"));
                Payload(WorstCaseVersion, rules, catalog);
                return (rules, catalog);
            }
        }

        /// <summary>Writes the wire payload with the terminal's codec and checks that the terminal accepts it.</summary>
        public static byte[] Payload(long version, EarnRules rules, VoucherCatalog catalog)
        {
            int limit = new SyncOptions("t", "t", "t").MaxConfigBytes;
            JsonWriter w = new(limit + 1);
            SyncCodec.WriteConfig(w, version, rules, catalog);
            if (w.Overflow || w.Length > limit)
            {
                throw new ConfigFileException("(file)", "the payload would exceed the terminal's " + limit + "-byte limit: shorten names or remove entries");
            }

            byte[] payload = w.ToArray();
            SyncCodec check = new();
            if (!check.ReadConfig(payload, out long v, out _, out _) || v != version)
            {
                throw new ConfigFileException("(file)", "a terminal would refuse the payload: " + check.Error);
            }

            return payload;
        }

        /// <summary>Reads a stored wire payload back (for <c>--show</c>); throws <see cref="ConfigFileException"/> when a terminal would refuse it.</summary>
        public static (long Version, EarnRules Rules, VoucherCatalog Catalog) FromPayload(byte[] payload)
        {
            SyncCodec codec = new();
            if (!codec.ReadConfig(payload, out long version, out EarnRules rules, out VoucherCatalog catalog))
            {
                throw new ConfigFileException("(stored payload)", codec.Error);
            }

            return (version, rules, catalog);
        }

        /// <summary>Writes rules and catalogue in the file format (what <c>--show</c> prints; it can be edited and pushed again).</summary>
        public static string ToFile(long version, EarnRules rules, VoucherCatalog catalog)
        {
            using MemoryStream stream = new();
            using (Utf8JsonWriter w = new(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                w.WriteStartObject();
                w.WriteNumber("version", version);
                w.WriteStartObject("rules");
                w.WriteNumber("pointsPerUnit", rules.PointsPerUnit);
                w.WriteNumber("minorPerUnit", rules.MinorPerUnit);
                w.WriteString("rounding", RoundingName(rules.Rounding));
                w.WriteNumber("minimumSpendMinor", rules.MinimumSpendMinor);
                w.WriteStartArray("categories");
                for (int i = 0; i < rules.CategoryCount; i++)
                {
                    w.WriteStartObject();
                    w.WriteString("name", rules.CategoryNames[i]);
                    w.WriteNumber("multiplierPercent", rules.CategoryPercent[i]);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartArray("promotions");
                foreach (Promotion p in rules.Promotions)
                {
                    w.WriteStartObject();
                    w.WriteString("from", Date(p.StartUnix));
                    w.WriteString("to", Date(p.EndUnix));
                    w.WriteNumber("multiplierPercent", p.MultiplierPercent);
                    w.WriteString("category", p.Category == Promotion.AllCategories || p.Category >= rules.CategoryCount ? "all" : rules.CategoryNames[p.Category]);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteStartArray("vouchers");
                for (int i = 0; i < catalog.Count; i++)
                {
                    Voucher v = catalog.At(i);
                    w.WriteStartObject();
                    w.WriteNumber("id", v.Id);
                    w.WriteString("name", v.Name);
                    w.WriteNumber("cost", v.CostPoints);
                    w.WriteString("type", v.Kind == VoucherKind.Percent ? "percent" : "fixed");
                    w.WriteNumber("value", v.Value);
                    if (v.ExpiresUnix == 0)
                    {
                        w.WriteNull("expires");
                    }
                    else
                    {
                        w.WriteString("expires", Date(v.ExpiresUnix));
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            return Encoding.UTF8.GetString(stream.ToArray());
        }

        private static EarnRules Rules(JsonElement e)
        {
            const string at = "rules";
            Object(e, at);
            Known(e, at, "pointsPerUnit", "minorPerUnit", "rounding", "minimumSpendMinor", "categories", "promotions");
            int ppu = Int(e, "pointsPerUnit", at, 0, 1_000_000);
            int mpu = Int(e, "minorPerUnit", at, 1, 1_000_000);
            string rnd = Str(e, "rounding", at, 16);
            Rounding rounding = rnd.ToLowerInvariant() switch
            {
                "down" => Rounding.Down,
                "halfup" => Rounding.HalfUp,
                "up" => Rounding.Up,
                _ => throw new ConfigFileException(at + ".rounding", "unknown rounding \"" + rnd + "\" (use down, halfUp or up)"),
            };
            int min = Int(e, "minimumSpendMinor", at, 0, int.MaxValue);

            JsonElement cats = Array(Required(e, "categories", at), at + ".categories", 1, SyncCodec.MaxCategories);
            List<string> names = new();
            List<int> percents = new();
            int i = 0;
            foreach (JsonElement c in cats.EnumerateArray())
            {
                string ca = at + ".categories[" + i + "]";
                Object(c, ca);
                Known(c, ca, "name", "multiplierPercent");
                string name = Str(c, "name", ca, SyncCodec.MaxStringBytes);
                if (names.Exists(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)))
                {
                    throw new ConfigFileException(ca + ".name", "duplicate category \"" + name + "\"");
                }

                names.Add(name);
                percents.Add(Int(c, "multiplierPercent", ca, 0, 10_000));
                i++;
            }

            List<Promotion> promotions = new();
            if (e.TryGetProperty("promotions", out JsonElement promos) && promos.ValueKind != JsonValueKind.Null)
            {
                Array(promos, at + ".promotions", 0, SyncCodec.MaxPromotions);
                i = 0;
                foreach (JsonElement p in promos.EnumerateArray())
                {
                    string pa = at + ".promotions[" + i + "]";
                    Object(p, pa);
                    Known(p, pa, "from", "to", "multiplierPercent", "category");
                    uint from = Time(Required(p, "from", pa), pa + ".from");
                    uint to = Time(Required(p, "to", pa), pa + ".to");
                    if (to <= from)
                    {
                        throw new ConfigFileException(pa + ".to", "must be after from");
                    }

                    int pct = Int(p, "multiplierPercent", pa, 0, 10_000);
                    int category = Promotion.AllCategories;
                    if (p.TryGetProperty("category", out JsonElement ce) && ce.ValueKind != JsonValueKind.Null)
                    {
                        string cn = Str(p, "category", pa, SyncCodec.MaxStringBytes);
                        if (!cn.Equals("all", StringComparison.OrdinalIgnoreCase))
                        {
                            category = names.FindIndex(n => string.Equals(n, cn, StringComparison.OrdinalIgnoreCase));
                            if (category < 0)
                            {
                                throw new ConfigFileException(pa + ".category", "no category named \"" + cn + "\" (use one of rules.categories, or \"all\")");
                            }
                        }
                    }

                    promotions.Add(new Promotion(from, to, pct, category));
                    i++;
                }
            }

            // The terminal's constructor is the last word (it throws on combinations it refuses).
            try
            {
                return new EarnRules(ppu, mpu, rounding, min, names.ToArray(), percents.ToArray(), promotions.ToArray());
            }
            catch (ArgumentException x)
            {
                throw new ConfigFileException(at, x.Message);
            }
        }

        private static VoucherCatalog Vouchers(JsonElement e)
        {
            const string at = "vouchers";
            Array(e, at, 0, VoucherCatalog.MaxEntries);
            List<Voucher> list = new();
            int i = 0;
            foreach (JsonElement v in e.EnumerateArray())
            {
                string va = at + "[" + i + "]";
                Object(v, va);
                Known(v, va, "id", "name", "cost", "type", "value", "expires");
                int id = Int(v, "id", va, 1, ushort.MaxValue);
                if (list.Exists(x => x.Id == id))
                {
                    throw new ConfigFileException(va + ".id", "duplicate voucher id " + id);
                }

                string name = Str(v, "name", va, SyncCodec.MaxStringBytes);
                int cost = Int(v, "cost", va, 1, int.MaxValue);
                string type = Str(v, "type", va, 16);
                VoucherKind kind = type.ToLowerInvariant() switch
                {
                    "fixed" => VoucherKind.FixedAmount,
                    "percent" => VoucherKind.Percent,
                    _ => throw new ConfigFileException(va + ".type", "unknown type \"" + type + "\" (use fixed or percent)"),
                };
                int value = Int(v, "value", va, 1, int.MaxValue);
                if (kind == VoucherKind.Percent && value > 100)
                {
                    throw new ConfigFileException(va + ".value", "a percent voucher is at most 100 (got " + value + ")");
                }

                uint expires = 0;
                if (v.TryGetProperty("expires", out JsonElement x) && x.ValueKind != JsonValueKind.Null)
                {
                    expires = Time(x, va + ".expires");
                }

                try
                {
                    list.Add(new Voucher((ushort)id, name, cost, kind, value, expires));
                }
                catch (ArgumentException ex)
                {
                    throw new ConfigFileException(va, ex.Message);
                }

                i++;
            }

            return new VoucherCatalog(list.ToArray());
        }

        private static JsonElement Object(JsonElement e, string at)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                throw new ConfigFileException(at, "must be an object");
            }

            return e;
        }

        private static JsonElement Array(JsonElement e, string at, int min, int max)
        {
            if (e.ValueKind != JsonValueKind.Array)
            {
                throw new ConfigFileException(at, "must be an array");
            }

            int n = e.GetArrayLength();
            if (n < min || n > max)
            {
                throw new ConfigFileException(at, "must have " + min + " to " + max + " entries (has " + n + ")");
            }

            return e;
        }

        /// <summary>Refuses unknown (usually misspelt) and repeated fields.</summary>
        private static void Known(JsonElement obj, string at, params string[] names)
        {
            HashSet<string> seen = new();
            foreach (JsonProperty p in obj.EnumerateObject())
            {
                string path = at == "(file)" ? p.Name : at + "." + p.Name;
                if (System.Array.IndexOf(names, p.Name) < 0)
                {
                    throw new ConfigFileException(path, "unknown field (expected one of: " + string.Join(", ", names) + ")");
                }

                if (!seen.Add(p.Name))
                {
                    throw new ConfigFileException(path, "appears twice");
                }
            }
        }

        private static JsonElement Required(JsonElement obj, string name, string at)
        {
            string path = at == "(file)" ? name : at + "." + name;
            if (!obj.TryGetProperty(name, out JsonElement e) || e.ValueKind == JsonValueKind.Null)
            {
                throw new ConfigFileException(path, "missing");
            }

            return e;
        }

        private static int Int(JsonElement obj, string name, string at, long min, long max)
        {
            string path = at + "." + name;
            JsonElement e = Required(obj, name, at);
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out long value) || e.GetRawText().AsSpan().IndexOfAny('.', 'e', 'E') >= 0)
            {
                throw new ConfigFileException(path, "must be a whole number");
            }

            if (value < min || value > max)
            {
                throw new ConfigFileException(path, "must be between " + min + " and " + max + " (got " + value + ")");
            }

            return (int)value;
        }

        private static string Str(JsonElement obj, string name, string at, int maxBytes)
        {
            string path = at + "." + name;
            JsonElement e = Required(obj, name, at);
            if (e.ValueKind != JsonValueKind.String)
            {
                throw new ConfigFileException(path, "must be a string");
            }

            string s = e.GetString()!;
            if (s.Trim().Length == 0)
            {
                throw new ConfigFileException(path, "must not be empty");
            }

            if (Encoding.UTF8.GetByteCount(s) > maxBytes)
            {
                throw new ConfigFileException(path, "longer than " + maxBytes + " bytes");
            }

            return s;
        }

        /// <summary>A UTC date (<c>2026-03-01</c> = midnight UTC) or a time with an explicit zone (<c>2026-03-01T08:00:00Z</c>): never local time.</summary>
        private static uint Time(JsonElement e, string path)
        {
            const string hint = "must be a UTC date like \"2026-03-01\" or \"2026-03-01T08:00:00Z\"";
            if (e.ValueKind != JsonValueKind.String)
            {
                throw new ConfigFileException(path, hint);
            }

            string s = e.GetString()!;
            DateTimeOffset t;
            if (DatePattern().IsMatch(s))
            {
                if (!DateTimeOffset.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out t))
                {
                    throw new ConfigFileException(path, hint);
                }
            }
            else if (!ZonedPattern().IsMatch(s) || !DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out t))
            {
                throw new ConfigFileException(path, hint);
            }

            long unix = t.ToUnixTimeSeconds();
            if (unix <= 0 || unix > uint.MaxValue)
            {
                throw new ConfigFileException(path, "out of range (1970-2106)");
            }

            return (uint)unix;
        }

        private static string Date(uint unix)
        {
            DateTime t = DateTimeOffset.FromUnixTimeSeconds(unix).UtcDateTime;
            return t.TimeOfDay == TimeSpan.Zero ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }

        private static string RoundingName(Rounding r) => r switch
        {
            Rounding.HalfUp => "halfUp",
            Rounding.Up => "up",
            _ => "down",
        };

        [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}\z")]
        private static partial Regex DatePattern();

        [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})\z")]
        private static partial Regex ZonedPattern();
    }
}
