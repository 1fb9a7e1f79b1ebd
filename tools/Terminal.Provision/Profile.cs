using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using Terminal.Core.Provisioning;

namespace Terminal.Provision
{
    /// <summary>
    /// A terminal's settings in one JSON file. Keys are the setting names; nested objects are
    /// joined with '.', so {"mqtt": {"user": "x"}} equals {"mqtt.user": "x"}. "ca" names a PEM
    /// file (relative to the profile) or is "" to remove the certificate. Numbers and booleans
    /// are taken as text; null clears a setting.
    /// </summary>
    public sealed class Profile
    {
        private Profile(string path)
        {
            Path = path;
        }

        public string Path { get; }

        /// <summary>Settings in file order.</summary>
        public List<(string Key, string Value)> Values { get; } = new();

        public byte[]? Certificate { get; private set; }

        public string? CertificatePath { get; private set; }

        public bool RemoveCertificate { get; private set; }

        public static Profile Load(string path)
        {
            if (!File.Exists(path))
            {
                throw new ProvisionException(ExitCodes.NoInput, "profile not found: " + path);
            }

            var profile = new Profile(path);
            try
            {
                using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new ProvisionException(ExitCodes.DataError, path + ": the profile must be a JSON object");
                }

                profile.Flatten(doc.RootElement, string.Empty);
            }
            catch (JsonException ex)
            {
                throw new ProvisionException(ExitCodes.DataError, path + ": not valid JSON: " + ex.Message);
            }

            return profile;
        }

        /// <summary>Reads a PEM certificate file, refusing what the terminal would refuse.</summary>
        public static byte[] ReadCertificate(string path)
        {
            if (!File.Exists(path))
            {
                throw new ProvisionException(ExitCodes.NoInput, "certificate not found: " + path);
            }

            byte[] pem = File.ReadAllBytes(path);
            if (pem.Length == 0 || pem.Length > ConfigStore.MaxCertBytes)
            {
                throw new ProvisionException(ExitCodes.DataError, path + ": certificate must be 1-" + ConfigStore.MaxCertBytes + " bytes (is " + pem.Length + ")");
            }

            if (!Encoding.ASCII.GetString(pem, 0, Math.Min(pem.Length, 27)).StartsWith("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            {
                throw new ProvisionException(ExitCodes.DataError, path + ": not a PEM certificate (convert DER with: openssl x509 -inform der -in ca.der -out ca.pem)");
            }

            return pem;
        }

        private void Flatten(JsonElement element, string prefix)
        {
            foreach (JsonProperty p in element.EnumerateObject())
            {
                string key = prefix.Length == 0 ? p.Name : prefix + "." + p.Name;
                switch (p.Value.ValueKind)
                {
                    case JsonValueKind.Object:
                        Flatten(p.Value, key);
                        break;
                    case JsonValueKind.String:
                        Add(key, p.Value.GetString()!);
                        break;
                    case JsonValueKind.Number:
                        Add(key, p.Value.GetRawText());
                        break;
                    case JsonValueKind.True:
                    case JsonValueKind.False:
                        Add(key, p.Value.GetBoolean() ? "true" : "false");
                        break;
                    case JsonValueKind.Null:
                        Add(key, string.Empty);
                        break;
                    default:
                        throw new ProvisionException(ExitCodes.DataError, Path + ": '" + key + "' must be a string, number or object");
                }
            }
        }

        private void Add(string key, string value)
        {
            if (key == SettingKeys.CertificateName)
            {
                if (value.Length == 0)
                {
                    RemoveCertificate = true;
                    return;
                }

                string dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path)) ?? ".";
                CertificatePath = System.IO.Path.IsPathRooted(value) ? value : System.IO.Path.Combine(dir, value);
                Certificate = ReadCertificate(CertificatePath);
                return;
            }

            foreach (var (k, _) in Values)
            {
                if (k == key)
                {
                    throw new ProvisionException(ExitCodes.DataError, Path + ": '" + key + "' appears twice");
                }
            }

            Values.Add((key, value));
        }
    }
}
