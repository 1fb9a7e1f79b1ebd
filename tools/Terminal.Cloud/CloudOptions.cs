using System;

namespace Terminal.Cloud
{
    /// <summary>How the sync service reaches the broker and the database. <see cref="ToString"/> hides secrets.</summary>
    public sealed class CloudOptions
    {
        /// <summary>Broker host (also the TLS target name).</summary>
        public string BrokerHost { get; set; } = "127.0.0.1";

        /// <summary>Broker port.</summary>
        public int BrokerPort { get; set; } = 1883;

        /// <summary>MQTT client id; service instances sharing a subscription need different ids.</summary>
        public string ClientId { get; set; } = "terminal-cloud";

        /// <summary>Broker user name.</summary>
        public string? UserName { get; set; }

        /// <summary>Broker password (secret: never logged).</summary>
        public string? Password { get; set; }

        /// <summary>PEM CA certificate of the broker; set to use TLS.</summary>
        public string? CaCertificatePath { get; set; }

        /// <summary>SQLite file path, or a PostgreSQL connection string (<c>Host=...</c>) or URI.</summary>
        public string Database { get; set; } = "cloud.db";

        /// <summary>Register unknown terminals from their first status or batch (demo and simulator); off in production.</summary>
        public bool AutoRegister { get; set; } = true;

        /// <summary>False for an admin connection that only publishes (no subscription, no session kept).</summary>
        public bool Subscribe { get; set; } = true;

        /// <summary>Shared-subscription group: instances with the same group split the terminals' traffic.</summary>
        public string? SharedGroup { get; set; }

        /// <summary>Larger payloads are refused unread.</summary>
        public int MaxPayloadBytes { get; set; } = 64 * 1024;

        /// <summary>Cards per balance message (the terminal accepts 64 by default).</summary>
        public int MaxCardsPerMessage { get; set; } = 64;

        /// <summary>
        /// Most card states one resync sends (fewer when the terminal's status says it has less room);
        /// the rest follow when the terminal asks again, so a long resync never floods a terminal
        /// that can only fold so much at a time.
        /// </summary>
        public int MaxResyncCards { get; set; } = 1024;

        /// <summary>Public key (secp128r1 point) that card originality signatures must verify against; null = NXP's NTAG21x key. Tests use their own pair.</summary>
        public byte[]? OriginalityPublicKey { get; set; }

        /// <summary>Tolerance for terminal clocks in the counter and serial checks, seconds.</summary>
        public long ClockSkewSeconds { get; set; } = Terminal.CardTrust.CounterCheck.DefaultSkewSeconds;

        /// <summary>Run the card-trust checks after each batch and block the cards they flag.</summary>
        public bool CardTrust { get; set; } = true;

        /// <summary>Diagnostics sink (never receives secrets).</summary>
        public Action<string>? Log { get; set; }

        /// <summary>Clock in Unix seconds (tests may fix it).</summary>
        public Func<long> Now { get; set; } = () => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        /// <inheritdoc/>
        public override string ToString()
        {
            return $"broker {(CaCertificatePath == null ? "mqtt" : "mqtts")}://{UserName ?? "-"}:{(Password == null ? "-" : "***")}@{BrokerHost}:{BrokerPort} client={ClientId}"
                + $" db={Secrets.RedactConnection(Database)} auto-register={AutoRegister} shared={SharedGroup ?? "-"}";
        }
    }
}
