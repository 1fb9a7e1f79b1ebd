using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace DeviceCheck;

/// <summary>
/// hardware/pinmap.csv and Terminal.Device.Board must describe the same wiring, and that wiring must
/// respect the ESP32-WROVER's constraints.
/// </summary>
internal static class PinMapCheck
{
    // GPIO6-11: the module's SPI flash. GPIO16/17: PSRAM on WROVER modules. GPIO1/3: UART0 = COM1,
    // nanoFramework's wire protocol.
    private static readonly int[] Reserved = { 1, 3, 6, 7, 8, 9, 10, 11, 16, 17 };

    // Sampled at reset (ESP32 datasheet, strapping pins): allowed only with a note saying why it is safe.
    private static readonly int[] Strapping = { 0, 2, 5, 12, 15 };

    public static void Run(Report report, Compilation device, string csvPath)
    {
        INamedTypeSymbol board = device.GetTypeByMetadataName("Terminal.Device.Board")
            ?? throw new InvalidOperationException("Terminal.Device.Board not found");
        var constants = board.GetMembers().OfType<IFieldSymbol>()
            .Where(f => f.IsConst && f.Type.SpecialType == SpecialType.System_Int32 && !f.Name.EndsWith("Bus", StringComparison.Ordinal))
            .ToDictionary(f => f.Name, f => (int)f.ConstantValue!, StringComparer.Ordinal);

        string[] lines = File.ReadAllLines(csvPath).Where(l => l.Trim().Length > 0).ToArray();
        string[] header = lines[0].Split(',');
        int gpioColumn = Array.IndexOf(header, "gpio");
        int constantColumn = Array.IndexOf(header, "board_constant");
        int directionColumn = Array.IndexOf(header, "direction");
        int notesColumn = Array.IndexOf(header, "notes");
        if (gpioColumn < 0 || constantColumn < 0 || directionColumn < 0 || notesColumn < 0)
        {
            report.Fail("pinmap.csv: header needs gpio, board_constant, direction, notes");
            return;
        }

        var seen = new HashSet<int>();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (string line in lines.Skip(1))
        {
            string[] cells = SplitCsv(line);
            int gpio = int.Parse(cells[gpioColumn], CultureInfo.InvariantCulture);
            string constant = cells[constantColumn];
            string direction = cells[directionColumn];
            listed.Add(constant);

            report.Check(
                constants.TryGetValue(constant, out int value) && value == gpio,
                "pinmap.csv GPIO" + gpio + " = Board." + constant);
            report.Check(seen.Add(gpio), "GPIO" + gpio + " used once");
            report.Check(Array.IndexOf(Reserved, gpio) < 0, "GPIO" + gpio + " is not flash, PSRAM or COM1");
            report.Check(gpio < 34 || direction == "in", "GPIO" + gpio + " (" + direction + "): 34-39 are input only");
            if (Array.IndexOf(Strapping, gpio) >= 0)
            {
                report.Check(cells[notesColumn].Contains("strapping", StringComparison.OrdinalIgnoreCase), "strapping pin GPIO" + gpio + " has a note");
            }
        }

        foreach (string name in constants.Keys)
        {
            report.Check(listed.Contains(name), "Board." + name + " is in pinmap.csv");
        }
    }

    // Quoted cells may hold commas; quotes inside are doubled.
    private static string[] SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return cells.ToArray();
    }
}
