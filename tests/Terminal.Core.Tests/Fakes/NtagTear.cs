namespace Terminal.Core.Tests.Fakes
{
    /// <summary>How the exchange during which a <see cref="SimulatedNtag"/> leaves the field ends.</summary>
    public enum NtagTear
    {
        /// <summary>The card was gone before the command arrived: nothing happened.</summary>
        BeforeCommand = 0,

        /// <summary>The command took full effect (a WRITE was programmed) but the answer was lost.</summary>
        AnswerLost = 1,

        /// <summary>A WRITE was cut while programming: only the first two bytes of the page changed
        /// (other commands behave as <see cref="AnswerLost"/>).</summary>
        PartialWrite = 2,
    }
}
