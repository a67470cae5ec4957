using System.Net;

namespace Sockspec.Vectors.Tool;

/// <summary>The .NET HttpClient as a recorded SOCKS client: one GET through the proxy, the status printed.</summary>
internal static class HttpGet
{
    public static async Task<int> RunAsync(string proxyUri, string url)
    {
        var uri = new Uri(proxyUri);
        var proxy = new WebProxy(new Uri($"{uri.Scheme}://{uri.Authority}"));
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            var parts = Uri.UnescapeDataString(uri.UserInfo).Split(':', 2);
            proxy.Credentials = new NetworkCredential(parts[0], parts.Length > 1 ? parts[1] : "");
        }
        using var handler = new SocketsHttpHandler { Proxy = proxy, UseProxy = true, ConnectTimeout = TimeSpan.FromSeconds(5) };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using var response = await http.GetAsync(url);
            Console.WriteLine($"status {(int)response.StatusCode}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Console.WriteLine($"failed: {e.GetBaseException().Message}");
            return 1;
        }
    }
}
