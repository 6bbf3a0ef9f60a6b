using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LiveReminder.Dashboard.Tests.TestHost;

namespace LiveReminder.Dashboard.Tests.Lives;

public sealed class CoverUploadTests(DashboardFactory factory) : IClassFixture<DashboardFactory>
{
    /// <summary>A real 1×1 PNG.</summary>
    public static readonly byte[] TinyPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private string CoverDirectory => Path.Combine(factory.DataDirectory, "covers");

    private static MultipartFormDataContent Form(byte[] bytes, string fileName, string contentType = "image/png")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    private string[] StoredFiles() => Directory.Exists(CoverDirectory) ? Directory.GetFiles(CoverDirectory) : [];

    [Fact]
    public async Task A_png_is_stored_under_its_hash_beside_the_database_and_served_anonymously_with_immutable_caching()
    {
        var response = await factory.CreateApiClient().PostAsync("/api/covers", Form(TinyPng, "whatever.txt", "text/plain"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var url = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(TinyPng));
        Assert.EndsWith($"/covers/{hash}.png", url);
        Assert.True(File.Exists(Path.Combine(CoverDirectory, hash + ".png")));

        var anonymous = factory.CreateClient();
        var served = await anonymous.GetAsync(new Uri(url).AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TinyPng, await served.Content.ReadAsByteArrayAsync());
        Assert.True(served.Headers.CacheControl?.Public);
        Assert.Equal(TimeSpan.FromDays(365), served.Headers.CacheControl?.MaxAge);
        Assert.Contains("immutable", served.Headers.CacheControl!.Extensions.Select(e => e.Name));
        Assert.Equal($"\"{hash}\"", served.Headers.ETag?.Tag);

        var again = new HttpRequestMessage(HttpMethod.Get, new Uri(url).AbsolutePath);
        again.Headers.IfNoneMatch.Add(served.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await anonymous.SendAsync(again)).StatusCode);

        // The returned URL is what a live's coverUrl takes.
        var live = await factory.CreateApiClient().PostAsJsonAsync("/api/lives",
            new { title = "带封面的直播", startsAt = factory.Time.GetUtcNow().AddDays(2), coverUrl = url });
        Assert.Equal(HttpStatusCode.Created, live.StatusCode);
    }

    [Fact]
    public async Task Too_large_is_413_and_nothing_is_stored()
    {
        var before = StoredFiles();
        var large = new byte[2 * 1024 * 1024 + 1];
        TinyPng.CopyTo(large, 0);

        var response = await factory.CreateApiClient().PostAsync("/api/covers", Form(large, "big.png"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, StoredFiles());
    }

    [Fact]
    public async Task A_non_image_named_png_is_415_and_nothing_is_stored()
    {
        var before = StoredFiles();
        var html = "<html><script>alert(1)</script></html>"u8.ToArray();

        var response = await factory.CreateApiClient().PostAsync("/api/covers", Form(html, "cover.png"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("PNG", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(before, StoredFiles());
    }

    [Fact]
    public async Task Jpeg_and_webp_are_recognised_by_their_signatures()
    {
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. "JFIF"u8, 0x00];
        byte[] webp = [.. "RIFF"u8, 0x1A, 0, 0, 0, .. "WEBPVP8 "u8, 0, 0, 0, 0];
        var api = factory.CreateApiClient();

        var jpegUrl = (await (await api.PostAsync("/api/covers", Form(jpeg, "a.webp"))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString();
        var webpUrl = (await (await api.PostAsync("/api/covers", Form(webp, "b.jpg"))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString();

        Assert.EndsWith(".jpg", jpegUrl);
        Assert.EndsWith(".webp", webpUrl);
        Assert.Equal("image/webp", (await factory.CreateClient().GetAsync(new Uri(webpUrl!).AbsolutePath)).Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/covers/..%2Fapp.db")]
    [InlineData("/covers/%2E%2E%2Fapp.db")]
    [InlineData("/covers/../app.db")]
    [InlineData("/covers/app.db")]
    [InlineData("/covers/.hidden.tmp")]
    [InlineData("/covers/0000000000000000000000000000000000000000000000000000000000000000.png")]
    public async Task Nothing_but_stored_covers_is_reachable(string path)
    {
        await factory.CreateApiClient().PostAsync("/api/covers", Form(TinyPng, "a.png")); // the folder exists and holds a cover
        File.WriteAllText(Path.Combine(CoverDirectory, "app.db"), "secret");
        File.WriteAllText(Path.Combine(CoverDirectory, ".hidden.tmp"), "secret");

        var response = await factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync(path);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("secret", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Upload_needs_an_api_key()
    {
        var response = await factory.CreateClient().PostAsync("/api/covers", Form(TinyPng, "a.png"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
