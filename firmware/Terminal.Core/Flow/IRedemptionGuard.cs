using Terminal.Core.Domain;

namespace Terminal.Core.Flow
{
    /// <summary>A policy the flow asks before it records a redemption (for example the offline cap).</summary>
    public interface IRedemptionGuard
    {
        /// <summary>Null to allow; otherwise a display line (≤ 16 characters) saying why not.</summary>
        string Refuse(CardUid uid, int costPoints);
    }
}
