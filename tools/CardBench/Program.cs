using System;
using System.Collections.Generic;
using System.Globalization;
using Terminal.Core.Security;
using Terminal.Core.Tests.Fakes;
using Terminal.Host.Security;

namespace CardBench;

/// <summary>
/// dotnet run --project tools/CardBench [-- --ack-ms 10] [--access-us 20] [--spi-mhz 5] [--iterations 2000]
/// Prints the card-exchange cost of a verify-only tap, an enrolment and a re-sign, counted on the
/// simulated NTAG215 while the real CardAuthenticator runs, then the bytes allocated per verify.
/// </summary>
internal static class Program
{
    private const double VerifyAimMs = 15;
    private const double EnrolAimMs = 150;

    public static int Main(string[] args)
    {
        var model = new CardExchangeCost
        {
            WriteAckMs = Option(args, "--ack-ms", 10),
            SpiAccessMicros = Option(args, "--access-us", 20),
            SpiClockHz = Option(args, "--spi-mhz", 5) * 1e6,
        };
        int iterations = (int)Option(args, "--iterations", 2000);

        PrintCommands(model);
        List<Row> rows = Measure();
        PrintScenarios(model, rows);
        bool aimsMet = PrintAims(model, rows);
        PrintAllocations(iterations);
        return aimsMet ? 0 : 1;
    }

    private sealed record Row(string Name, Dictionary<NtagCommand, int> Counts, int RadioBytesCounted, string Aim);

    /// <summary>Runs each scenario on a fresh simulated card and records what the card saw.</summary>
    private static List<Row> Measure()
    {
        var rows = new List<Row>();
        uint serial = CredentialSerial.Make(1, 1);
        var check = new CardCheck();

        // Verify-only: an enrolled card, tapped again.
        {
            CardAuthenticator auth = SecurityKit.Authenticator(SecurityKit.Keys(1, 0));
            SimulatedNtag card = SecurityKit.EnrolledCard(auth, 1, serial);
            card.ResetStats();
            Expect(CardOutcome.Valid, SecurityKit.Tap(auth, card, true, check));
            rows.Add(RowOf("verify-only tap (valid card)", card, "verify"));
        }

        // A refused card: forged record (MAC fails), the password is never sent.
        {
            CardAuthenticator auth = SecurityKit.Authenticator(SecurityKit.Keys(1, 0));
            SimulatedNtag card = SecurityKit.EnrolledCard(auth, 2, serial);
            var page = new byte[4];
            card.Peek(6, page, 0);
            page[0] ^= 1;
            card.Poke(6, page, 0);
            card.ResetStats();
            Expect(CardOutcome.Invalid, SecurityKit.Tap(auth, card, true, check));
            rows.Add(RowOf("refused tap (forged record)", card, ""));
        }

        // Enrolment: the blank card's verify, then the enrolment, in one tap.
        {
            CardAuthenticator auth = SecurityKit.Authenticator(SecurityKit.Keys(1, 0));
            SimulatedNtag card = SimulatedNtag.Ntag215(SecurityKit.Uid(3));
            Expect(CardOutcome.Blank, SecurityKit.Tap(auth, card, false, check));
            var verify = Counts(card);
            int verifyBytes = card.BytesToCard + card.BytesFromCard;
            card.ResetStats();
            Expect(CardOutcome.Valid, auth.Enrol(card, card.Uid, serial, SecurityKit.Now, check));
            rows.Add(RowOf("  enrol only", card, ""));
            rows.Add(Sum("enrolment tap (blank verify + enrol)", verify, verifyBytes, card, "enrol"));
        }

        // Re-sign: a card of the previous key version, verified, then re-signed, in one tap.
        {
            Keyring keys = SecurityKit.Keys(1, 0);
            CardAuthenticator auth = SecurityKit.Authenticator(keys);
            SimulatedNtag card = SecurityKit.EnrolledCard(auth, 4, serial);
            SecurityKit.Rotate(keys, 2);
            card.ResetStats();
            Expect(CardOutcome.NeedsResign, SecurityKit.Tap(auth, card, true, check));
            var verify = Counts(card);
            int verifyBytes = card.BytesToCard + card.BytesFromCard;
            card.ResetStats();
            Expect(CardOutcome.Valid, auth.Resign(card, card.Uid, check));
            rows.Add(RowOf("  re-sign only", card, ""));
            rows.Add(Sum("re-sign tap (verify + re-sign)", verify, verifyBytes, card, ""));
        }

        return rows;
    }

    private static void PrintCommands(CardExchangeCost model)
    {
        Console.WriteLine("Card exchanges (NTAG21x data sheet radio times; frame formula of ISO/IEC 14443-3 at 106 kbit/s as a cross-check)");
        Console.WriteLine();
        Console.WriteLine("| command | frame bytes out/in | radio ms (used) | radio ms (formula) | SPI transactions | SPI bytes | SPI ms |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (NtagCommand command in Enum.GetValues<NtagCommand>())
        {
            (int toCard, int fromCard) = CardExchangeCost.FrameBytes(command);
            (int accesses, int bytes) = CardExchangeCost.Spi(command);
            string used = command == NtagCommand.Write
                ? F(model.RadioMs(command)) + " (0.7 + ACK " + F(model.WriteAckMs) + ")"
                : F(model.RadioMs(command)) + (command == NtagCommand.GetVersion ? " (formula)" : string.Empty);
            Console.WriteLine($"| {Name(command)} | {toCard}/{fromCard} | {used} | {F(CardExchangeCost.FrameMs(toCard, command == NtagCommand.Write ? 0 : fromCard))} | {accesses} | {bytes} | {F(model.SpiMs(command))} |");
        }

        Console.WriteLine();
        Console.WriteLine("SPI model: " + model.SpiAssumptions);
        Console.WriteLine();
    }

    private static void PrintScenarios(CardExchangeCost model, List<Row> rows)
    {
        Console.WriteLine("Taps, counted on the simulated NTAG215 while the real CardAuthenticator ran");
        Console.WriteLine();
        Console.WriteLine("| tap | exchanges | READ | WRITE | PWD_AUTH | READ_CNT | READ_SIG | GET_VERSION | radio ms | SPI ms | card time ms | radio bytes | SPI bytes |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (Row row in rows)
        {
            CostTotals t = model.Total(row.Counts);
            if (t.RadioBytes != row.RadioBytesCounted)
            {
                throw new InvalidOperationException($"{row.Name}: the card counted {row.RadioBytesCounted} frame bytes, the model {t.RadioBytes}");
            }

            Console.WriteLine($"| {row.Name} | {t.Exchanges} | {C(row, NtagCommand.Read)} | {C(row, NtagCommand.Write)} | {C(row, NtagCommand.PasswordAuth)} | {C(row, NtagCommand.ReadCounter)} | {C(row, NtagCommand.ReadSignature)} | {C(row, NtagCommand.GetVersion)} | {F(t.RadioMs)} | {F(t.SpiMs)} | {F(t.TotalMs)} | {t.RadioBytes} | {t.SpiBytes} |");
        }

        Console.WriteLine();
    }

    private static bool PrintAims(CardExchangeCost model, List<Row> rows)
    {
        bool met = true;
        var slow = new CardExchangeCost { WriteAckMs = model.WriteAckMs, SpiClockHz = model.SpiClockHz, SpiAccessMicros = 50 };
        foreach (Row row in rows)
        {
            if (row.Aim.Length == 0)
            {
                continue;
            }

            double aim = row.Aim == "verify" ? VerifyAimMs : EnrolAimMs;
            double ms = model.Total(row.Counts).TotalMs;
            bool ok = ms <= aim;
            met &= ok;
            Console.WriteLine($"aim {row.Name}: {F(ms)} ms <= {F(aim)} ms: {(ok ? "met" : "NOT met")} (at 50 µs per SPI transaction: {F(slow.Total(row.Counts).TotalMs)} ms)");
        }

        Console.WriteLine();
        return met;
    }

    private static void PrintAllocations(int iterations)
    {
        Console.WriteLine($"Managed bytes allocated per verify (GC.GetAllocatedBytesForCurrentThread, {iterations} verifies after warm-up)");
        Console.WriteLine();
        Console.WriteLine("| crypto adapter | bytes per verify | HMACs per verify |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine($"| HostCredentialCrypto (.NET HMACSHA256.HashData, spans) | {AllocatedPerVerify(new HostCredentialCrypto(), iterations)} | {HmacsPerVerify(new HostCredentialCrypto())} |");
        Console.WriteLine($"| SoftwareCredentialCrypto (shared tests' SHA-256) | {AllocatedPerVerify(new SoftwareCredentialCrypto(), iterations)} | {HmacsPerVerify(new SoftwareCredentialCrypto())} |");
        Console.WriteLine();
        Console.WriteLine("The core itself allocates nothing per tap (buffers live in CardAuthenticator and CardCheck). On the device,");
        Console.WriteLine("nanoFramework's HMACSHA256.HashData returns a new 32-byte array per call: one short-lived array per HMAC.");
    }

    private static long AllocatedPerVerify(ICredentialCrypto crypto, int iterations)
    {
        var auth = new CardAuthenticator(SecurityKit.Keys(1, 0), crypto);
        SimulatedNtag card = SecurityKit.EnrolledCard(auth, 9, CredentialSerial.Make(1, 9));
        var check = new CardCheck();
        for (int i = 0; i < 200; i++)
        {
            SecurityKit.Tap(auth, card, true, check);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < iterations; i++)
        {
            card.PowerOn();
            auth.Verify(card, card.Uid, true, check);
        }

        long after = GC.GetAllocatedBytesForCurrentThread();
        Expect(CardOutcome.Valid, check.Outcome);
        return (after - before) / iterations;
    }

    /// <summary>HMACs one verify of a card with one record computes (record MAC + password derivation).</summary>
    private static int HmacsPerVerify(ICredentialCrypto crypto)
    {
        var counting = new CountingCrypto(crypto);
        var auth = new CardAuthenticator(SecurityKit.Keys(1, 0), counting);
        SimulatedNtag card = SecurityKit.EnrolledCard(auth, 10, CredentialSerial.Make(1, 10));
        int before = counting.Calls;
        Expect(CardOutcome.Valid, SecurityKit.Tap(auth, card, true, new CardCheck()));
        return counting.Calls - before;
    }

    private sealed class CountingCrypto(ICredentialCrypto inner) : ICredentialCrypto
    {
        public int Calls { get; private set; }

        public void HmacSha256(byte[] key, byte[] data, int offset, int count, byte[] output)
        {
            Calls++;
            inner.HmacSha256(key, data, offset, count, output);
        }
    }

    private static Dictionary<NtagCommand, int> Counts(SimulatedNtag card) => new()
    {
        [NtagCommand.GetVersion] = card.VersionReads,
        [NtagCommand.Read] = card.Reads,
        [NtagCommand.Write] = card.Writes,
        [NtagCommand.PasswordAuth] = card.PasswordAuths,
        [NtagCommand.ReadCounter] = card.CounterReads,
        [NtagCommand.ReadSignature] = card.SignatureReads,
    };

    private static Row RowOf(string name, SimulatedNtag card, string aim) =>
        new(name, Counts(card), card.BytesToCard + card.BytesFromCard, aim);

    private static Row Sum(string name, Dictionary<NtagCommand, int> first, int firstBytes, SimulatedNtag second, string aim)
    {
        var counts = Counts(second);
        foreach (KeyValuePair<NtagCommand, int> entry in first)
        {
            counts[entry.Key] += entry.Value;
        }

        return new Row(name, counts, firstBytes + second.BytesToCard + second.BytesFromCard, aim);
    }

    private static void Expect(CardOutcome expected, CardOutcome actual)
    {
        if (expected != actual)
        {
            throw new InvalidOperationException($"expected {expected}, got {actual}");
        }
    }

    private static string C(Row row, NtagCommand command) => row.Counts[command].ToString(CultureInfo.InvariantCulture);

    private static string F(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Name(NtagCommand command) => command switch
    {
        NtagCommand.GetVersion => "GET_VERSION",
        NtagCommand.Read => "READ",
        NtagCommand.Write => "WRITE",
        NtagCommand.PasswordAuth => "PWD_AUTH",
        NtagCommand.ReadCounter => "READ_CNT",
        NtagCommand.ReadSignature => "READ_SIG",
        _ => command.ToString(),
    };

    private static double Option(string[] args, string name, double fallback)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? double.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
