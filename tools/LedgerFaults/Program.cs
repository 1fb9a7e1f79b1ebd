using System;
using System.Globalization;
using Terminal.Core.Ledger;
using Terminal.Core.Ledger.Harness;

// Power-cut harness for the ledger (docs/ledger.md, "Power cuts").
//   dotnet run --project tools/LedgerFaults -c Release                 fast run (a few minutes at most)
//   LONG=1 dotnet run --project tools/LedgerFaults -c Release          exhaustive run (2,400 operations)
//   options: --ops N  --seed N  --seeds N  --cards N  --stride N  --recovery-stride N  --no-keep-working  --break-rename
//            --production-options (LedgerOptions.Small() as shipped, instead of short segments and a short checkpoint lag)
PowerCutOptions options = PowerCutOptions.FromEnvironment();
for (int i = 0; i < args.Length; i++)
{
    string arg = args[i];
    int Next() => int.Parse(args[++i], CultureInfo.InvariantCulture);
    switch (arg)
    {
        case "--ops": options.Operations = Next(); break;
        case "--seed": options.Seed = Next(); break;
        case "--seeds": options.Seeds = Next(); break;
        case "--production-options": options.Ledger = LedgerOptions.Small; break;
        case "--cards": options.Cards = Next(); break;
        case "--stride": options.CutStride = Next(); break;
        case "--recovery-stride": options.RecoveryStride = Next(); break;
        case "--no-keep-working": options.CheckKeepsWorking = false; break;
        case "--break-rename": options.BreakRenameAtomicity = true; break;
        case "--long":
            options.Operations = 2400;
            options.Cards = 120;
            options.RecoveryStride = 1;
            options.Seeds = 3;
            break;
        default:
            Console.Error.WriteLine("unknown option " + arg);
            return 2;
    }
}

Console.WriteLine($"Ledger power-cut harness: {options.Operations} workload operations x {options.Seeds} seed(s) from {options.Seed}, {options.Cards} cards, " +
    $"cut stride {options.CutStride}, recovery stride {options.RecoveryStride}{(options.BreakRenameAtomicity ? ", NON-ATOMIC RENAME (self-test)" : string.Empty)}");
PowerCutReport report = PowerCutHarness.Run(options);

Console.WriteLine();
Console.WriteLine("Workload                          count");
foreach (var pair in report.Operations)
{
    Console.WriteLine($"  {pair.Key,-30} {pair.Value,6}");
}

Console.WriteLine();
Console.WriteLine($"  records committed               {report.Records,8}");
Console.WriteLine($"  acknowledged by the 'cloud'     {report.Acknowledged,8}");
Console.WriteLine($"  cards enrolled                  {report.CardsEnrolled,8}");
Console.WriteLine($"  segments compacted              {report.SegmentsCompacted,8}");
Console.WriteLine($"  store operations (main run)     {report.StoreOperations,8}");
Console.WriteLine($"  maintenance failures            {report.MaintenanceFailures,8}");
Console.WriteLine($"  balance messages applied        {report.CloudMessages,8}");
Console.WriteLine($"    of them put off first (full)  {report.CloudDeferred,8}");
Console.WriteLine($"  cards with a cloud state        {report.CloudCards,8}");
Console.WriteLine($"  cut points at the cloud files   {report.CloudCuts,8}");
Console.WriteLine();
Console.WriteLine("Pass                                              cut points   violations");
Console.WriteLine($"  1: one cut before a store operation             {report.CutsBefore,10}");
Console.WriteLine($"     or inside a close that creates a file        {report.CutsDuringClose,10}");
Console.WriteLine($"     pass 1                                       {report.CutsBefore + report.CutsDuringClose,10}   {report.Violations,10}");
Console.WriteLine($"  2: a second cut before each recovery operation  {report.RecoveryCuts,10}   {report.RecoveryViolations,10}");
Console.WriteLine($"  total                                           {report.CutPoints,10}   {report.TotalViolations,10}");
Console.WriteLine($"  elapsed                                         {report.Elapsed.TotalSeconds,9:F1}s");
foreach (string line in report.ViolationSamples)
{
    Console.WriteLine("  ! " + line);
}

return report.TotalViolations == 0 ? 0 : 1;
