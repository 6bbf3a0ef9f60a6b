using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace LiveReminder.Dashboard.Data;

/// <summary>
/// Plain SQL for the hot writes that run many times in one unit of work (a webhook batch): each statement becomes one
/// command on the scope's <see cref="AppDbContext"/> connection, built once and re-executed with new values, so it skips
/// EF's per-call command building and SQLite parses it once. Runs in the context's current transaction, if any.
/// Parameters are <c>@p0</c>, <c>@p1</c>… in the order of the values; valid on SQLite and PostgreSQL.
/// </summary>
public sealed class PreparedCommands(AppDbContext db) : IAsyncDisposable
{
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);
    private bool _openedConnection;

    // Asked once: EF answers IsSqlite() by building the provider assembly's name on every call.
    private bool? _sqlite;

    private bool Sqlite => _sqlite ??= db.Database.IsSqlite();

    public async Task<int> ExecuteAsync(string sql, CancellationToken ct, params object?[] values)
    {
        var command = await CommandAsync(sql, values, ct);
        return await command.ExecuteNonQueryAsync(ct);
    }

    /// <returns>The first column of the first row, or default when there is no row.</returns>
    public async Task<T?> ScalarAsync<T>(string sql, CancellationToken ct, params object?[] values)
    {
        var command = await CommandAsync(sql, values, ct);
        return await command.ExecuteScalarAsync(ct) switch
        {
            null or DBNull => default,
            T typed => typed,
            var value => (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    /// <returns>The first row read by <paramref name="read"/>, or default when there is no row.</returns>
    public async Task<T?> SingleOrDefaultAsync<T>(string sql, Func<DbDataReader, PreparedCommands, T> read, CancellationToken ct, params object?[] values)
    {
        var command = await CommandAsync(sql, values, ct);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, ct);
        return await reader.ReadAsync(ct) ? read(reader, this) : default;
    }

    /// <summary>A DateTimeOffset column as <see cref="DatabaseValue"/> stored it.</summary>
    public DateTimeOffset ReadDateTimeOffset(DbDataReader reader, int ordinal) => Sqlite
        ? new DateTimeOffset(reader.GetInt64(ordinal), TimeSpan.Zero)
        : reader.GetFieldValue<DateTimeOffset>(ordinal);

    /// <summary>How a value is stored: SQLite keeps DateTimeOffset as UTC ticks (AppDbContext's converter), enums are names.</summary>
    private object DatabaseValue(object? value) => value switch
    {
        null => DBNull.Value,
        DateTimeOffset at => Sqlite ? at.UtcTicks : at.ToUniversalTime(),
        Enum name => name.ToString(),
        _ => value,
    };

    private async ValueTask<DbCommand> CommandAsync(string sql, object?[] values, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(ct);
            _openedConnection = true;
        }

        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            for (var i = 0; i < values.Length; i++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@p" + i;
                command.Parameters.Add(parameter);
            }

            _commands[sql] = command;
        }

        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = DatabaseValue(values[i]);
        }

        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync();
        }

        _commands.Clear();
        if (_openedConnection)
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
