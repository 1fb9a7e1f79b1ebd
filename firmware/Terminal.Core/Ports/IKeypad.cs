namespace Terminal.Core.Ports
{
    /// <summary>The 4x4 cashier keypad: '0'-'9', 'A'-'D', '*', '#'.</summary>
    public interface IKeypad
    {
        /// <summary>Next pressed key, or '\0' when none is waiting.</summary>
        char ReadKey();
    }
}
