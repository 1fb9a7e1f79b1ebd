using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Terminal.Core.Provisioning;
using Terminal.Host.Serial;

namespace Terminal.Provision
{
    /// <summary>
    /// The command line (System.CommandLine 2.0): list ports, info, wifi, set, get, apply,
    /// diag, reset. Usage: docs/provisioning.md. Output for scripts goes to stdout; progress,
    /// device logs and errors go to stderr.
    /// </summary>
    public static class Cli
    {
        /// <summary>Environment variable naming the default port.</summary>
        public const string PortVariable = "TERMINAL_PORT";

        /// <summary>Runs the CLI with the given writers; returns the exit code (<see cref="ExitCodes"/>).</summary>
        public static int Run(string[] args, TextWriter stdout, TextWriter stderr, bool interactive = false)
        {
            var port = new Option<string?>("--port", "-p")
            {
                Description = "Serial port of the terminal's service port (default: $" + PortVariable + ")",
                Recursive = true,
            };
            var baud = new Option<int>("--baud")
            {
                Description = "Baud rate",
                DefaultValueFactory = _ => SerialServicePort.DefaultBaudRate,
                Recursive = true,
            };
            var timeout = new Option<int>("--timeout")
            {
                Description = "Milliseconds to wait for each answer",
                DefaultValueFactory = _ => 2000,
                Recursive = true,
            };
            var verbose = new Option<bool>("--verbose", "-v")
            {
                Description = "Show the terminal's log lines",
                Recursive = true,
            };

            var root = new RootCommand("Provision a loyalty terminal over its service port (Improv Serial + loyalty settings).");
            root.Options.Add(port);
            root.Options.Add(baud);
            root.Options.Add(timeout);
            root.Options.Add(verbose);

            var context = new Context(stdout, stderr, interactive);

            // list ports / list-ports
            var listPorts = new Command("ports", "List serial ports");
            listPorts.SetAction(_ => ListPorts(context));
            var list = new Command("list", "List things");
            list.Subcommands.Add(listPorts);
            root.Subcommands.Add(list);
            var listPortsAlias = new Command("list-ports", "List serial ports");
            listPortsAlias.SetAction(_ => ListPorts(context));
            root.Subcommands.Add(listPortsAlias);

            var info = new Command("info", "Show firmware, chip, device name and Wi-Fi state");
            info.SetAction(r => context.WithClient(r, port, baud, timeout, verbose, c => Info(context, c)));
            root.Subcommands.Add(info);

            var ssid = new Option<string?>("--ssid") { Description = "Wi-Fi network name" };
            var password = new Option<string?>("--password") { Description = "Wi-Fi password (omit for an open network)" };
            var scan = new Option<bool>("--scan") { Description = "List the networks the terminal sees instead" };
            var wifi = new Command("wifi", "Set Wi-Fi with Improv (the terminal connects before it stores the credentials)");
            wifi.Options.Add(ssid);
            wifi.Options.Add(password);
            wifi.Options.Add(scan);
            wifi.SetAction(r =>
            {
                if (!r.GetValue(scan) && string.IsNullOrEmpty(r.GetValue(ssid)))
                {
                    return context.Usage("wifi needs --ssid NAME [--password PW], or --scan");
                }

                return context.WithClient(r, port, baud, timeout, verbose, c => Wifi(context, c, r.GetValue(scan), r.GetValue(ssid) ?? string.Empty, r.GetValue(password) ?? string.Empty));
            });
            root.Subcommands.Add(wifi);

            var setKey = new Argument<string>("key") { Description = "Setting name (see 'get')" };
            var setValue = new Argument<string>("value") { Description = "New value; empty clears; @file reads a file (required for ca)" };
            var set = new Command("set", "Change one setting (applied atomically)");
            set.Arguments.Add(setKey);
            set.Arguments.Add(setValue);
            set.SetAction(r => context.WithClient(r, port, baud, timeout, verbose, c => Set(context, c, r.GetValue(setKey)!, r.GetValue(setValue)!)));
            root.Subcommands.Add(set);

            var getKey = new Argument<string?>("key") { Description = "Setting name; omit for all", Arity = ArgumentArity.ZeroOrOne };
            var get = new Command("get", "Read settings (secrets read as set / not set)");
            get.Arguments.Add(getKey);
            get.SetAction(r => context.WithClient(r, port, baud, timeout, verbose, c => Get(context, c, r.GetValue(getKey))));
            root.Subcommands.Add(get);

            var profile = new Argument<string>("profile") { Description = "profile.json with the terminal's settings" };
            var apply = new Command("apply", "Apply a whole profile in one atomic step, then read it back");
            apply.Arguments.Add(profile);
            apply.SetAction(r =>
            {
                Profile parsed;
                try
                {
                    parsed = Profile.Load(r.GetValue(profile)!);
                }
                catch (ProvisionException ex)
                {
                    return context.Fail(ex);
                }

                return context.WithClient(r, port, baud, timeout, verbose, c => Apply(context, c, parsed));
            });
            root.Subcommands.Add(apply);

            var diag = new Command("diag", "Show diagnostics: firmware, ledger, backlog, flash, sync, errors");
            diag.SetAction(r => context.WithClient(r, port, baud, timeout, verbose, c => Diag(context, c)));
            root.Subcommands.Add(diag);

            var confirm = new Option<bool>("--confirm") { Description = "Really erase (required)" };
            var resetWifi = new Option<bool>("--wifi") { Description = "Also forget the Wi-Fi credentials" };
            var resetCert = new Option<bool>("--cert") { Description = "Also delete the CA certificate" };
            var reset = new Command("reset", "Factory reset: erase the loyalty settings (Wi-Fi and certificate stay unless asked)");
            reset.Options.Add(confirm);
            reset.Options.Add(resetWifi);
            reset.Options.Add(resetCert);
            reset.SetAction(r =>
            {
                byte scope = (byte)((r.GetValue(resetWifi) ? ResetScope.Wifi : 0) | (r.GetValue(resetCert) ? ResetScope.Certificate : 0));
                if (!r.GetValue(confirm))
                {
                    return context.Usage("reset erases " + ScopeText(scope) + " on the terminal; re-run with --confirm to do it");
                }

                return context.WithClient(r, port, baud, timeout, verbose, c =>
                {
                    c.FactoryReset(scope);
                    stdout.WriteLine("reset done: erased " + ScopeText(scope));
                    return ExitCodes.Ok;
                });
            });
            root.Subcommands.Add(reset);

            ParseResult parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                foreach (var error in parse.Errors)
                {
                    stderr.WriteLine("error: " + error.Message);
                }

                stderr.WriteLine("run with --help for usage");
                return ExitCodes.Usage;
            }

            var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
            return parse.Invoke(config);
        }

        private static string ScopeText(byte scope)
        {
            var parts = new List<string> { "the loyalty settings" };
            if ((scope & ResetScope.Wifi) != 0)
            {
                parts.Add("the Wi-Fi credentials");
            }

            if ((scope & ResetScope.Certificate) != 0)
            {
                parts.Add("the CA certificate");
            }

            return string.Join(", ", parts);
        }

        private static int ListPorts(Context context)
        {
            string[] ports = SerialServicePort.ListPorts();
            if (ports.Length == 0)
            {
                context.Err.WriteLine("no serial ports found (plug in the USB adapter; on Linux check dmesg)");
            }

            foreach (string p in ports)
            {
                context.Out.WriteLine(p);
            }

            return ExitCodes.Ok;
        }

        private static int Info(Context context, ProvisioningClient client)
        {
            HelloInfo hello = client.Hello();
            string[] device = client.DeviceInfo();
            ImprovState state = client.CurrentState();
            var o = context.Out;
            o.WriteLine("firmware: " + device.ElementAtOrDefault(0) + " " + device.ElementAtOrDefault(1));
            o.WriteLine("chip:     " + device.ElementAtOrDefault(2));
            o.WriteLine("device:   " + device.ElementAtOrDefault(3));
            o.WriteLine("wifi:     " + state switch
            {
                ImprovState.Provisioned => "connected (Improv: provisioned)",
                ImprovState.Provisioning => "connecting (Improv: provisioning)",
                ImprovState.Authorized => "not connected (Improv: ready)",
                _ => "Improv state " + (int)state,
            });
            o.WriteLine("protocol: loyalty v" + hello.ProtocolVersion + ", Improv Serial v1, max payload " + hello.MaxPayload + " bytes");
            return ExitCodes.Ok;
        }

        private static int Wifi(Context context, ProvisioningClient client, bool scan, string ssid, string password)
        {
            if (scan)
            {
                foreach (string[] n in client.Scan())
                {
                    context.Out.WriteLine($"{n.ElementAtOrDefault(0),-32} {n.ElementAtOrDefault(1),5} dBm  {(n.ElementAtOrDefault(2) == "YES" ? "secured" : "open")}");
                }

                return ExitCodes.Ok;
            }

            string[] urls = client.SetWifi(ssid, password, 60000, s => context.Err.WriteLine("wifi: " + s));
            context.Out.WriteLine("wifi: connected to " + ssid + " and saved");
            foreach (string url in urls)
            {
                context.Out.WriteLine("device url: " + url);
            }

            return ExitCodes.Ok;
        }

        private static int Set(Context context, ProvisioningClient client, string key, string value)
        {
            byte[]? certificate = null;
            if (key == SettingKeys.CertificateName && value.Length > 0)
            {
                if (!value.StartsWith('@'))
                {
                    return context.Usage("ca takes a file: set ca @path/to/ca.pem (or set ca \"\" to remove it)");
                }

                certificate = Profile.ReadCertificate(value.Substring(1));
            }
            else if (value.StartsWith('@'))
            {
                string path = value.Substring(1);
                if (!File.Exists(path))
                {
                    throw new ProvisionException(ExitCodes.NoInput, "file not found: " + path);
                }

                value = File.ReadAllText(path).Trim();
            }

            client.Begin();
            try
            {
                if (certificate != null)
                {
                    UploadWithProgress(context, client, certificate, value.Substring(1));
                }
                else
                {
                    client.Set(key, value);
                }

                client.Commit();
            }
            catch (DeviceRefusedException)
            {
                TryAbort(client);
                throw;
            }

            context.Out.WriteLine(key + ": saved");
            return ExitCodes.Ok;
        }

        private static int Get(Context context, ProvisioningClient client, string? key)
        {
            if (key != null)
            {
                context.Out.WriteLine(client.Get(key).Value);
                return ExitCodes.Ok;
            }

            List<string> keys = client.Keys();
            int width = keys.Max(k => k.Length);
            foreach (string k in keys)
            {
                SettingValue v = client.Get(k);
                context.Out.WriteLine(k.PadRight(width) + " = " + v.Value);
            }

            return ExitCodes.Ok;
        }

        private static int Apply(Context context, ProvisioningClient client, Profile profile)
        {
            HelloInfo hello = client.Hello();
            List<string> known = client.Keys();
            foreach (var (key, _) in profile.Values)
            {
                if (!known.Contains(key))
                {
                    throw new ProvisionException(ExitCodes.DataError, profile.Path + ": unknown key '" + key + "' (known: " + string.Join(", ", known) + ")");
                }
            }

            context.Err.WriteLine("applying " + profile.Path + " to " + hello.DeviceName + " (" + profile.Values.Count + " settings" + (profile.Certificate != null ? " + certificate" : string.Empty) + ")");
            client.Begin();
            try
            {
                foreach (var (key, value) in profile.Values)
                {
                    client.Set(key, value);
                }

                if (profile.Certificate != null)
                {
                    UploadWithProgress(context, client, profile.Certificate, profile.CertificatePath!);
                }
                else if (profile.RemoveCertificate)
                {
                    client.Set(SettingKeys.CertificateName, string.Empty);
                }

                uint generation = client.Commit();
                context.Err.WriteLine("committed (configuration generation " + generation + ")");
            }
            catch (DeviceRefusedException ex)
            {
                TryAbort(client);
                throw new ProvisionException(ex.ExitCode, ex.Message + " -- nothing was changed on the terminal", ex);
            }

            // Read everything back so the technician sees what the terminal now holds.
            int mismatches = 0;
            foreach (var (key, value) in profile.Values)
            {
                SettingValue actual = client.Get(key);
                string expected = actual.IsSecret ? (value.Length > 0 ? "set" : "not set") : value;
                bool same = string.Equals(actual.Value, expected, StringComparison.OrdinalIgnoreCase);
                if (!same)
                {
                    mismatches++;
                }

                context.Out.WriteLine($"{key,-20} = {actual.Value}{(same ? string.Empty : "   <-- expected " + expected)}");
            }

            if (profile.Certificate != null || profile.RemoveCertificate)
            {
                context.Out.WriteLine($"{"ca",-20} = {client.Get(SettingKeys.CertificateName).Value}");
            }

            if (mismatches > 0)
            {
                throw new ProvisionException(ExitCodes.Failed, mismatches + " setting(s) read back differently than applied");
            }

            return ExitCodes.Ok;
        }

        private static int Diag(Context context, ProvisioningClient client)
        {
            foreach (var (name, value) in client.Diagnostics())
            {
                string shown = value;
                if (name == "sync.last")
                {
                    shown = uint.TryParse(value, out uint seconds) && seconds > 0
                        ? DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)
                        : "never";
                }
                else if (name == "flash.free" && long.TryParse(value, out long bytes))
                {
                    shown = bytes + " bytes (" + (bytes / 1024) + " KiB)";
                }
                else if (name == "error.last" && value.Length == 0)
                {
                    shown = "none";
                }

                context.Out.WriteLine($"{name,-20} {shown}");
            }

            return ExitCodes.Ok;
        }

        private static void UploadWithProgress(Context context, ProvisioningClient client, byte[] pem, string name)
        {
            int lastShown = -1;
            client.UploadCertificate(pem, (sent, total) =>
            {
                int percent = total == 0 ? 100 : sent * 100 / total;
                if (context.Interactive)
                {
                    context.Err.Write($"\ruploading certificate {name}: {sent}/{total} bytes ({percent}%)");
                    if (sent == total)
                    {
                        context.Err.WriteLine();
                    }
                }
                else if (percent / 25 != lastShown / 25 || sent == total)
                {
                    context.Err.WriteLine($"uploading certificate {name}: {sent}/{total} bytes ({percent}%)");
                }

                lastShown = percent;
            });
        }

        private static void TryAbort(ProvisioningClient client)
        {
            try
            {
                client.Abort();
            }
            catch (ProvisionException)
            {
                // The staged changes expire on the terminal anyway.
            }
        }

        private sealed class Context
        {
            public Context(TextWriter stdout, TextWriter stderr, bool interactive)
            {
                Out = stdout;
                Err = stderr;
                Interactive = interactive;
            }

            public TextWriter Out { get; }

            public TextWriter Err { get; }

            public bool Interactive { get; }

            public int Usage(string message)
            {
                Err.WriteLine("error: " + message);
                return ExitCodes.Usage;
            }

            public int Fail(ProvisionException ex)
            {
                Err.WriteLine("error: " + ex.Message);
                return ex.ExitCode;
            }

            public int WithClient(ParseResult r, Option<string?> portOption, Option<int> baudOption, Option<int> timeoutOption, Option<bool> verboseOption, Func<ProvisioningClient, int> action)
            {
                string? name = r.GetValue(portOption) ?? Environment.GetEnvironmentVariable(PortVariable);
                if (string.IsNullOrEmpty(name))
                {
                    return Usage("no port given: pass --port PORT or set " + PortVariable + " (see list-ports)");
                }

                SerialServicePort port;
                try
                {
                    port = SerialServicePort.Open(name, r.GetValue(baudOption));
                }
                catch (ServicePortBusyException ex)
                {
                    return Fail(new ProvisionException(ExitCodes.TempFail, "port busy: " + ex.Message));
                }
                catch (FileNotFoundException ex)
                {
                    return Fail(new ProvisionException(ExitCodes.Unavailable, "no such port: " + ex.Message));
                }
                catch (UnauthorizedAccessException ex)
                {
                    return Fail(new ProvisionException(ExitCodes.NoPermission, "cannot open " + name + ": " + ex.Message + " (on Linux add your user to the 'dialout' group and log in again)"));
                }
                catch (IOException ex)
                {
                    return Fail(new ProvisionException(ExitCodes.IoError, "cannot open " + name + ": " + ex.Message));
                }

                using (port)
                {
                    var client = new ProvisioningClient(port, name, r.GetValue(timeoutOption));
                    if (r.GetValue(verboseOption))
                    {
                        client.DeviceLog += line => Err.WriteLine("device: " + line);
                    }

                    try
                    {
                        return action(client);
                    }
                    catch (ProvisionException ex)
                    {
                        return Fail(ex);
                    }
                    catch (IOException ex)
                    {
                        return Fail(new ProvisionException(ExitCodes.IoError, "serial I/O failed on " + name + ": " + ex.Message));
                    }
                    catch (TimeoutException ex)
                    {
                        return Fail(new ProvisionException(ExitCodes.IoError, "serial write timed out on " + name + ": " + ex.Message));
                    }
                }
            }
        }
    }
}
