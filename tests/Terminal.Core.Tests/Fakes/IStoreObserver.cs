namespace Terminal.Core.Tests.Fakes
{
    /// <summary>
    /// Sees every call on a <see cref="SimulatedLittleFs"/> before it runs: for traces, and for
    /// fault harnesses that fork the durable state at each cut point instead of replaying.
    /// </summary>
    public interface IStoreObserver
    {
        /// <summary>
        /// Called before operation number <paramref name="index"/> (0-based) runs.
        /// <paramref name="position"/> is the read position or, for an append, the length before it;
        /// <paramref name="other"/> is the rename target (else null).
        /// </summary>
        void BeforeOperation(SimulatedLittleFs store, long index, StoreOperation operation, string name, int position, int count, string other);
    }
}
