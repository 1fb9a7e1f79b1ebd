using System;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using MQTTnet.Server;

namespace Terminal.Cloud
{
    /// <summary>
    /// An in-process MQTT broker (MQTTnet.Server) on a loopback port, so the simulator runs the
    /// terminal, the broker and the cloud in one process. No authentication: for local use only.
    /// </summary>
    public sealed class EmbeddedBroker : IAsyncDisposable
    {
        private readonly MqttServer _server;

        private EmbeddedBroker(MqttServer server, int port)
        {
            _server = server;
            Port = port;
        }

        /// <summary>The TCP port it listens on (loopback only).</summary>
        public int Port { get; }

        /// <summary>Starts a broker on <paramref name="port"/> (0 picks a free one) with persistent sessions.</summary>
        public static async Task<EmbeddedBroker> StartAsync(int port = 0)
        {
            if (port == 0)
            {
                port = FreePort();
            }

            MqttServerOptions options = new MqttServerOptionsBuilder()
                .WithDefaultEndpoint()
                .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
                .WithDefaultEndpointPort(port)
                .WithPersistentSessions(true)
                .Build();
            MqttServer server = new MqttServerFactory().CreateMqttServer(options);
            await server.StartAsync().ConfigureAwait(false);
            return new EmbeddedBroker(server, port);
        }

        /// <summary>A free loopback TCP port.</summary>
        public static int FreePort()
        {
            using TcpListener l = new(IPAddress.Loopback, 0);
            l.Start();
            return ((IPEndPoint)l.LocalEndpoint).Port;
        }

        /// <summary>Stops the broker.</summary>
        public async Task StopAsync()
        {
            if (_server.IsStarted)
            {
                await _server.StopAsync(new MqttServerStopOptionsBuilder().Build()).ConfigureAwait(false);
            }
        }

        /// <inheritdoc/>
        public async ValueTask DisposeAsync()
        {
            await StopAsync().ConfigureAwait(false);
            _server.Dispose();
        }
    }
}
