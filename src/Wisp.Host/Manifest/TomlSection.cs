using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Serialization;

namespace Wisp.Serving.Manifest;

/// <summary>
/// A TOML table read for a manifest: typed getters whose errors name the file, the line and the full
/// key (<c>wisp.toml:12: component.api.limits.timeout: ...</c>). Lines come from Tomlyn's metadata store.
/// </summary>
internal sealed class TomlSection
{
    private readonly TomlTable _table;
    private readonly TomlMetadataStore _metadata;
    private readonly int _line;

    private TomlSection(string file, TomlTable table, TomlMetadataStore metadata, string path, int line)
    {
        File = file;
        _table = table;
        _metadata = metadata;
        Path = path;
        _line = line;
    }

    /// <summary>The manifest's file name, as errors show it.</summary>
    public string File { get; }

    /// <summary>The dotted key of this table ("" for the document).</summary>
    public string Path { get; }

    public IEnumerable<string> Keys => _table.Keys;

    /// <summary>Parses <paramref name="text"/>; a syntax error becomes a <see cref="ManifestException"/> with its line.</summary>
    public static TomlSection Parse(string text, string file)
    {
        var metadata = new TomlMetadataStore();
        try
        {
            var table = TomlSerializer.Deserialize<TomlTable>(text, new TomlSerializerOptions { SourceName = file, MetadataStore = metadata })
                        ?? new TomlTable();
            return new TomlSection(file, table, metadata, "", 1);
        }
        catch (TomlException e)
        {
            throw new ManifestException($"{file}:{(e.Span is { } span ? span.Start.Line + 1 : 1)}: {FirstLine(e.Message)}", e);
        }
    }

    public bool Contains(string key) => _table.ContainsKey(key);

    /// <summary>The line <paramref name="key"/> is on (the table's own line when unknown).</summary>
    public int LineOf(string key) =>
        _metadata.TryGetProperties(_table, out var properties) && properties is not null && properties.TryGetProperty(key, out var property) && property is not null
            ? property.Span.Start.Line + 1
            : _line;

    public ManifestException Error(string key, string message) => new($"{File}:{LineOf(key)}: {Qualified(key)}: {message}");

    /// <summary>Refuses keys this reader does not know, so a typo is an error rather than a silent default.</summary>
    public void RejectUnknownKeys(params string[] known)
    {
        foreach (var key in _table.Keys)
        {
            if (!known.Contains(key))
            {
                throw Error(key, $"unknown key (expected one of: {string.Join(", ", known)})");
            }
        }
    }

    public string? GetString(string key) => Get(key) switch
    {
        null => null,
        string text => text,
        var other => throw Error(key, $"expected a string, found {Describe(other)}"),
    };

    public string RequireString(string key) => GetString(key) ?? throw Error(key, "is required");

    public long? GetInteger(string key) => Get(key) switch
    {
        null => null,
        long number => number,
        var other => throw Error(key, $"expected an integer, found {Describe(other)}"),
    };

    public bool? GetBoolean(string key) => Get(key) switch
    {
        null => null,
        bool flag => flag,
        var other => throw Error(key, $"expected true or false, found {Describe(other)}"),
    };

    public object? Get(string key) => _table.TryGetValue(key, out var value) ? value : null;

    public TomlSection? GetTable(string key) => Get(key) switch
    {
        null => null,
        TomlTable table => Child(key, table),
        var other => throw Error(key, $"expected a table, found {Describe(other)}"),
    };

    /// <summary>A value that is a table, as a section (for keys that may hold a string or a table).</summary>
    public TomlSection Child(string key, TomlTable table) => new(File, table, _metadata, Qualified(key), LineOf(key));

    /// <summary>The tables of <c>[[key]]</c>; each named <c>key[i]</c> in errors.</summary>
    public IReadOnlyList<TomlSection> GetTableArray(string key) => Get(key) switch
    {
        null => [],
        TomlTableArray tables => [.. tables.Select((table, i) => new TomlSection(File, table, _metadata, $"{Qualified(key)}[{i}]", LineOf(key)))],
        var other => throw Error(key, $"expected an array of tables ([[{key}]]), found {Describe(other)}"),
    };

    /// <summary>The items of an array, each a string or a table (as a section).</summary>
    public IReadOnlyList<object> GetArray(string key) => Get(key) switch
    {
        null => [],
        TomlArray array => [.. array.Select((item, i) => item is TomlTable table
            ? new TomlSection(File, table, _metadata, $"{Qualified(key)}[{i}]", LineOf(key))
            : item ?? throw Error(key, "holds an empty item"))],
        var other => throw Error(key, $"expected an array, found {Describe(other)}"),
    };

    public IReadOnlyList<string> GetStringArray(string key) =>
        [.. GetArray(key).Select(item => item as string ?? throw Error(key, $"expected an array of strings, found an item that is {Describe(item)}"))];

    /// <summary>A table of string values (<c>environment = { A = "b" }</c>), in file order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> GetStringTable(string key)
    {
        var section = GetTable(key);
        if (section is null)
        {
            return [];
        }

        return [.. section._table.Select(pair => new KeyValuePair<string, string>(pair.Key, pair.Value as string
            ?? throw section.Error(pair.Key, $"expected a string, found {Describe(pair.Value)}")))];
    }

    public string Qualified(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    private static string Describe(object? value) => value switch
    {
        string => "a string",
        long => "an integer",
        double => "a float",
        bool => "a boolean",
        TomlTable => "a table",
        TomlArray or TomlTableArray => "an array",
        null => "nothing",
        _ => "a date or time",
    };

    private static string FirstLine(string message)
    {
        // Tomlyn's message starts with "file(line,col) : error : "; keep only the reason.
        var marker = message.IndexOf(": error : ", StringComparison.Ordinal);
        var reason = marker >= 0 ? message[(marker + ": error : ".Length)..] : message;
        var newline = reason.IndexOf('\n');
        return newline >= 0 ? reason[..newline].TrimEnd() : reason;
    }
}
