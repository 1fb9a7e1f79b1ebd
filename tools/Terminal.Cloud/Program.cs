using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Terminal.Cloud
{
    /// <summary>CLI: <c>serve</c>, <c>terminals</c>, <c>card &lt;uid&gt;</c>, <c>findings</c>, <c>number</c>, <c>block</c>/<c>unblock</c>, <c>config</c>.</summary>
    public static class Program
    {
        /// <summary>Entry point.</summary>
        public static int Main(string[] args)
        {
            Option<string> db = new("--db") { Description = "SQLite file, or PostgreSQL connection string (Host=...) / postgres:// URI", DefaultValueFactory = _ => "cloud.db" };
            Option<string> broker = new("--broker") { Description = "host:port of the MQTT broker", DefaultValueFactory = _ => "127.0.0.1:1883" };
            Option<string?> user = new("--user") { Description = "broker user name" };
            Option<string?> passwordEnv = new("--password-env") { Description = "environment variable holding the broker password", DefaultValueFactory = _ => "TERMINAL_CLOUD_PASSWORD" };
            Option<string?> passwordFile = new("--password-file") { Description = "file whose first line is the broker password" };
            Option<string?> ca = new("--ca") { Description = "PEM CA certificate of the broker (enables TLS)" };
            Option<string?> shared = new("--shared-group") { Description = "shared-subscription group (run several instances)" };
            Option<string> clientId = new("--client-id") { Description = "MQTT client id", DefaultValueFactory = _ => "terminal-cloud" };
            Option<bool> noAutoRegister = new("--no-auto-register") { Description = "refuse terminals that were not registered" };

            Command serve = new("serve", "run the sync service until Ctrl+C") { db, broker, user, passwordEnv, passwordFile, ca, shared, clientId, noAutoRegister };
            serve.SetAction(async (parse, token) =>
            {
                CloudOptions options = Options(parse.GetValue(db)!, parse.GetValue(broker)!, parse.GetValue(user), parse.GetValue(passwordEnv), parse.GetValue(passwordFile), parse.GetValue(ca));
                options.SharedGroup = parse.GetValue(shared);
                options.ClientId = parse.GetValue(clientId)!;
                options.AutoRegister = !parse.GetValue(noAutoRegister);
                options.Log = line => Console.WriteLine(DateTime.UtcNow.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) + " " + line);
                await using CloudService service = await CloudService.StartAsync(options, token);
                try
                {
                    await Task.Delay(Timeout.Infinite, token);
                }
                catch (OperationCanceledException)
                {
                }

                return 0;
            });

            Command terminals = new("terminals", "list terminals: last sync, sequence, backlog, presence") { db };
            terminals.SetAction(parse =>
            {
                using CloudDatabase d = CloudDatabase.Open(parse.GetValue(db)!);
                Console.WriteLine($"{"terminal",-10} {"tenant",-10} {"shop",-8} {"online",-7} {"last seen (UTC)",-20} {"synced seq",10} {"reported",10} {"backlog",8} {"number",6} {"findings",8} {"refused",7}");
                var security = d.SecurityCounts();
                foreach (TerminalRow t in d.ListTerminals())
                {
                    security.TryGetValue(t.TerminalId, out (long Findings, long Refused) sc);
                    Console.WriteLine($"{t.TerminalId,-10} {t.TenantId,-10} {t.ShopId,-8} {(t.Online == null ? "?" : t.Online.Value ? "yes" : "no"),-7} {Time(t.LastSeen),-20} {t.LastSeq,10} {t.ReportedLast?.ToString(CultureInfo.InvariantCulture) ?? "-",10} {t.Backlog,8} {d.TerminalNumber(t.TerminalId)?.ToString(CultureInfo.InvariantCulture) ?? "-",6} {sc.Findings,8} {sc.Refused,7}");
                }

                int blocking = d.Findings().Count(f => f.Blocking);
                if (blocking > 0)
                {
                    Console.WriteLine($"{blocking} blocking security finding(s): run 'findings'");
                }

                return 0;
            });

            Argument<string> uid = new("uid") { Description = "card UID, hex" };
            Command card = new("card", "show a card's balance and history across terminals") { uid, db };
            card.SetAction(parse =>
            {
                string u = parse.GetValue(uid)!.ToUpperInvariant();
                using CloudDatabase d = CloudDatabase.Open(parse.GetValue(db)!);
                var cards = d.Cards(u);
                if (cards.Count == 0)
                {
                    Console.WriteLine("unknown card " + u);
                    return 1;
                }

                foreach (var c in cards)
                {
                    Console.WriteLine($"card {u} tenant {c.Tenant}: balance {c.Balance} pts, enrolled {Time(c.EnrolledAt)}{(c.Blocked ? ", BLOCKED" : string.Empty)}");
                }

                foreach (Finding f in d.Findings(u))
                {
                    Console.WriteLine($"finding {Time(f.FoundAt)} {f.Check}{(f.Blocking ? " (blocks)" : " (review)")}: {f.Detail}");
                }

                foreach (var e in d.Evidence(u))
                {
                    Console.WriteLine($"evidence {e.Terminal}#{e.Seq}: originality signature {(e.Original == null ? "not checked yet" : e.Original.Value ? "valid" : "INVALID")}");
                }

                Console.WriteLine($"{"time (UTC)",-20} {"terminal",-10} {"seq",6} {"kind",-10} {"amount",9} {"cat",3} {"points",7} {"voucher",7} {"counter",8} {"ref",10}");
                foreach ((string terminal, TxRow r) in d.CardHistory(u))
                {
                    string reference = r.Kind == TxRow.SecurityEventKind ? "reason " + r.Reference : r.Kind == TxRow.EnrolKind && r.Reference != 0 ? Serial(r.Reference) : r.Reference.ToString(CultureInfo.InvariantCulture);
                    Console.WriteLine($"{Time(r.Ts),-20} {terminal,-10} {r.Seq,6} {Kind(r.Kind),-10} {r.Amount,9} {r.Category,3} {r.Points,7} {r.Voucher,7} {r.Counter,8} {reference,10}");
                }

                return 0;
            });

            Command findings = new("findings", "card-trust findings (clones, unissued serials, bad signatures) and cards the terminals refused") { db };
            findings.SetAction(parse =>
            {
                using CloudDatabase d = CloudDatabase.Open(parse.GetValue(db)!);
                List<Finding> list = d.Findings();
                Console.WriteLine($"{list.Count} finding(s) from the cloud checks");
                Console.WriteLine($"{"found (UTC)",-20} {"tenant",-10} {"card",-20} {"check",-22} {"effect",-7} {"terminal",-10} {"seq",6} detail");
                foreach (Finding f in list)
                {
                    Console.WriteLine($"{Time(f.FoundAt),-20} {f.Tenant,-10} {f.Uid,-20} {f.Check,-22} {(f.Blocking ? "block" : "review"),-7} {f.TerminalId ?? "-",-10} {f.Seq?.ToString(CultureInfo.InvariantCulture) ?? "-",6} {f.Detail}");
                }

                var events = d.SecurityEvents();
                Console.WriteLine($"{events.Count} card(s) refused at terminals (security events)");
                Console.WriteLine($"{"time (UTC)",-20} {"terminal",-10} {"seq",6} {"card",-20} {"reason",7} {"counter",8}");
                foreach ((string terminal, TxRow r) in events)
                {
                    Console.WriteLine($"{Time(r.Ts),-20} {terminal,-10} {r.Seq,6} {r.Uid ?? "-",-20} {r.Reference,7} {r.Counter,8}");
                }

                return 0;
            });

            Argument<string> tenant = new("tenant") { Description = "tenant id" };
            Argument<string> terminalArg = new("terminal") { Description = "terminal id" };
            Argument<int> numberArg = new("number") { Description = "terminal number in card serials (1-4095)" };
            Command number = new("number", "record which terminal issues card serials under which number (provisioning)") { tenant, terminalArg, numberArg, db };
            number.SetAction(parse =>
            {
                using CloudDatabase d = CloudDatabase.Open(parse.GetValue(db)!);
                bool ok = d.SetTerminalNumber(parse.GetValue(tenant)!, parse.GetValue(terminalArg)!, parse.GetValue(numberArg));
                Console.WriteLine(ok ? "recorded" : "refused: the number or the terminal already has another assignment");
                return ok ? 0 : 1;
            });
            Command block = new("block", "block a card and publish the tenant's list") { tenant, uid, db, broker, user, passwordEnv, passwordFile, ca };
            Command unblock = new("unblock", "unblock a card and publish the tenant's list") { tenant, uid, db, broker, user, passwordEnv, passwordFile, ca };
            foreach ((Command c, bool on) in new[] { (block, true), (unblock, false) })
            {
                c.SetAction(async (parse, token) =>
                {
                    CloudOptions options = Options(parse.GetValue(db)!, parse.GetValue(broker)!, parse.GetValue(user), parse.GetValue(passwordEnv), parse.GetValue(passwordFile), parse.GetValue(ca));
                    options.ClientId = "terminal-cloud-admin";
                    options.Subscribe = false;
                    await using CloudService service = await CloudService.StartAsync(options, token);
                    long version = await service.SetBlockedAsync(parse.GetValue(tenant)!, parse.GetValue(uid)!.ToUpperInvariant(), on);
                    await Task.Delay(500, token);
                    Console.WriteLine($"blocked list of {parse.GetValue(tenant)} is now version {version}");
                    return 0;
                });
            }

            Option<string> configTenant = new("--tenant") { Description = "tenant whose terminals get the configuration", Required = true };
            Option<string?> configFile = new("--file") { Description = "configuration file to validate and push (format: docs/sync.md)" };
            Option<bool> configShow = new("--show") { Description = "print the configuration in force instead" };
            Option<int> connectTimeout = new("--connect-timeout") { Description = "seconds to wait for the broker", DefaultValueFactory = _ => 10 };
            Command config = new("config", "push earn rules and the voucher catalogue to a tenant's terminals (--file), or show them (--show); exit 0 ok, 1 refused, 2 usage, 69 broker unreachable")
            {
                configTenant, configFile, configShow, db, broker, user, passwordEnv, passwordFile, ca, connectTimeout,
            };
            config.SetAction(async (parse, token) =>
            {
                string? file = parse.GetValue(configFile);
                bool show = parse.GetValue(configShow);
                if ((file == null) == !show || parse.GetValue(connectTimeout) <= 0)
                {
                    Console.Error.WriteLine("usage: config --tenant T (--file config.json | --show) [--db ...] [--broker host:port ...]");
                    return ConfigCommand.Usage;
                }

                if (show)
                {
                    return ConfigCommand.Show(parse.GetValue(configTenant)!, parse.GetValue(db)!, Console.Out, Console.Error);
                }

                CloudOptions options = Options(parse.GetValue(db)!, parse.GetValue(broker)!, parse.GetValue(user), parse.GetValue(passwordEnv), parse.GetValue(passwordFile), parse.GetValue(ca));
                options.ClientId = "terminal-cloud-config";
                return await ConfigCommand.PushAsync(parse.GetValue(configTenant)!, file!, options, TimeSpan.FromSeconds(parse.GetValue(connectTimeout)), Console.Out, Console.Error);
            });

            RootCommand root = new("Reference cloud sync service for the loyalty terminals") { serve, terminals, card, findings, number, block, unblock, config };
            ParseResult parsed = root.Parse(args);
            if (parsed.Errors.Count > 0 && parsed.CommandResult.Command == config)
            {
                // Usage errors of the config command are exit 2 (scripts tell them from a refused file).
                foreach (var e in parsed.Errors)
                {
                    Console.Error.WriteLine(e.Message);
                }

                return ConfigCommand.Usage;
            }

            return parsed.Invoke();
        }

        private static CloudOptions Options(string db, string broker, string? user, string? passwordEnv, string? passwordFile, string? ca)
        {
            int colon = broker.LastIndexOf(':');
            return new CloudOptions
            {
                Database = db,
                BrokerHost = colon < 0 ? broker : broker[..colon],
                BrokerPort = colon < 0 ? (ca == null ? 1883 : 8883) : int.Parse(broker[(colon + 1)..], CultureInfo.InvariantCulture),
                UserName = user,
                Password = Secrets.Load(passwordEnv, passwordFile),
                CaCertificatePath = ca,
            };
        }

        private static string Time(long? unix)
        {
            return unix == null ? "-" : DateTimeOffset.FromUnixTimeSeconds(unix.Value).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        }

        private static string Serial(long serial) => (serial >> 20).ToString("D4", CultureInfo.InvariantCulture) + "-" + (serial & 0xFFFFF).ToString("D7", CultureInfo.InvariantCulture);

        private static string Kind(int kind)
        {
            string[] names = { "?", "earn", "redeem", "void", "enrol", "sale", "security", "evidence" };
            return kind >= 0 && kind < names.Length ? names[kind] : kind.ToString(CultureInfo.InvariantCulture);
        }
    }
}
