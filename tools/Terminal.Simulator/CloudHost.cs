using System;
using System.IO;
using System.Threading.Tasks;
using Terminal.Cloud;

namespace Terminal.Simulator;

/// <summary>The simulator's default back office: an MQTTnet broker and the reference cloud service in-process.</summary>
public sealed class CloudHost : IAsyncDisposable
{
    private readonly EmbeddedBroker _broker;
    private readonly CloudService _cloud;
    private readonly StreamWriter _log;

    private CloudHost(EmbeddedBroker broker, CloudService cloud, StreamWriter log, string database)
    {
        _broker = broker;
        _cloud = cloud;
        _log = log;
        Database = database;
    }

    /// <summary>Loopback port of the embedded broker.</summary>
    public int BrokerPort => _broker.Port;

    /// <summary>The cloud's SQLite database (input for the insight report).</summary>
    public string Database { get; }

    /// <summary>The cloud service (to block cards, push config).</summary>
    public CloudService Cloud => _cloud;

    /// <summary>Starts both, logging the cloud to <c>cloud.log</c> in <paramref name="dataDirectory"/>.</summary>
    public static async Task<CloudHost> StartAsync(string dataDirectory, byte[]? originalityPublicKey = null)
    {
        Directory.CreateDirectory(dataDirectory);
        var log = new StreamWriter(Path.Combine(dataDirectory, "cloud.log"), append: true) { AutoFlush = true };
        EmbeddedBroker broker = await EmbeddedBroker.StartAsync(0).ConfigureAwait(false);
        string database = Path.Combine(dataDirectory, "cloud.db");
        var options = new CloudOptions
        {
            BrokerPort = broker.Port,
            Database = database,
            OriginalityPublicKey = originalityPublicKey,
            Log = line =>
            {
                lock (log)
                {
                    log.WriteLine(DateTimeOffset.UtcNow.ToString("O") + " " + line);
                }
            },
        };
        CloudService cloud = await CloudService.StartAsync(options).ConfigureAwait(false);
        return new CloudHost(broker, cloud, log, database);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _cloud.DisposeAsync().ConfigureAwait(false);
        await _broker.DisposeAsync().ConfigureAwait(false);
        await _log.DisposeAsync().ConfigureAwait(false);
    }
}
