using System;
using System.Collections.Generic;

namespace Terminal.Host.Security;

/// <summary>
/// What one card exchange costs the terminal: radio time on the 13.56 MHz link and the SPI traffic
/// between the ESP32 and the MFRC522 that drives it. Radio times are the NTAG21x data sheet figures
/// (command + answer at 106 kbit/s) the project designs with; GET_VERSION, which the list lacks, is
/// computed with the ISO/IEC 14443-3 frame formula <see cref="FrameMs"/>, which reproduces the
/// listed figures within 0.2 ms. The SPI side is a model, stated in <see cref="SpiAssumptions"/>.
/// </summary>
public sealed class CardExchangeCost
{
    /// <summary>ISO/IEC 14443 carrier, Hz.</summary>
    public const double CarrierHz = 13.56e6;

    /// <summary>MFRC522 SPI clock of the model, Hz.</summary>
    public double SpiClockHz { get; init; } = 5e6;

    /// <summary>Fixed cost of one SPI transaction (chip select, driver call), µs. Assumed, to be measured.</summary>
    public double SpiAccessMicros { get; init; } = 20;

    /// <summary>How long a WRITE waits for its ACK: the data sheet's bound on EEPROM programming, ms.</summary>
    public double WriteAckMs { get; init; } = 10;

    /// <summary>What the SPI figures assume, for the benchmark's table.</summary>
    public string SpiAssumptions =>
        $"MFRC522 at {SpiClockHz / 1e6:0.#} MHz: a register access is one SPI transaction of 2 bytes (address, value), a FIFO access 1 + n bytes; " +
        $"each transaction costs {SpiAccessMicros:0.#} µs on top of its bits (chip select, driver call). Per exchange: CRC_A of the request by the MFRC522 " +
        "CRC co-processor (8 accesses), the Transceive sequence (idle, clear IRQs, flush FIFO, load FIFO, framing, start, StartSend, one final IRQ poll, " +
        "error, FIFO level, control: 13 accesses), reading the answer from the FIFO and checking its CRC_A with the co-processor again (8 accesses; none for an ACK). " +
        "IRQ polls during the radio time overlap it and are not counted.";

    /// <summary>Frame bytes (CRC_A included) from reader to card and back for a command.</summary>
    public static (int ToCard, int FromCard) FrameBytes(NtagCommand command) => command switch
    {
        NtagCommand.GetVersion => (1 + 2, 8 + 2),
        NtagCommand.Read => (2 + 2, 16 + 2),
        NtagCommand.Write => (6 + 2, 1),
        NtagCommand.PasswordAuth => (5 + 2, 2 + 2),
        NtagCommand.ReadCounter => (2 + 2, 3 + 2),
        NtagCommand.ReadSignature => (2 + 2, 32 + 2),
        _ => throw new ArgumentOutOfRangeException(nameof(command)),
    };

    /// <summary>
    /// Radio time of one frame exchange from ISO/IEC 14443-3 type A at 106 kbit/s: 9 bits per byte
    /// (8 + parity) of 128/fc each, start and end of frame (2 bit times) per frame, and the card's
    /// frame delay time (n = 9: 1236/fc). Bytes count CRC_A.
    /// </summary>
    public static double FrameMs(int bytesToCard, int bytesFromCard)
    {
        double bit = 128 / CarrierHz;
        double fdt = 1236 / CarrierHz;
        return (((bytesToCard * 9) + 2 + (bytesFromCard * 9) + 2) * bit + fdt) * 1000;
    }

    /// <summary>Radio time of a command and its answer, ms (a WRITE includes the wait for its ACK).</summary>
    public double RadioMs(NtagCommand command) => command switch
    {
        NtagCommand.Read => 1.9,
        NtagCommand.PasswordAuth => 0.9,
        NtagCommand.ReadCounter => 0.8,
        NtagCommand.ReadSignature => 3.3,
        NtagCommand.Write => 0.7 + WriteAckMs,
        NtagCommand.GetVersion => FrameMs(3, 10),
        _ => throw new ArgumentOutOfRangeException(nameof(command)),
    };

    /// <summary>SPI transactions and bytes for one exchange, per <see cref="SpiAssumptions"/>.</summary>
    public static (int Accesses, int Bytes) Spi(NtagCommand command)
    {
        (int toCard, int fromCard) = FrameBytes(command);
        int request = toCard - 2;
        bool ack = command == NtagCommand.Write;
        int answer = ack ? 0 : fromCard - 2;

        // CRC_A of the request: idle, clear DivIrq, flush FIFO, FIFO write (1 + n), CalcCRC, poll DivIrq, result L, result H.
        int accesses = 8;
        int bytes = (7 * 2) + 1 + request;

        // Transceive: idle, clear ComIrq, flush, FIFO write (1 + n + 2), framing, Transceive, StartSend (read + write),
        // final ComIrq poll, ErrorReg, FIFOLevel, ControlReg (valid bits), FIFO read (1 + answer bytes).
        accesses += 13;
        bytes += (11 * 2) + (1 + request + 2) + (1 + (ack ? 1 : answer + 2));

        if (!ack)
        {
            // CRC_A of the answer, checked with the co-processor as for the request.
            accesses += 8;
            bytes += (7 * 2) + 1 + answer;
        }

        return (accesses, bytes);
    }

    /// <summary>SPI time of one exchange, ms.</summary>
    public double SpiMs(NtagCommand command)
    {
        (int accesses, int bytes) = Spi(command);
        return ((bytes * 8 / SpiClockHz) * 1000) + (accesses * SpiAccessMicros / 1000);
    }

    /// <summary>Totals for a sequence of exchanges, given as counts per command.</summary>
    public CostTotals Total(IReadOnlyDictionary<NtagCommand, int> counts)
    {
        var totals = new CostTotals();
        foreach (KeyValuePair<NtagCommand, int> entry in counts)
        {
            (int toCard, int fromCard) = FrameBytes(entry.Key);
            (_, int spiBytes) = Spi(entry.Key);
            totals.Exchanges += entry.Value;
            totals.RadioMs += entry.Value * RadioMs(entry.Key);
            totals.SpiMs += entry.Value * SpiMs(entry.Key);
            totals.RadioBytes += entry.Value * (toCard + fromCard);
            totals.SpiBytes += entry.Value * spiBytes;
        }

        return totals;
    }
}
