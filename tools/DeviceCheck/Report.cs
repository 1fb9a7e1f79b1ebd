using System;
using System.Collections.Generic;

namespace DeviceCheck;

/// <summary>Counts checks; prints failures as they happen and everything with --verbose.</summary>
internal sealed class Report
{
    private readonly bool _verbose;
    private readonly List<string> _failures = new();

    public Report(bool verbose)
    {
        _verbose = verbose;
    }

    public int Passed { get; private set; }

    public IReadOnlyList<string> Failures => _failures;

    public void Check(bool ok, string what)
    {
        if (ok)
        {
            Passed++;
            if (_verbose)
            {
                Console.WriteLine("  ok    " + what);
            }
        }
        else
        {
            Fail(what);
        }
    }

    public void Fail(string what)
    {
        _failures.Add(what);
        Console.WriteLine("  FAIL  " + what);
    }
}
