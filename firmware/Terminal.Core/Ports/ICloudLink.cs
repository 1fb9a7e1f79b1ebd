namespace Terminal.Core.Ports
{
    /// <summary>
    /// The terminal's connection to the cloud broker, in domain terms. Adapters: MQTTnet on the
    /// host, nanoFramework.M2Mqtt on the device, an in-memory twin in tests.
    /// The adapter owns connecting, reconnecting and re-subscribing; the core only polls.
    /// Nothing here blocks the tap loop: <see cref="Publish"/> queues, <see cref="TryReceive"/> polls.
    /// </summary>
    public interface ICloudLink
    {
        /// <summary>True while a broker session is up.</summary>
        bool IsConnected { get; }

        /// <summary>Counts established connections; a change tells the core to resend from its last ack.</summary>
        int Session { get; }

        /// <summary>
        /// Sets the Last Will the broker publishes (retained, QoS 1) when this terminal disappears.
        /// Call before <see cref="Open"/>; takes effect from the next connection.
        /// </summary>
        void SetWill(string topic, byte[] payload);

        /// <summary>Adds a topic filter the adapter subscribes to (QoS 1) on every connection.</summary>
        void Subscribe(string topicFilter);

        /// <summary>Starts connecting in the background (and keeps reconnecting with backoff).</summary>
        void Open();

        /// <summary>Disconnects cleanly (the Last Will is not sent) and stops reconnecting.</summary>
        void Close();

        /// <summary>
        /// Hands a message to the broker session. <paramref name="qos"/> is 0 or 1. Returns false when
        /// not connected or the outgoing queue is full; nothing is kept then.
        /// Success means queued, not delivered: the core relies on application-level acks.
        /// </summary>
        bool Publish(string topic, byte[] payload, int qos, bool retain);

        /// <summary>Takes the oldest received message into <paramref name="into"/>; false when none waits.</summary>
        bool TryReceive(CloudMessage into);
    }
}
