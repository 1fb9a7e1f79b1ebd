namespace Terminal.Insight.Config;

/// <summary>A named milestone in a member's life (aha, eureka, habit...). Reached at the earliest of its conditions.</summary>
public sealed class LifecycleEvent
{
    /// <summary>Short name used in tables and plots.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Plain-words definition shown in the report.</summary>
    public string? Description { get; set; }

    /// <summary>
    /// Landmark: members count as having reached the event only if they did so within their first
    /// this-many months (30-day blocks), and the comparison is made only among members still shopping
    /// in the last of those months. This keeps "stayed long enough to reach it" from passing for "reaching it made them stay".
    /// </summary>
    public int LandmarkMonths { get; set; } = 2;

    /// <summary>Ways to reach the event; the earliest wins.</summary>
    public List<EventCondition> AnyOf { get; set; } = [];
}
