using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Terminal.Core.Rules;

namespace Terminal.Cloud
{
    /// <summary>
    /// The <c>config</c> command: pushes a retailer's configuration file to every terminal of a
    /// tenant, or shows the one in force. Exit codes: 0 done, 1 refused or invalid input, 2 usage,
    /// 69 broker unreachable (EX_UNAVAILABLE).
    /// </summary>
    public static class ConfigCommand
    {
        /// <summary>Success.</summary>
        public const int Ok = 0;

        /// <summary>The file or the tenant was refused; nothing was stored or published.</summary>
        public const int Refused = 1;

        /// <summary>Bad command line.</summary>
        public const int Usage = 2;

        /// <summary>The broker could not be reached (or did not acknowledge in time).</summary>
        public const int Unavailable = 69;

        /// <summary>Validates <paramref name="file"/>, stores it as the tenant's next version and publishes it, retained, to each terminal.</summary>
        public static async Task<int> PushAsync(string tenant, string file, CloudOptions options, TimeSpan connectTimeout, TextWriter output, TextWriter error)
        {
            if (!CloudCodec.IsValidId(tenant))
            {
                error.WriteLine("refused: --tenant must be 1-32 of A-Z a-z 0-9 _ -");
                return Refused;
            }

            string text;
            try
            {
                text = File.ReadAllText(file, Encoding.UTF8);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                error.WriteLine("refused: cannot read " + file + ": " + e.Message);
                return Refused;
            }

            EarnRules rules;
            VoucherCatalog catalog;
            try
            {
                (rules, catalog) = ConfigFile.Parse(text);
            }
            catch (ConfigFileException e)
            {
                error.WriteLine("refused: " + file + ": " + e.Message);
                return Refused;
            }

            // Connect before storing: a version the broker never saw would only confuse "--show".
            options.Subscribe = false;
            using CancellationTokenSource wait = new(connectTimeout);
            await using CloudService service = await CloudService.StartAsync(options, wait.Token);
            if (!service.IsConnected)
            {
                error.WriteLine("broker unreachable: " + options.BrokerHost + ":" + options.BrokerPort + " (nothing stored or published)");
                return Unavailable;
            }

            int terminals;
            using (CloudDatabase db = CloudDatabase.Open(options.Database))
            {
                terminals = db.TerminalsOf(tenant).Count;
            }

            long version = await service.PublishConfigAsync(tenant, v => ConfigFile.Payload(v, rules, catalog));
            if (!await service.DrainAsync(connectTimeout))
            {
                error.WriteLine("broker stopped acknowledging: version " + version + " is stored; a running service sends it to each terminal when it next comes online");
                return Unavailable;
            }

            output.WriteLine("configuration version " + version + " of tenant " + tenant + " published to " + terminals + " terminal(s)"
                + (terminals == 0 ? " (none registered yet: each gets it when it first comes online)" : string.Empty));
            return Ok;
        }

        /// <summary>Prints the configuration in force for the tenant, in the file format.</summary>
        public static int Show(string tenant, string database, TextWriter output, TextWriter error)
        {
            using CloudDatabase db = CloudDatabase.Open(database);
            (long Version, string Json)? stored = db.Config(tenant);
            if (stored == null)
            {
                error.WriteLine("no configuration pushed for tenant " + tenant + ": its terminals use their built-in defaults (shown, version 0)");
                output.WriteLine(ConfigFile.ToFile(0, EarnRules.Default(), VoucherCatalog.Default()));
                return Ok;
            }

            try
            {
                (long version, EarnRules rules, VoucherCatalog catalog) = ConfigFile.FromPayload(Encoding.UTF8.GetBytes(stored.Value.Json));
                output.WriteLine(ConfigFile.ToFile(version, rules, catalog));
                return Ok;
            }
            catch (ConfigFileException e)
            {
                error.WriteLine("stored configuration version " + stored.Value.Version + " is not readable by a terminal: " + e.Message);
                return Refused;
            }
        }
    }
}
