using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace SparseGen.Cli.Sweep;

/// <summary>
/// How to start this tool again in another process (a local worker, a Slurm task): its native launcher beside
/// the assembly when there is one, else <c>dotnet sparsegen.dll</c> (as <c>dotnet tool</c> runs it).
/// </summary>
internal static class Launcher
{
    /// <summary>The program and the leading arguments that run <c>sparsegen</c>.</summary>
    public static IReadOnlyList<string> Command()
    {
        // Beside this program, not Assembly.Location, which is empty in a Native AOT binary; there the native
        // launcher is the binary itself.
        string assembly = Path.Combine(AppContext.BaseDirectory, $"{typeof(Launcher).Assembly.GetName().Name}.dll");
        string native = Path.ChangeExtension(assembly, OperatingSystem.IsWindows() ? ".exe" : null);
        if (File.Exists(native))
        {
            return [native];
        }

        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (host is null && Environment.ProcessPath is { } process && Path.GetFileNameWithoutExtension(process) == "dotnet")
        {
            host = process;
        }

        return [host ?? "dotnet", assembly];
    }

    /// <summary>Starts <c>sparsegen <paramref name="arguments"/></c> with its output and errors redirected.</summary>
    public static Process Start(IEnumerable<string> arguments)
    {
        IReadOnlyList<string> command = Command();
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in command.Skip(1).Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new IOException($"Could not start {command[0]}.");
    }
}
