using System;
using System.Runtime.InteropServices;
using System.Threading;
using SparseGen.Cli;

// SIGINT (Ctrl-C) and SIGTERM cancel the work instead of killing the process: training stops after the current
// batch and the tool exits with ExitCodes.Interrupted (130).
using var cancel = new CancellationTokenSource();
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
return SparseGenCli.Run(args, Console.Out, Console.Error, cancel.Token);

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    cancel.Cancel();
}
