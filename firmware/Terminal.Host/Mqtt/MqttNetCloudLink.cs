using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using MQTTnet;
using MQTTnet.Protocol;
using Terminal.Core.Ports;

namespace Terminal.Host.Mqtt
{
    /// <summary>
    /// <see cref="ICloudLink"/> over MQTTnet 5 (MQTT 5, persistent session, QoS 1, optional TLS
    /// with a private CA, user name and password, retained Last Will). A background loop
    /// connects and reconnects with backoff and re-subscribes on every connection; a sender
    /// publishes queued messages one at a time, in order. Incoming messages wait in a queue the
    /// core polls. The password is never logged.
    /// </summary>
    public sealed class MqttNetCloudLink : ICloudLink, IDisposable
    {
        private const int MaxInbox = 10000;

        private readonly MqttLinkOptions _options;
        private readonly Action<string>? _log;
        private readonly IMqttClient _client;
        private readonly List<string> _filters = new();
        private readonly ConcurrentQueue<CloudMessage> _inbox = new();
        private readonly object _gate = new();
        private readonly X509Certificate2? _ca;
        private Channel<MqttApplicationMessage> _outgoing;
        private CancellationTokenSource? _stop;
        private Task? _loop;
        private TaskCompletionSource _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private string? _willTopic;
        private byte[]? _willPayload;
        private volatile bool _connected;
        private int _session;
        private long _published;
        private long _refused;
        private long _droppedIncoming;

        /// <summary>Creates a link; nothing connects until <see cref="Open"/>.</summary>
        public MqttNetCloudLink(MqttLinkOptions options, Action<string>? log = null)
        {
            _options = options;
            _log = log;
            _client = new MqttClientFactory().CreateMqttClient();
            _client.ApplicationMessageReceivedAsync += OnMessageAsync;
            _client.DisconnectedAsync += OnDisconnectedAsync;
            _outgoing = NewQueue();
            if (options.CaCertificatePath != null)
            {
                _ca = X509Certificate2.CreateFromPem(File.ReadAllText(options.CaCertificatePath));
            }
        }

        /// <inheritdoc/>
        public bool IsConnected => _connected;

        /// <inheritdoc/>
        public int Session => Volatile.Read(ref _session);

        /// <summary>Messages the broker acknowledged (PUBACK success).</summary>
        public long Published => Interlocked.Read(ref _published);

        /// <summary>Messages the broker refused (for example not authorised by the ACL).</summary>
        public long Refused => Interlocked.Read(ref _refused);

        /// <summary>Incoming messages dropped because nobody polled.</summary>
        public long DroppedIncoming => Interlocked.Read(ref _droppedIncoming);

        /// <summary>Reason of the last failed connection attempt (no secrets).</summary>
        public string? LastError { get; private set; }

        /// <inheritdoc/>
        public void SetWill(string topic, byte[] payload)
        {
            _willTopic = topic;
            _willPayload = payload;
        }

        /// <inheritdoc/>
        public void Subscribe(string topicFilter)
        {
            lock (_gate)
            {
                _filters.Add(topicFilter);
            }
        }

        /// <inheritdoc/>
        public void Open()
        {
            lock (_gate)
            {
                if (_loop != null)
                {
                    return;
                }

                _stop = new CancellationTokenSource();
                _loop = Task.Run(() => RunAsync(_stop.Token));
            }
        }

        /// <inheritdoc/>
        public void Close()
        {
            Task? loop;
            lock (_gate)
            {
                loop = _loop;
                _stop?.Cancel();
                _loop = null;
            }

            try
            {
                loop?.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
            }

            _connected = false;
            if (_client.IsConnected)
            {
                try
                {
                    // A normal disconnect: the broker discards the Will.
                    _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build()).Wait(TimeSpan.FromSeconds(5));
                }
                catch (AggregateException)
                {
                }
            }
        }

        /// <summary>Drops the connection without a DISCONNECT packet, as a crash would (the broker sends the Will).</summary>
        public void Abort()
        {
            Task? loop;
            lock (_gate)
            {
                loop = _loop;
                _stop?.Cancel();
                _loop = null;
            }

            _connected = false;
            try
            {
                _client.Dispose();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        /// <inheritdoc/>
        public bool Publish(string topic, byte[] payload, int qos, bool retain)
        {
            if (!_connected)
            {
                return false;
            }

            MqttApplicationMessage message = new MqttApplicationMessageBuilder()
                .WithTopic(topic)
                .WithPayload(payload)
                .WithQualityOfServiceLevel(qos >= 1 ? MqttQualityOfServiceLevel.AtLeastOnce : MqttQualityOfServiceLevel.AtMostOnce)
                .WithRetainFlag(retain)
                .Build();
            return _outgoing.Writer.TryWrite(message);
        }

        /// <inheritdoc/>
        public bool TryReceive(CloudMessage into)
        {
            if (!_inbox.TryDequeue(out CloudMessage? message))
            {
                return false;
            }

            into.CopyFrom(message);
            return true;
        }

        /// <inheritdoc/>
        public void Dispose()
        {
            Close();
            _client.Dispose();
            _ca?.Dispose();
        }

        private Channel<MqttApplicationMessage> NewQueue()
        {
            return Channel.CreateBounded<MqttApplicationMessage>(new BoundedChannelOptions(_options.MaxOutgoing)
            {
                SingleReader = true,
                FullMode = BoundedChannelFullMode.DropWrite,
            });
        }

        private async Task RunAsync(CancellationToken stop)
        {
            TimeSpan delay = _options.MinReconnectDelay;
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

                    string[] filters;
                    lock (_gate)
                    {
                        filters = _filters.ToArray();
                    }

                    foreach (string filter in filters)
                    {
                        MqttClientSubscribeResult sub = await _client.SubscribeAsync(
                            new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce).Build(), stop).ConfigureAwait(false);
                        foreach (MqttClientSubscribeResultItem item in sub.Items)
                        {
                            if (item.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2)
                            {
                                Log("subscription to " + filter + " refused: " + item.ResultCode);
                            }
                        }
                    }

                    // Messages queued for the old connection are dropped: the core resends from its last ack.
                    _outgoing = NewQueue();
                    Interlocked.Increment(ref _session);
                    _connected = true;
                    delay = _options.MinReconnectDelay;
                    LastError = null;
                    await SendLoopAsync(stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    LastError = e.GetType().Name + ": " + e.Message;
                }

                _connected = false;
                if (stop.IsCancellationRequested)
                {
                    break;
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
                    LastError ??= e.Message;
                }

                try
                {
                    await Task.Delay(delay, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxReconnectDelay.Ticks));
            }

            _connected = false;
        }

        private async Task SendLoopAsync(CancellationToken stop)
        {
            ChannelReader<MqttApplicationMessage> reader = _outgoing.Reader;
            Task disconnected = _disconnected.Task;
            while (!stop.IsCancellationRequested && _client.IsConnected)
            {
                Task<bool> ready = reader.WaitToReadAsync(stop).AsTask();
                Task first = await Task.WhenAny(ready, disconnected).ConfigureAwait(false);
                if (first == disconnected || !await ready.ConfigureAwait(false))
                {
                    return;
                }

                while (reader.TryRead(out MqttApplicationMessage? message))
                {
                    MqttClientPublishResult result = await _client.PublishAsync(message, stop).ConfigureAwait(false);
                    if (result.IsSuccess)
                    {
                        Interlocked.Increment(ref _published);
                    }
                    else
                    {
                        Interlocked.Increment(ref _refused);
                        Log("publish to " + message.Topic + " refused: " + result.ReasonCode);
                    }
                }
            }
        }

        private MqttClientOptions BuildOptions()
        {
            MqttClientOptionsBuilder b = new MqttClientOptionsBuilder()
                .WithTcpServer(_options.Host, _options.Port)
                .WithClientId(_options.ClientId)
                .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
                .WithCleanStart(false)
                .WithSessionExpiryInterval(_options.SessionExpirySeconds)
                .WithKeepAlivePeriod(_options.KeepAlive)
                .WithMaximumPacketSize(_options.MaxPacketBytes)
                .WithTimeout(TimeSpan.FromSeconds(10));
            if (_options.UserName != null)
            {
                b = b.WithCredentials(_options.UserName, _options.Password ?? string.Empty);
            }

            if (_willTopic != null && _willPayload != null)
            {
                b = b.WithWillTopic(_willTopic)
                    .WithWillPayload(_willPayload)
                    .WithWillRetain(true)
                    .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
            }

            if (_ca != null)
            {
                X509Certificate2 ca = _ca;
                b = b.WithTlsOptions(o => o
                    .UseTls(true)
                    .WithTargetHost(_options.Host)
                    .WithCertificateValidationHandler(args => PrivateCaValidator.Validate(ca, args)));
            }

            return b.Build();
        }

        private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
        {
            if (_inbox.Count >= MaxInbox)
            {
                Interlocked.Increment(ref _droppedIncoming);
                return Task.CompletedTask;
            }

            MqttApplicationMessage m = e.ApplicationMessage;
            _inbox.Enqueue(new CloudMessage
            {
                Topic = m.Topic,
                Payload = m.Payload.ToArray(),
                Retained = m.Retain,
            });
            return Task.CompletedTask;
        }

        private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs e)
        {
            _connected = false;
            _disconnected.TrySetResult();
            return Task.CompletedTask;
        }

        private void Log(string line)
        {
            _log?.Invoke("mqtt " + _options.ClientId + ": " + line);
        }
    }
}
