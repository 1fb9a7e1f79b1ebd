using System;
using System.CommandLine;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Terminal.Core.Ledger;
using Terminal.Core.Ports;
using Terminal.Host;
using Terminal.Host.Simulation;
using Terminal.Simulator;

// The terminal simulator: the real portable core with simulated reader, keypad and display, an
// embedded MQTT broker and the reference cloud service in-process (or a real broker with --broker).
var dataOption = new Option<DirectoryInfo>("--data")
{
    Description = "Folder for the ledger, the simulated cards and the embedded cloud's database (created if missing).",
    DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(".data", "terminal")),
};
var scriptOption = new Option<FileInfo?>("--script") { Description = "Run commands from a file ('-' = standard input) instead of the keyboard; see --script-help." };
var scriptHelpOption = new Option<bool>("--script-help") { Description = "List the script commands." };
var largeOption = new Option<bool>("--large") { Description = "Size the ledger for an 8 MB module (50,000 cards) instead of 4 MB." };
var uidOnlyOption = new Option<bool>("--uid-only") { Description = "Identify cards by UID alone (4, 7 and 10-byte cards) instead of signed NTAG credentials." };
var brokerOption = new Option<string?>("--broker") { Description = "Sync to a real MQTT broker host:port instead of the embedded one (no in-process cloud)." };
var userOption = new Option<string?>("--broker-user") { Description = "MQTT user name for --broker." };
var passwordOption = new Option<string?>("--broker-password") { Description = "MQTT password for --broker (never printed)." };
var caOption = new Option<FileInfo?>("--broker-ca") { Description = "CA certificate (PEM) to reach --broker over TLS." };
var tenantOption = new Option<string>("--tenant") { Description = "Tenant (retailer) id.", DefaultValueFactory = _ => "demo" };
var shopOption = new Option<string>("--shop") { Description = "Shop id.", DefaultValueFactory = _ => "shop-1" };
var offlineOption = new Option<bool>("--offline") { Description = "No broker and no cloud: the terminal works offline." };
var cloudOption = new Option<bool>("--cloud") { Description = "In --script mode, also start the embedded broker and cloud (interactive mode always does unless --offline or --broker)." };
var serialOption = new Option<string?>("--serial") { Description = "Serve the technician's provisioning protocol on this serial port (e.g. a socat pty)." };

var root = new RootCommand("Loyalty terminal simulator: key in sales, tap cards, redeem vouchers, void; syncs to an embedded cloud.")
{
    dataOption, scriptOption, scriptHelpOption, largeOption, uidOnlyOption, brokerOption, userOption, passwordOption,
    caOption, tenantOption, shopOption, offlineOption, cloudOption, serialOption,
};

root.SetAction(async (parse, cancel) =>
{
    if (parse.GetValue(scriptHelpOption))
    {
        Console.WriteLine(ScriptRunner.Help);
        return 0;
    }

    DirectoryInfo data = parse.GetValue(dataOption)!;
    FileInfo? script = parse.GetValue(scriptOption);
    bool scripted = script != null || Console.IsInputRedirected;
    string? broker = parse.GetValue(brokerOption);
    bool offline = parse.GetValue(offlineOption);
    bool embedded = broker == null && !offline && (!scripted || parse.GetValue(cloudOption));
    if (script != null && script.Name != "-" && !script.Exists)
    {
        Console.Error.WriteLine($"simulator: script {script.FullName} not found");
        return 2;
    }

    string? brokerHost = null;
    int brokerPort = 0;
    if (broker != null && !TryEndpoint(broker, out brokerHost, out brokerPort))
    {
        Console.Error.WriteLine($"simulator: --broker '{broker}' is not host:port (for example 127.0.0.1:1883)");
        return 2;
    }

    SteppedClock? stepped = scripted ? new SteppedClock((uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds()) : null;
    LedgerOptions options = parse.GetValue(largeOption) ? LedgerOptions.Large() : LedgerOptions.Small();
    TerminalRig rig;
    try
    {
        rig = new TerminalRig(data.FullName, stepped ?? (IClock)new SystemClock(), options, secure: !parse.GetValue(uidOnlyOption));
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException or LedgerException)
    {
        Console.Error.WriteLine($"simulator: cannot open the ledger in {data.FullName}: {e.Message}");
        return 1;
    }

    CloudHost? cloud = null;
    try
    {
        string? serial = parse.GetValue(serialOption);
        if (serial != null)
        {
            try
            {
                rig.AttachServicePort(serial);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                Console.Error.WriteLine($"simulator: cannot open serial port {serial}: {e.Message}");
                return 1;
            }
        }

        string tenant = parse.GetValue(tenantOption)!;
        string shop = parse.GetValue(shopOption)!;
        if (brokerHost != null)
        {
            rig.ConnectCloud(brokerHost, brokerPort, parse.GetValue(userOption), parse.GetValue(passwordOption), parse.GetValue(caOption)?.FullName, tenant, shop);
        }
        else if (embedded)
        {
            cloud = await CloudHost.StartAsync(rig.DataDirectory, rig.Wallet.FactoryPublicKey);
            rig.ConnectCloud("127.0.0.1", cloud.BrokerPort, null, null, null, tenant, shop);
        }

        // A terminal provisioned earlier connects to the broker it was given (this runs in Step).
        rig.Step();

        int code;
        if (scripted)
        {
            TextReader input = script == null || script.Name == "-" ? Console.In : script.OpenText();
            var runner = new ScriptRunner(rig, stepped!, Console.Out);
            code = runner.Run(input);
            Console.WriteLine($"simulator: {runner.Commands} commands, last sequence {rig.Ledger.LastSequence}, {rig.Ledger.CardCount} cards, {rig.Ledger.UnsyncedCount} unsynced, data in {rig.DataDirectory}, exit {code}");
        }
        else
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                stop.Cancel();
            };
            code = new InteractiveConsole(rig).Run(stop.Token);
            Console.WriteLine($"simulator: stopped cleanly; last sequence {rig.Ledger.LastSequence}, {rig.Ledger.CardCount} cards, {rig.Ledger.UnsyncedCount} unsynced, data in {rig.DataDirectory}");
        }

        return code;
    }
    finally
    {
        rig.Dispose();
        if (cloud != null)
        {
            await cloud.DisposeAsync();
        }
    }
});

return await root.Parse(args).InvokeAsync();

static bool TryEndpoint(string text, out string host, out int port)
{
    host = string.Empty;
    port = 0;
    int colon = text.LastIndexOf(':');
    if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), out port) || port is <= 0 or > 65535)
    {
        return false;
    }

    host = text[..colon];
    return true;
}
