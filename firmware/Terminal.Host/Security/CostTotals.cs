namespace Terminal.Host.Security;

/// <summary>Summed cost of a tap.</summary>
public sealed class CostTotals
{
    /// <summary>Exchanges with the card.</summary>
    public int Exchanges { get; set; }

    /// <summary>Radio time, ms.</summary>
    public double RadioMs { get; set; }

    /// <summary>Modelled SPI time, ms.</summary>
    public double SpiMs { get; set; }

    /// <summary>Frame bytes both ways (CRC_A included).</summary>
    public int RadioBytes { get; set; }

    /// <summary>SPI bytes both ways.</summary>
    public int SpiBytes { get; set; }

    /// <summary>Radio + SPI, ms.</summary>
    public double TotalMs => RadioMs + SpiMs;
}
