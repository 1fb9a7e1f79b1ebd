using System.Text;
using Terminal.Insight.Data;

namespace Terminal.Insight.Report;

/// <summary>
/// Writes report.html and one CSV per table. Everything goes to a hidden temporary folder inside the output
/// folder first and is renamed into place only when all files are complete, so a failure leaves no partial file.
/// </summary>
public static class ReportWriter
{
    /// <summary>Name of the HTML file.</summary>
    public const string HtmlName = "report.html";

    /// <summary>Writes the files; returns their final paths.</summary>
    public static List<string> Write(InsightReport report, string outDir)
    {
        string dir = Path.GetFullPath(outDir);
        try
        {
            Directory.CreateDirectory(dir);
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            throw new InsightException("cannot create output folder " + dir + ": " + e.Message, e);
        }

        string temp = Path.Combine(dir, ".insight-tmp-" + Guid.NewGuid().ToString("N"));
        var files = new List<(string Temp, string Final)>();
        try
        {
            Directory.CreateDirectory(temp);
            var utf8 = new UTF8Encoding(false);
            foreach (ReportTable t in report.Tables)
            {
                string name = t.Name + ".csv";
                File.WriteAllText(Path.Combine(temp, name), t.ToCsv(), utf8);
                files.Add((Path.Combine(temp, name), Path.Combine(dir, name)));
            }

            File.WriteAllText(Path.Combine(temp, HtmlName), HtmlReport.Render(report), utf8);
            files.Add((Path.Combine(temp, HtmlName), Path.Combine(dir, HtmlName)));

            // Same folder, same file system: each rename is atomic; the HTML goes last so its presence means the CSVs are there.
            foreach (var (from, to) in files)
            {
                File.Move(from, to, overwrite: true);
            }

            return files.Select(f => f.Final).ToList();
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            throw new InsightException("cannot write the report into " + dir + ": " + e.Message, e);
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }
}
