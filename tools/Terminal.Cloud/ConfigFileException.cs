using System;

namespace Terminal.Cloud
{
    /// <summary>A configuration file was refused; <see cref="Exception.Message"/> names the field (e.g. <c>vouchers[1].value</c>).</summary>
    public sealed class ConfigFileException : Exception
    {
        /// <summary>Creates the exception for <paramref name="field"/>.</summary>
        public ConfigFileException(string field, string problem)
            : base(field + ": " + problem)
        {
            Field = field;
        }

        /// <summary>Path of the offending field in the file.</summary>
        public string Field { get; }
    }
}
