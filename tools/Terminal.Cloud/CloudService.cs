using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using MQTTnet;
using MQTTnet.Protocol;
using Terminal.CardTrust;

namespace Terminal.Cloud
{
    /// <summary>
    /// The reference sync service (docs/sync.md). It subscribes to every terminal's uplink with a
    /// persistent session, applies each batch in one database transaction keyed on (terminal,
    /// sequence), acknowledges the contiguous prefix with a retained cumulative ack (and a gap hint),
    /// pushes changed card balances to the tenant's other terminals, and answers a terminal's
    /// online status with its retained ack, configuration, blocked list and a balance resync.
    /// Every balance message covers a contiguous range of the tenant's change numbers (docs/sync.md);
    /// the sender of a batch gets its range too, with no card, so its cursor follows on.
    /// The broker's PUBACK to a batch follows the database commit, so a crash in between makes
    /// the broker redeliver, and redelivery is a no-op.
    /// </summary>
    public sealed class CloudService : IAsyncDisposable
    {
        private readonly CloudOptions _options;
        private readonly CloudDatabase _db;
        private readonly CardTrustChecks _trust;
        private readonly SemaphoreSlim _dbLock = new(1, 1);
        private readonly IMqttClient _client;
        private readonly Channel<MqttApplicationMessage> _outgoing = Channel.CreateUnbounded<MqttApplicationMessage>(new UnboundedChannelOptions { SingleReader = true });
        private readonly CancellationTokenSource _stop = new();
        private readonly X509Certificate2? _ca;
        private TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TaskCompletionSource _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Task? _loop;
        private int _pending;

        private CloudService(CloudOptions options)
        {
            _options = options;
            _db = CloudDatabase.Open(options.Database);
            _trust = new CardTrustChecks(_db, options.OriginalityPublicKey == null ? OriginalitySignature.Nxp() : new OriginalitySignature(options.OriginalityPublicKey), options.ClockSkewSeconds);
            if (options.CaCertificatePath != null)
            {
                _ca = X509Certificate2.CreateFromPem(File.ReadAllText(options.CaCertificatePath));
            }

            _client = new MqttClientFactory().CreateMqttClient();
            _client.ApplicationMessageReceivedAsync += OnMessageAsync;
            _client.DisconnectedAsync += _ =>
            {
                _disconnected.TrySetResult();
                return Task.CompletedTask;
            };
        }

        /// <summary>Counters.</summary>
        public CloudStats Stats { get; } = new();

        /// <summary>True while connected to the broker.</summary>
        public bool IsConnected => _client.IsConnected;

        /// <summary>Opens the database, connects and subscribes; returns once the first connection is up (or after 10 s, reconnecting in the background).</summary>
        public static async Task<CloudService> StartAsync(CloudOptions options, CancellationToken cancellationToken = default)
        {
            CloudService service = new(options);
            service.Log("starting: " + options);
            service._loop = Task.Run(() => service.RunAsync(service._stop.Token));
            _ = Task.Run(() => service.SendLoopAsync(service._stop.Token));
            await Task.WhenAny(service._connected.Task, Task.Delay(TimeSpan.FromSeconds(10), cancellationToken)).ConfigureAwait(false);
            return service;
        }

        /// <summary>Waits until the service is connected and subscribed.</summary>
        public Task WaitConnectedAsync() => _connected.Task;

        /// <summary>Waits until every queued message has been published (QoS 1: the broker acknowledged it); false after <paramref name="timeout"/>.</summary>
        public async Task<bool> DrainAsync(TimeSpan timeout)
        {
            DateTime end = DateTime.UtcNow + timeout;
            while (Volatile.Read(ref _pending) > 0)
            {
                if (DateTime.UtcNow > end)
                {
                    return false;
                }

                await Task.Delay(20).ConfigureAwait(false);
            }

            return true;
        }

        /// <summary>Stores a new configuration for a tenant (the payload's <c>ver</c> is set here) and publishes it, retained, to its terminals.</summary>
        public async Task<long> PublishConfigAsync(string tenantId, Func<long, byte[]> payloadForVersion)
        {
            long version;
            List<string> terminals;
            await _dbLock.WaitAsync().ConfigureAwait(false);
            try
            {
                version = _db.SetConfig(tenantId, v => Encoding.UTF8.GetString(payloadForVersion(v)));
                terminals = _db.TerminalsOf(tenantId);
            }
            finally
            {
                _dbLock.Release();
            }

            byte[] payload = payloadForVersion(version);
            foreach (string t in terminals)
            {
                Enqueue(Topic(t, "down/config"), payload, true);
            }

            return version;
        }

        /// <summary>Blocks or unblocks a card and publishes the tenant's new list, retained, to its terminals.</summary>
        public async Task<long> SetBlockedAsync(string tenantId, string uid, bool blocked)
        {
            if (!CloudCodec.IsValidUid(uid))
            {
                throw new ArgumentException("uid must be 8, 14 or 20 upper-case hex digits", nameof(uid));
            }

            (long Version, List<string> Uids) list;
            List<string> terminals;
            await _dbLock.WaitAsync().ConfigureAwait(false);
            try
            {
                _db.SetBlocked(tenantId, uid, blocked, _options.Now());
                list = _db.Blocked(tenantId);
                terminals = _db.TerminalsOf(tenantId);
            }
            finally
            {
                _dbLock.Release();
            }

            PublishBlocked(list, terminals);
            return list.Version;
        }

        /// <summary>The card-trust findings so far (all cards, newest first).</summary>
        public async Task<List<Finding>> FindingsAsync()
        {
            await _dbLock.WaitAsync().ConfigureAwait(false);
            try
            {
                return _db.Findings();
            }
            finally
            {
                _dbLock.Release();
            }
        }

        private void PublishBlocked((long Version, List<string> Uids) list, List<string> terminals)
        {
            byte[] payload = CloudCodec.WriteBlocked(list.Version, list.Uids);
            foreach (string t in terminals)
            {
                Enqueue(Topic(t, "down/blocked"), payload, true);
            }
        }

        /// <summary>Disconnects and closes the database.</summary>
        public async Task StopAsync()
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            _stop.Cancel();
            if (_loop != null)
            {
                try
                {
                    await _loop.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }

            try
            {
                if (_client.IsConnected)
                {
                    await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Log("disconnect: " + e.Message);
            }

            _client.Dispose();
            await _dbLock.WaitAsync().ConfigureAwait(false);
            _db.Dispose();
            Log("stopped: " + Stats);
        }

        /// <inheritdoc/>
        public async ValueTask DisposeAsync()
        {
            await StopAsync().ConfigureAwait(false);
        }

        private static string Topic(string terminalId, string leaf) => "loyalty/" + terminalId + "/" + leaf;

        private async Task RunAsync(CancellationToken stop)
        {
            TimeSpan delay = TimeSpan.FromMilliseconds(100);
            string filter = (_options.SharedGroup == null ? string.Empty : "$share/" + _options.SharedGroup + "/") + "loyalty/+/up/#";
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    _disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    MqttClientConnectResult result = await _client.ConnectAsync(BuildOptions(), stop).ConfigureAwait(false);
                    if (result.ResultCode != MqttClientConnectResultCode.Success)
                    {
                        throw new IOException("connect refused: " + result.ResultCode);
                    }

                    if (_options.Subscribe)
                    {
                        MqttClientSubscribeResult sub = await _client.SubscribeAsync(
                            new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce).Build(), stop).ConfigureAwait(false);
                        foreach (MqttClientSubscribeResultItem item in sub.Items)
                        {
                            if (item.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2)
                            {
                                throw new IOException("subscription refused: " + item.ResultCode);
                            }
                        }
                    }

                    Log("connected (session present: " + result.IsSessionPresent + "), subscribed to " + filter);
                    _connected.TrySetResult();
                    delay = TimeSpan.FromMilliseconds(100);
                    await Task.WhenAny(_disconnected.Task, Task.Delay(Timeout.Infinite, stop)).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    Log("connection: " + e.GetType().Name + ": " + e.Message);
                }

                if (stop.IsCancellationRequested)
                {
                    break;
                }

                try
                {
                    await Task.Delay(delay, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }

        private MqttClientOptions BuildOptions()
        {
            MqttClientOptionsBuilder b = new MqttClientOptionsBuilder()
                .WithTcpServer(_options.BrokerHost, _options.BrokerPort)
                .WithClientId(_options.ClientId)
                .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
                .WithCleanStart(!_options.Subscribe)
                .WithSessionExpiryInterval(_options.Subscribe ? 7u * 24 * 3600 : 0u)
                .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
                .WithTimeout(TimeSpan.FromSeconds(10));
            if (_options.UserName != null)
            {
                b = b.WithCredentials(_options.UserName, _options.Password ?? string.Empty);
            }

            if (_ca != null)
            {
                X509Certificate2 ca = _ca;
                b = b.WithTlsOptions(o => o.UseTls(true).WithTargetHost(_options.BrokerHost).WithCertificateValidationHandler(args =>
                {
                    if ((args.SslPolicyErrors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None || args.Certificate == null)
                    {
                        return false;
                    }

                    using X509Certificate2 server = X509CertificateLoader.LoadCertificate(args.Certificate.GetRawCertData());
                    using X509Chain chain = new();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(ca);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(server);
                }));
            }

            return b.Build();
        }

        private void Enqueue(string topic, byte[] payload, bool retain)
        {
            Interlocked.Increment(ref _pending);
            _outgoing.Writer.TryWrite(new MqttApplicationMessageBuilder()
                .WithTopic(topic)
                .WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithRetainFlag(retain)
                .Build());
        }

        /// <summary>
        /// Publishes from its own loop, never from the receive handler, so a handler never waits
        /// on a PUBACK. While disconnected, messages wait (acks and balances are also recovered
        /// by the terminal's next status).
        /// </summary>
        private async Task SendLoopAsync(CancellationToken stop)
        {
            ChannelReader<MqttApplicationMessage> reader = _outgoing.Reader;
            try
            {
                while (await reader.WaitToReadAsync(stop).ConfigureAwait(false))
                {
                    while (reader.TryPeek(out MqttApplicationMessage? message))
                    {
                        if (!_client.IsConnected)
                        {
                            await Task.Delay(50, stop).ConfigureAwait(false);
                            continue;
                        }

                        try
                        {
                            await _client.PublishAsync(message, stop).ConfigureAwait(false);
                            reader.TryRead(out _);
                            Interlocked.Decrement(ref _pending);
                        }
                        catch (Exception e) when (e is not OperationCanceledException && e is not OutOfMemoryException)
                        {
                            await Task.Delay(50, stop).ConfigureAwait(false);
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
        {
            MqttApplicationMessage m = e.ApplicationMessage;
            string topic = m.Topic;
            ReadOnlySequence<byte> payload = m.Payload;
            if (payload.Length > _options.MaxPayloadBytes)
            {
                Reject(topic, "payload too large (" + payload.Length + " bytes)");
                return;
            }

            string[] parts = topic.Split('/');
            if (parts.Length != 4 || parts[0] != "loyalty" || parts[2] != "up" || !CloudCodec.IsValidId(parts[1]))
            {
                Reject(topic, "unexpected topic");
                return;
            }

            string terminalId = parts[1];
            byte[] bytes = payload.ToArray();
            try
            {
                if (parts[3] == "tx")
                {
                    await OnBatchAsync(terminalId, bytes).ConfigureAwait(false);
                }
                else if (parts[3] == "status")
                {
                    await OnStatusAsync(terminalId, bytes).ConfigureAwait(false);
                }
                else
                {
                    Reject(topic, "unexpected topic");
                }
            }
            catch (PayloadException p)
            {
                Reject(topic, p.Message);
            }
            catch (Exception x) when (x is not OutOfMemoryException)
            {
                // No application ack: the terminal resends after its timeout.
                Log("failed on " + topic + ": " + x.GetType().Name + ": " + x.Message);
            }
        }

        private async Task OnBatchAsync(string terminalId, byte[] payload)
        {
            CloudCodec.Batch batch = CloudCodec.ReadBatch(payload);
            if (batch.TerminalId != terminalId)
            {
                throw new PayloadException("tid does not match the topic");
            }

            await _dbLock.WaitAsync().ConfigureAwait(false);
            try
            {
                BatchResult result = _db.ApplyBatch(terminalId, batch.TenantId, batch.ShopId, batch.Rows, _options.Now(), _options.AutoRegister);
                if (result.Refused != null)
                {
                    throw new PayloadException(result.Refused);
                }

                (long Version, List<string> Uids)? blockedList = null;
                List<string> blockedTo = new();
                if (_options.CardTrust && result.CheckCards.Count > 0)
                {
                    // After the commit, before the ack: a crash here makes the broker redeliver, and the
                    // redelivered rows are checked again (findings are recorded once).
                    List<Finding> found = _trust.Run(result.Tenant, terminalId, result.CheckCards, _options.Now(), out List<string> newlyBlocked);
                    foreach (Finding f in found.Where(f => newlyBlocked.Contains(f.Uid)))
                    {
                        Log("card " + f.Uid + " blocked: " + f.Check + ": " + f.Detail);
                    }

                    if (newlyBlocked.Count > 0)
                    {
                        blockedList = _db.Blocked(result.Tenant);
                        blockedTo = _db.TerminalsOf(result.Tenant);
                    }
                }

                // Cut the messages before anything is queued, so a refused card list leaves no half-sent push.
                List<(string Terminal, List<BalancePage> Pages)> pushes = new();
                if (result.ChangeEnd > result.ChangeFrom)
                {
                    foreach ((string recipient, List<CardView> cards) in result.Views)
                    {
                        pushes.Add((recipient, BalancePage.Split(cards, result.ChangeFrom, result.ChangeEnd, _options.MaxCardsPerMessage)));
                    }
                }

                Stats.Batch(result);
                if (result.GapAt > 0)
                {
                    Log($"gap from {terminalId}: expected {result.LastSeq + 1}, got {result.GapAt}");
                }

                if (result.Conflicts > 0)
                {
                    Log($"{result.Conflicts} resent transactions of {terminalId} differ from the stored ones (terminal id reused?)");
                }

                if (blockedList != null)
                {
                    Stats.Blocked();
                    PublishBlocked(blockedList.Value, blockedTo);
                }

                // Queued under the lock: one instance's balance messages to a terminal leave in change order.
                Enqueue(Topic(terminalId, "down/ack"), CloudCodec.WriteAck(result.LastSeq, result.GapAt), true);
                Stats.Ack();
                if (result.ChangeEnd > result.ChangeFrom)
                {
                    // The sender's own transactions leave its view unchanged (oth and vu exclude its share),
                    // but its cursor must still pass the range, or the next push would look like a gap to it.
                    SendBalances(terminalId, new[] { new BalancePage(result.ChangeFrom, result.ChangeEnd, Array.Empty<CardView>()) });
                    foreach ((string recipient, List<BalancePage> pages) in pushes)
                    {
                        SendBalances(recipient, pages);
                    }
                }
            }
            finally
            {
                _dbLock.Release();
            }
        }

        private async Task OnStatusAsync(string terminalId, byte[] payload)
        {
            CloudCodec.Status status = CloudCodec.ReadStatus(payload, terminalId);
            await _dbLock.WaitAsync().ConfigureAwait(false);
            try
            {
                (string Tenant, long LastSeq)? known = _db.Terminal(terminalId);
                if (known == null && status.Online && _options.AutoRegister)
                {
                    _db.RegisterTerminal(terminalId, status.TenantId!, status.ShopId!);
                    known = _db.Terminal(terminalId);
                }

                if (known == null)
                {
                    throw new PayloadException("unknown terminal " + terminalId);
                }

                _db.RecordStatus(terminalId, status.Online, status.Last, status.Firmware, _options.Now());
                if (!status.Online)
                {
                    return;
                }

                if (status.TenantId != known.Value.Tenant)
                {
                    throw new PayloadException("terminal " + terminalId + " belongs to another tenant");
                }

                (long Version, string Json)? config = _db.Config(known.Value.Tenant);
                (long Version, List<string> Uids) blocked = _db.Blocked(known.Value.Tenant);
                long cursor = status.Cursor ?? 0;
                (List<CardView> cards, long changeEnd) = _db.ViewsChangedSince(known.Value.Tenant, cursor, terminalId);
                int room = Math.Min(status.Room ?? int.MaxValue, _options.MaxResyncCards);
                List<BalancePage>? resync = changeEnd > cursor ? BalancePage.SplitResync(cards, cursor, changeEnd, _options.MaxCardsPerMessage, room) : null;

                // Retained copies may have been lost with a broker restart: send them again.
                Enqueue(Topic(terminalId, "down/ack"), CloudCodec.WriteAck(known.Value.LastSeq, 0), true);
                if (config != null)
                {
                    Enqueue(Topic(terminalId, "down/config"), Encoding.UTF8.GetBytes(config.Value.Json), true);
                }

                if (blocked.Version > 0)
                {
                    Enqueue(Topic(terminalId, "down/blocked"), CloudCodec.WriteBlocked(blocked.Version, blocked.Uids), true);
                }

                if (resync != null)
                {
                    // Under the lock, like the pushes: a push queued after this resync follows on from its end.
                    SendBalances(terminalId, resync);
                }
            }
            finally
            {
                _dbLock.Release();
            }
        }

        private void SendBalances(string terminalId, IEnumerable<BalancePage> pages)
        {
            foreach (BalancePage page in pages)
            {
                Enqueue(Topic(terminalId, "down/balance"), CloudCodec.WriteBalances(page.Cards, page.From, page.End, page.More), false);
                Stats.Balance();
            }
        }

        private void Reject(string topic, string reason)
        {
            Stats.Reject(topic + ": " + reason);
            Log("rejected message on " + topic + ": " + reason);
        }

        private void Log(string line)
        {
            _options.Log?.Invoke("cloud: " + line);
        }
    }
}
