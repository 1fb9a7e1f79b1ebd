using System.IO;

namespace Terminal.Provision.Tests
{
    /// <summary>One in-process run of the CLI.</summary>
    public sealed record CliRun(int Exit, string Out, string Err)
    {
        public static CliRun Of(params string[] args)
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int exit = Cli.Run(args, stdout, stderr);
            return new CliRun(exit, stdout.ToString(), stderr.ToString());
        }

        public override string ToString() => "exit " + Exit + "\nstdout:\n" + Out + "\nstderr:\n" + Err;
    }
}
