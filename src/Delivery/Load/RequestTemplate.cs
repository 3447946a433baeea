using System.Globalization;
using System.Text;

namespace Delivery.Load;

/// <summary>One kind of request in the mix. A write gets a unique name per request, recorded with its outcome.</summary>
public sealed record RequestTemplate(string Kind, int Weight, HttpMethod Method, string Path)
{
    /// <summary>Builds the JSON body of a write from its unique name; null for reads.</summary>
    public Func<string, string>? WriteBody { get; init; }

    public bool IsWrite => WriteBody is not null;

    public static RequestTemplate Get(string kind, string path, int weight) => new(kind, weight, HttpMethod.Get, path);

    public static RequestTemplate Version(int weight = 1) => Get("version", "/api/v1/version", weight);

    /// <summary>
    /// One week of a workspace's schedule, as a therapist views it: the demo week the migrations seed (20 appointments).
    /// The writes land outside it, so a read costs the same at the end of a long run as at its start; an unbounded read
    /// would grow with every write until each one serialises 500 rows and the benchmark measures that, not the deploy.
    /// </summary>
    public static RequestTemplate Schedule(int workspaceId, int weight = 1) =>
        Get("schedule", $"/api/v1/workspaces/{workspaceId}/appointments?from={SeededWeek.From}&to={SeededWeek.To}", weight);

    /// <summary>The week 0002_seed_demo_workspace fills (Monday 2026-01-05 to Friday); writes are dated after it.</summary>
    public static (string From, string To) SeededWeek => ("2026-01-05T00:00:00Z", "2026-01-12T00:00:00Z");

    public static RequestTemplate CreateAppointment(int workspaceId, int weight = 1) =>
        new("write", weight, HttpMethod.Post, $"/api/v1/workspaces/{workspaceId}/appointments")
        {
            WriteBody = name => string.Create(CultureInfo.InvariantCulture,
                $$"""{"client_name":"{{name}}","starts_at":"2026-04-01T10:00:00Z","duration_minutes":45}"""),
        };

    public static RequestTemplate Spa(int weight = 1) => Get("spa", "/", weight);

    /// <summary>The PazPaz mix: mostly schedule reads, some writes, version checks and SPA loads.</summary>
    public static IReadOnlyList<RequestTemplate> PazPazMix(int workspaceId) =>
    [
        Version(weight: 2),
        Schedule(workspaceId, weight: 5),
        CreateAppointment(workspaceId, weight: 2),
        Spa(weight: 1),
    ];

    internal HttpRequestMessage Create(string? writeName)
    {
        var request = new HttpRequestMessage(Method, Path);
        if (WriteBody is not null)
        {
            var name = writeName ?? throw new ArgumentNullException(nameof(writeName));
            request.Content = new StringContent(WriteBody(name), Encoding.UTF8, "application/json");
            // As a careful client sends it: the edge may then resend the write to the other colour if this one dies mid-request.
            request.Headers.Add("Idempotency-Key", name);
        }
        return request;
    }

    /// <summary>
    /// Spreads the kinds evenly over one cycle of length Σweights (nginx's smooth weighted round robin), so that a one-second
    /// window has the same mix as the whole run, and the mix is the same in every run.
    /// </summary>
    internal static RequestTemplate[] Cycle(IReadOnlyList<RequestTemplate> templates)
    {
        if (templates.Count == 0)
            throw new ArgumentException("The request mix is empty.", nameof(templates));
        if (templates.FirstOrDefault(t => t.Weight < 1) is { } bad)
            throw new ArgumentException($"The weight of '{bad.Kind}' must be at least 1, not {bad.Weight}.", nameof(templates));
        var total = templates.Sum(t => t.Weight);
        var current = new int[templates.Count];
        var cycle = new RequestTemplate[total];
        for (var slot = 0; slot < total; slot++)
        {
            var best = 0;
            for (var i = 0; i < templates.Count; i++)
            {
                current[i] += templates[i].Weight;
                if (current[i] > current[best])
                    best = i;
            }
            current[best] -= total;
            cycle[slot] = templates[best];
        }
        return cycle;
    }
}
