using System.Security.Cryptography;
using System.Text.RegularExpressions;
using LiveReminder.Dashboard.Data;
using LiveReminder.Dashboard.Shared;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace LiveReminder.Dashboard.Lives;

/// <summary><c>Covers:*</c>: where uploaded cover images are kept and how large one may be.</summary>
public sealed class CoverOptions
{
    public const string Section = "Covers";

    /// <summary>Empty: a <c>covers</c> folder next to the SQLite database (with PostgreSQL, under the content root).</summary>
    public string Directory { get; set; } = "";

    public long MaxBytes { get; set; } = 2 * 1024 * 1024;
}

public enum CoverRejection
{
    Empty,
    TooLarge,
    NotAnImage,
}

public abstract record CoverUpload
{
    /// <param name="Url">Absolute URL under App:PublicBaseUrl, what a live's CoverUrl holds.</param>
    public sealed record Stored(string FileName, string Url) : CoverUpload;
    public sealed record Rejected(CoverRejection Reason) : CoverUpload;
}

/// <summary>
/// Uploaded cover images: type checked by content (PNG, JPEG, WebP signatures, never the file name), stored under the
/// SHA-256 of their bytes, so a name is both the cache key and proof the file never changes.
/// </summary>
public sealed partial class CoverStore(IOptions<CoverOptions> options, PublicBaseUrl publicBaseUrl)
{
    public const string UrlPrefix = "/covers/";

    public string Directory { get; } = options.Value.Directory;

    public long MaxBytes => options.Value.MaxBytes;

    /// <summary>Resolves an empty <c>Covers:Directory</c> to the data directory: beside the SQLite file, else the content root.</summary>
    public static string ResolveDirectory(string configured, DatabaseSettings database, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured, contentRoot);
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            var dataSource = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
            var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource, contentRoot));
            if (!string.IsNullOrEmpty(folder)) return Path.Combine(folder, "covers");
        }
        return Path.Combine(contentRoot, "covers");
    }

    public async Task<CoverUpload> SaveAsync(Stream content, CancellationToken ct = default)
    {
        // Read at most one byte past the limit: enough to know it is too large without buffering an arbitrary upload.
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes) return new CoverUpload.Rejected(CoverRejection.TooLarge);
        }
        if (buffer.Length == 0) return new CoverUpload.Rejected(CoverRejection.Empty);
        var bytes = buffer.ToArray();
        if (ExtensionOf(bytes) is not { } extension) return new CoverUpload.Rejected(CoverRejection.NotAnImage);

        var fileName = Convert.ToHexStringLower(SHA256.HashData(bytes)) + extension;
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, fileName);
        if (!File.Exists(path))
        {
            // Write beside it and rename, so a reader never sees half a file under the final name.
            var temporary = Path.Combine(Directory, $".{Guid.NewGuid():N}.tmp");
            await File.WriteAllBytesAsync(temporary, bytes, ct);
            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary); // the same image stored by a concurrent upload
            }
        }
        return new CoverUpload.Stored(fileName, publicBaseUrl.Value + UrlPrefix + fileName);
    }

    /// <summary>The stored file for a public name, or null: only names this store makes are looked up, so no other file is reachable.</summary>
    public string? Find(string fileName)
    {
        if (!StoredName().IsMatch(fileName)) return null;
        var path = Path.Combine(Directory, fileName);
        return File.Exists(path) ? path : null;
    }

    /// <summary>Reads a stored cover back when a live's CoverUrl points at this store; null for any other URL.</summary>
    public byte[]? ReadIfStored(string? coverUrl)
    {
        if (string.IsNullOrEmpty(coverUrl) || !Uri.TryCreate(coverUrl, UriKind.Absolute, out var uri)) return null;
        if (!uri.AbsolutePath.StartsWith(UrlPrefix, StringComparison.Ordinal)) return null;
        return Find(uri.AbsolutePath[UrlPrefix.Length..]) is { } path ? File.ReadAllBytes(path) : null;
    }

    public static string ContentTypeOf(string fileName) => Path.GetExtension(fileName) switch
    {
        ".png" => "image/png",
        ".jpg" => "image/jpeg",
        _ => "image/webp",
    };

    private static string? ExtensionOf(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return ".png";
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return ".jpg";
        if (bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8)) return ".webp";
        return null;
    }

    [GeneratedRegex("^[0-9a-f]{64}\\.(png|jpg|webp)$")]
    private static partial Regex StoredName();
}
