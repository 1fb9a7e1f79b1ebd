using System;
using System.Buffers;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MQTTnet;
using MQTTnet.Protocol;

namespace Terminal.Sync.Tests.Infrastructure
{
    /// <summary>
    /// Injects duplicate deliveries: a client with write access to every terminal's uplink that
    /// records transaction batches and publishes copies of random earlier ones again, out of order.
    /// </summary>
    public sealed class Duplicator : IAsyncDisposable
    {
        private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
        private readonly List<(string Topic, byte[] Payload)> _seen = new();
        private readonly Random _random = new(7);
        private readonly CancellationTokenSource _stop = new();
        private readonly int _port;
        private readonly string _user;
        private readonly string _password;
        private Task? _loop;
        private long _republished;

        public Duplicator(int port, string user, string password)
        {
            _port = port;
            _user = user;
            _password = password;
            _client.ApplicationMessageReceivedAsync += e =>
            {
                lock (_seen)
                {
                    _seen.Add((e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray()));
                }

                return Task.CompletedTask;
            };
        }

        public long Republished => Interlocked.Read(ref _republished);

        public void Start()
        {
            _loop = Task.Run(RunAsync);
        }

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            if (_loop != null)
            {
                await _loop.ConfigureAwait(false);
            }

            _client.Dispose();
        }

        private async Task RunAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    if (!_client.IsConnected)
                    {
                        await _client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _port).WithClientId("chaos")
                            .WithCredentials(_user, _password).WithCleanStart(true).Build(), _stop.Token).ConfigureAwait(false);
                        await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                            .WithTopicFilter("loyalty/+/up/tx", MqttQualityOfServiceLevel.AtLeastOnce).Build(), _stop.Token).ConfigureAwait(false);
                    }

                    (string Topic, byte[] Payload)? pick = null;
                    lock (_seen)
                    {
                        if (_seen.Count > 0)
                        {
                            pick = _seen[_random.Next(_seen.Count)];
                        }
                    }

                    if (pick != null)
                    {
                        await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(pick.Value.Topic).WithPayload(pick.Value.Payload)
                            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), _stop.Token).ConfigureAwait(false);
                        Interlocked.Increment(ref _republished);
                    }

                    await Task.Delay(20, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // Broker down: try again shortly.
                    try
                    {
                        await Task.Delay(200, _stop.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
            }
        }
    }
}
