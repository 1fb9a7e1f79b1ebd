using Terminal.Insight.Cli;

namespace Terminal.Insight;

/// <summary>Entry point of the insight CLI.</summary>
public static class Program
{
    /// <summary>Runs a command; exit 0 on success, 2 on bad input.</summary>
    public static int Main(string[] args)
    {
        return InsightCli.Run(args, Console.Out, Console.Error);
    }
}
