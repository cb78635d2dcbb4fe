return Wisp.Cli.WispCommandLine.Run(args, Console.Out, Console.Error);
