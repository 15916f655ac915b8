using System.Diagnostics;
using System.Threading.Tasks;
using System.Globalization;

namespace SparseGen.Cli.Tests;

/// <summary>Runs sparsegen as a real child process (for signals, locks and concurrency), and finds what it leaves running.</summary>
internal static class Tool
{
    public static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sparsegen.dll"));
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        return Process.Start(start)!;
    }

    public static void Signal(int pid, string signal)
    {
        using Process kill = Process.Start("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    /// <summary>Waits until <paramref name="path"/> exists and holds <paramref name="text"/>.</summary>
    public static async Task WaitForText(string path, string text)
    {
        var clock = Stopwatch.StartNew();
        while (!(File.Exists(path) && Read(path).Contains(text, StringComparison.Ordinal)))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"{path} did not get '{text}' within 60 s");
            await Task.Delay(100);
        }
    }

    /// <summary>The ids of the processes whose command line holds <paramref name="text"/> (Linux; none elsewhere).</summary>
    public static int[] ProcessesMentioning(string text)
    {
        if (!Directory.Exists("/proc"))
        {
            return [];
        }

        var found = new List<int>();
        foreach (string dir in Directory.GetDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out int pid) && pid != Environment.ProcessId)
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Contains(text, StringComparison.Ordinal))
                    {
                        found.Add(pid);
                    }
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }

        return found.ToArray();
    }

    /// <summary>Kills what a failed test left running.</summary>
    public static void KillAll(Process tool, string mentioning)
    {
        try
        {
            tool.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }

        foreach (int pid in ProcessesMentioning(mentioning))
        {
            Signal(pid, "KILL");
        }
    }

    private static string Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(stream).ReadToEnd();
    }
}
