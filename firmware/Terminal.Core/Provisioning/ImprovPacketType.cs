namespace Terminal.Core.Provisioning
{
    /// <summary>Improv Serial packet types (byte 7 of a packet).</summary>
    public enum ImprovPacketType : byte
    {
        /// <summary>Device to client: one byte, an <see cref="ImprovState"/>.</summary>
        CurrentState = 0x01,

        /// <summary>Device to client: one byte, an <see cref="ImprovError"/>.</summary>
        ErrorState = 0x02,

        /// <summary>Client to device: command, data length, data.</summary>
        RpcCommand = 0x03,

        /// <summary>Device to client: command answered, data length, length-prefixed strings.</summary>
        RpcResult = 0x04,
    }
}
