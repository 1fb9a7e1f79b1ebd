using System;

namespace Terminal.Host.Mqtt
{
    /// <summary>
    /// Where and how a host link connects. <see cref="ToString"/> never shows the password,
    /// so the options can be logged.
    /// </summary>
    public sealed class MqttLinkOptions
    {
        /// <summary>Broker host name (also the TLS target name).</summary>
        public string Host { get; set; } = "127.0.0.1";

        /// <summary>Broker port (1883 plain, 8883 TLS by convention).</summary>
        public int Port { get; set; } = 1883;

        /// <summary>MQTT client id; the terminal id for terminals.</summary>
        public string ClientId { get; set; } = "client";

        /// <summary>User name (null for none).</summary>
        public string? UserName { get; set; }

        /// <summary>Password (secret: never logged).</summary>
        public string? Password { get; set; }

        /// <summary>PEM file of the CA that signed the broker's certificate; set to use TLS.</summary>
        public string? CaCertificatePath { get; set; }

        /// <summary>Broker session kept this long while disconnected (QoS 1 messages wait there).</summary>
        public uint SessionExpirySeconds { get; set; } = 7 * 24 * 3600;

        /// <summary>Keep-alive period.</summary>
        public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(15);

        /// <summary>First reconnect delay; doubles up to <see cref="MaxReconnectDelay"/>.</summary>
        public TimeSpan MinReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(100);

        /// <summary>Longest reconnect delay.</summary>
        public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>Outgoing messages queued before <c>Publish</c> refuses.</summary>
        public int MaxOutgoing { get; set; } = 64;

        /// <summary>Largest MQTT packet accepted from the broker (a transport guard; the core has its own payload limits).</summary>
        public uint MaxPacketBytes { get; set; } = 256 * 1024;

        /// <summary>True when TLS is used.</summary>
        public bool UseTls => CaCertificatePath != null;

        /// <inheritdoc/>
        public override string ToString()
        {
            return $"{(UseTls ? "mqtts" : "mqtt")}://{UserName ?? "-"}:{(Password == null ? "-" : "***")}@{Host}:{Port} client={ClientId}";
        }
    }
}
