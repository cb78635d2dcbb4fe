namespace Wisp.Wasi;

/// <summary>Adds WASI preview1 to a <see cref="Linker"/>.</summary>
public static class WasiLinkerExtensions
{
    /// <summary>
    /// Defines every <c>wasi_snapshot_preview1</c> function (and the older <c>wasi_unstable</c> names,
    /// with their layouts) bound to <paramref name="context"/>. The linker should then serve only the
    /// instances of that one guest.
    /// </summary>
    public static void DefineWasi(this Linker linker, WasiContext context)
    {
        ArgumentNullException.ThrowIfNull(linker);
        ArgumentNullException.ThrowIfNull(context);
        new WasiPreview1(context, WasiLayout.Preview1).Define(linker, "wasi_snapshot_preview1");
        new WasiPreview1(context, WasiLayout.Unstable).Define(linker, "wasi_unstable");
    }

    /// <summary>Creates a <see cref="WasiContext"/> from <paramref name="configuration"/>, owned by <paramref name="store"/> (closed with it), and defines it.</summary>
    public static WasiContext DefineWasi(this Linker linker, Store store, WasiConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(store);
        var context = new WasiContext(configuration);
        store.Own(context);
        linker.DefineWasi(context);
        return context;
    }

    /// <summary>Instantiates <paramref name="module"/> and binds <paramref name="context"/> to its memory.</summary>
    public static Instance InstantiateWasi(this Linker linker, Store store, Module module, WasiContext context)
    {
        ArgumentNullException.ThrowIfNull(linker);
        ArgumentNullException.ThrowIfNull(context);
        var instance = linker.Instantiate(store, module);
        if (instance.GetMemory("memory") is not null)
        {
            context.Bind(instance);
        }

        return instance;
    }
}
