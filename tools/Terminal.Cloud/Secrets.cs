using System;
using System.Text.RegularExpressions;

namespace Terminal.Cloud
{
    /// <summary>Keeps secrets out of logs and console output.</summary>
    public static partial class Secrets
    {
        /// <summary>A connection string with any password replaced by <c>***</c>.</summary>
        public static string RedactConnection(string connection)
        {
            string redacted = PasswordPart().Replace(connection, m => m.Groups[1].Value + "***");
            return UriPassword().Replace(redacted, m => m.Groups[1].Value + "***@");
        }

        /// <summary>Reads a secret from an environment variable or a file (first line), never from the command line.</summary>
        public static string? Load(string? envName, string? filePath)
        {
            if (!string.IsNullOrEmpty(envName))
            {
                string? value = Environment.GetEnvironmentVariable(envName);
                if (!string.IsNullOrEmpty(value))
                {
                    return value;
                }
            }

            if (!string.IsNullOrEmpty(filePath))
            {
                string text = System.IO.File.ReadAllText(filePath);
                int end = text.IndexOfAny(new[] { '\r', '\n' });
                return end < 0 ? text : text[..end];
            }

            return null;
        }

        [GeneratedRegex(@"((?:password|pwd)\s*=\s*)[^;]*", RegexOptions.IgnoreCase)]
        private static partial Regex PasswordPart();

        [GeneratedRegex(@"(://[^:/@\s]+:)[^@\s]*@")]
        private static partial Regex UriPassword();
    }
}
