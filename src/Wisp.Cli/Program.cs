return Wisp.Cli.WispCommandLine.Run(args, new Wisp.Cli.StandardStreamWriter(Console.OpenStandardOutput), new Wisp.Cli.StandardStreamWriter(Console.OpenStandardError));
