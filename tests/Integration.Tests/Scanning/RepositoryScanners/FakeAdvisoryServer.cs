using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Integration.Tests.Scanning.RepositoryScanners;

/// <summary>
/// A stand-in registry on 127.0.0.1 that answers from a table (method, path and its own base address to status and JSON): the advisory
/// endpoints this machine's npm registry and NuGet mirror do not serve, so the real npm and dotnet can be run against known data.
/// </summary>
public sealed class FakeAdvisoryServer : IDisposable
{
    readonly HttpListener _listener = new();
    readonly Func<string, string, string, (int Status, string Json)> _answer;
    readonly List<string> _requests = [];

    public FakeAdvisoryServer(Func<string, string, string, (int Status, string Json)> answer)
    {
        _answer = answer;
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string BaseAddress => $"http://127.0.0.1:{Port}/";

    /// <summary>"METHOD /path" of every request so far.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
                return _requests.ToList();
        }
    }

    async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            var path = context.Request.Url!.AbsolutePath;
            lock (_requests)
                _requests.Add($"{context.Request.HttpMethod} {path}");
            var (status, json) = _answer(context.Request.HttpMethod, path, BaseAddress);
            var body = Encoding.UTF8.GetBytes(json);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose() => _listener.Close();
}
