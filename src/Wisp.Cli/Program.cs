// The CLI is built by the API/CLI work; this entry point only reports the version until then.
Console.WriteLine($"wisp {typeof(Wisp.Model.ModuleDefinition).Assembly.GetName().Version}");
return 0;
