namespace Terminal.Core.Provisioning
{
    /// <summary>Improv device states (payload of a current-state packet).</summary>
    public enum ImprovState : byte
    {
        /// <summary>Waiting for a physical authorisation (not used by this terminal: the cable is the authorisation).</summary>
        AuthorizationRequired = 0x01,

        /// <summary>Ready to accept Wi-Fi credentials.</summary>
        Authorized = 0x02,

        /// <summary>Trying to connect with the credentials just received.</summary>
        Provisioning = 0x03,

        /// <summary>Connected to Wi-Fi with stored credentials.</summary>
        Provisioned = 0x04,
    }
}
