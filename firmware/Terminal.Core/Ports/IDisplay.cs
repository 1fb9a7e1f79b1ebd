namespace Terminal.Core.Ports
{
    /// <summary>The customer- and cashier-facing display: four lines of text.</summary>
    public interface IDisplay
    {
        /// <summary>Replaces the whole screen. Lines longer than <see cref="Flow.Screen.Width"/> are cut by the adapter.</summary>
        void Show(Flow.Screen screen);
    }
}
