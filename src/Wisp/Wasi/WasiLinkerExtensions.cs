namespace Wisp.Wasi;

/// <summary>Adds WASI preview1 to a <see cref="Linker"/>.</summary>
public static class WasiLinkerExtensions
{
    /// <summary>
    /// Defines every <c>wasi_snapshot_preview1</c> function (and the older <c>wasi_unstable</c> names,
    /// with their layouts), once per linker. No context is bound here: each call works on the
    /// calling instance's memory and its store's <see cref="WasiContext"/> (see
    /// <see cref="Store.SetWasiConfiguration"/>), so one linker serves any number of stores.
    /// </summary>
    public static void DefineWasi(this Linker linker)
    {
        ArgumentNullException.ThrowIfNull(linker);
        WasiPreview1.Define(linker, "wasi_snapshot_preview1", WasiLayout.Preview1);
        WasiPreview1.Define(linker, "wasi_unstable", WasiLayout.Unstable);
    }
}
