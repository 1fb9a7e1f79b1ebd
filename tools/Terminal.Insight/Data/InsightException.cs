namespace Terminal.Insight.Data;

/// <summary>
/// Bad input the user can fix (unknown store, empty range, corrupt rows, bad config).
/// The CLI prints the message without a stack trace and writes no output file.
/// </summary>
public sealed class InsightException : Exception
{
    /// <summary>Creates the error with a message meant for the person running the report.</summary>
    public InsightException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with the low-level cause attached.</summary>
    public InsightException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
