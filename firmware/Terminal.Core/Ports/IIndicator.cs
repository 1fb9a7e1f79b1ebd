namespace Terminal.Core.Ports
{
    /// <summary>Buzzer and status LED.</summary>
    public interface IIndicator
    {
        /// <summary>Plays a short pattern; must return within a few milliseconds.</summary>
        void Signal(Signal signal);
    }
}
