using System;
using System.CommandLine;
using System.IO;
using System.Threading;
using Terminal.Core.Ledger;
using Terminal.Host;
using Terminal.Host.Simulation;
using Terminal.Simulator;

// The terminal simulator: the real portable core with simulated reader, keypad and display.
var dataOption = new Option<DirectoryInfo>("--data")
{
    Description = "Folder for the persistent ledger (created if missing).",
    DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(".data", "terminal")),
};
var scriptOption = new Option<FileInfo?>("--script")
{
    Description = "Run commands from a file ('-' = standard input) instead of the keyboard. Use --script-help for the commands.",
};
var scriptHelpOption = new Option<bool>("--script-help") { Description = "List the script commands." };
var largeOption = new Option<bool>("--large") { Description = "Size the ledger for an 8 MB module (50,000 cards) instead of 4 MB." };

var root = new RootCommand("Loyalty terminal simulator: key in sales, tap cards, redeem vouchers, void.")
{
    dataOption, scriptOption, scriptHelpOption, largeOption,
};

root.SetAction(parse =>
{
    if (parse.GetValue(scriptHelpOption))
    {
        Console.WriteLine(ScriptRunner.Help);
        return 0;
    }

    DirectoryInfo data = parse.GetValue(dataOption)!;
    FileInfo? script = parse.GetValue(scriptOption);
    LedgerOptions options = parse.GetValue(largeOption) ? LedgerOptions.Large() : LedgerOptions.Small();
    bool scripted = script != null || Console.IsInputRedirected;
    TerminalRig rig;
    SteppedClock? stepped = scripted ? new SteppedClock((uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds()) : null;
    try
    {
        rig = new TerminalRig(data.FullName, stepped ?? (Terminal.Core.Ports.IClock)new SystemClock(), options);
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException or LedgerException)
    {
        Console.Error.WriteLine($"simulator: cannot open the ledger in {data.FullName}: {e.Message}");
        return 1;
    }

    int code;
    if (scripted)
    {
        TextReader input = script == null || script.Name == "-" ? Console.In : OpenScript(script);
        var runner = new ScriptRunner(rig, stepped!, Console.Out);
        code = runner.Run(input);
        rig.Shutdown();
        Console.WriteLine($"simulator: {runner.Commands} commands, last sequence {rig.Ledger.LastSequence}, {rig.Ledger.CardCount} cards, ledger in {rig.Store.Root}, exit {code}");
    }
    else
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        code = new InteractiveConsole(rig).Run(cancel.Token);
        rig.Shutdown();
        Console.WriteLine($"simulator: stopped cleanly; last sequence {rig.Ledger.LastSequence}, {rig.Ledger.CardCount} cards, ledger in {rig.Store.Root}");
    }

    return code;
});

return root.Parse(args).Invoke();

static TextReader OpenScript(FileInfo script)
{
    if (!script.Exists)
    {
        Console.Error.WriteLine($"simulator: script {script.FullName} not found");
        Environment.Exit(2);
    }

    return script.OpenText();
}
