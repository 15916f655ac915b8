using System;
using SparseGen.Cli;

return SparseGenCli.Run(args, Console.Out, Console.Error);
