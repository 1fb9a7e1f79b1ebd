namespace Terminal.Core.Ports
{
    /// <summary>A message received from the broker (reused by the caller to avoid allocation).</summary>
    public sealed class CloudMessage
    {
        /// <summary>Topic it arrived on.</summary>
        public string Topic { get; set; }

        /// <summary>Payload bytes (the whole array is the payload).</summary>
        public byte[] Payload { get; set; }

        /// <summary>True when the broker delivered it from its retained store.</summary>
        public bool Retained { get; set; }

        /// <summary>Copies another message's fields (the payload array is shared).</summary>
        public void CopyFrom(CloudMessage other)
        {
            Topic = other.Topic;
            Payload = other.Payload;
            Retained = other.Retained;
        }
    }
}
