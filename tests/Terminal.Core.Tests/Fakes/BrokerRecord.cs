namespace Terminal.Core.Tests.Fakes
{
    /// <summary>One message the in-memory broker accepted.</summary>
    public sealed class BrokerRecord
    {
        /// <summary>Creates a record.</summary>
        public BrokerRecord(string topic, byte[] payload, bool retain)
        {
            Topic = topic;
            Payload = payload;
            Retain = retain;
        }

        /// <summary>Topic.</summary>
        public string Topic { get; private set; }

        /// <summary>Payload.</summary>
        public byte[] Payload { get; private set; }

        /// <summary>Retain flag.</summary>
        public bool Retain { get; private set; }
    }
}
