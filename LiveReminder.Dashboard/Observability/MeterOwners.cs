namespace LiveReminder.Dashboard.Observability;

/// <summary>A feature's metrics class, made when the metrics pipeline starts so its instruments (gauges above all) exist
/// from the first scrape instead of from the first time the feature happens to be used.</summary>
public sealed record MeterOwner(object Instance);

public static class MeterOwners
{
    /// <summary>Registers <typeparamref name="T"/> (a feature's metrics class) as a singleton that metrics start with.</summary>
    public static IServiceCollection AddMeterOwner<T>(this IServiceCollection services) where T : class
    {
        services.AddSingleton<T>();
        services.AddSingleton(sp => new MeterOwner(sp.GetRequiredService<T>()));
        return services;
    }
}
