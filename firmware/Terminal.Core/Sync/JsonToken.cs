namespace Terminal.Core.Sync
{
    /// <summary>What <see cref="JsonReader.Read"/> found.</summary>
    public enum JsonToken : byte
    {
        /// <summary>Nothing read yet.</summary>
        None = 0,

        /// <summary><c>{</c></summary>
        BeginObject = 1,

        /// <summary><c>}</c></summary>
        EndObject = 2,

        /// <summary><c>[</c></summary>
        BeginArray = 3,

        /// <summary><c>]</c></summary>
        EndArray = 4,

        /// <summary>A member name (the string before a colon).</summary>
        Name = 5,

        /// <summary>A string value.</summary>
        String = 6,

        /// <summary>An integer value (fractions and exponents are refused).</summary>
        Number = 7,

        /// <summary><c>true</c> or <c>false</c>.</summary>
        Bool = 8,

        /// <summary><c>null</c></summary>
        Null = 9,

        /// <summary>The document ended cleanly.</summary>
        End = 10,

        /// <summary>The input is not acceptable; <see cref="JsonReader.Error"/> says why.</summary>
        Error = 11,
    }
}
