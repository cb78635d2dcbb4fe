namespace Wisp.Serving.Operations;

/// <summary>
/// Watches the manifest and module files and calls back once a burst of changes has settled
/// (<see cref="SettleTime"/>), so an editor's or a copy's several writes make one reload.
/// </summary>
internal sealed class ApplicationWatcher : IDisposable
{
    public static readonly TimeSpan SettleTime = TimeSpan.FromMilliseconds(200);

    private readonly Action<string> _changed;
    private readonly Timer _settle;
    private readonly object _lock = new();
    private List<FileSystemWatcher> _watchers = [];
    private HashSet<string> _files = [];
    private string? _lastChanged;

    public ApplicationWatcher(Action<string> changed)
    {
        _changed = changed;
        _settle = new Timer(_ => Fire(), null, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>Watches exactly <paramref name="files"/> from now on.</summary>
    public void Watch(IEnumerable<string> files)
    {
        lock (_lock)
        {
            var wanted = new HashSet<string>(files.Select(Path.GetFullPath), StringComparer.Ordinal);
            if (wanted.SetEquals(_files))
            {
                return;
            }

            foreach (var watcher in _watchers)
            {
                watcher.Dispose();
            }

            _files = wanted;
            _watchers = [.. wanted.Select(Path.GetDirectoryName).Distinct().Where(Directory.Exists).Select(directory =>
            {
                var watcher = new FileSystemWatcher(directory!)
                {
                    NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
                };
                watcher.Changed += OnEvent;
                watcher.Created += OnEvent;
                watcher.Renamed += OnEvent;
                watcher.EnableRaisingEvents = true;
                return watcher;
            })];
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Dispose();
            }

            _watchers = [];
            _settle.Dispose();
        }
    }

    private void OnEvent(object sender, FileSystemEventArgs e)
    {
        lock (_lock)
        {
            if (!_files.Contains(e.FullPath))
            {
                return;
            }

            _lastChanged = e.FullPath;
            _settle.Change(SettleTime, Timeout.InfiniteTimeSpan);
        }
    }

    private void Fire()
    {
        string? file;
        lock (_lock)
        {
            file = _lastChanged;
        }

        if (file is not null)
        {
            _changed(file);
        }
    }
}
