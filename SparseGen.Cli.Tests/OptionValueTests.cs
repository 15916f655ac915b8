using System.CommandLine;

namespace SparseGen.Cli.Tests;

/// <summary>Every number or choice option of every command answers a value it cannot take with one line and exit 2, never a stack trace (docs/guarantees.md).</summary>
public sealed class OptionValueTests
{
    private static readonly Dictionary<Type, string[]> BadValues = new()
    {
        [typeof(int)] = ["abc", "1.5", "99999999999999999999", "-99999999999999999999", "", "٣"],
        [typeof(int[])] = ["abc", "99999999999999999999", "٣"],
        [typeof(ulong)] = ["abc", "-1", "99999999999999999999999", ""],
        [typeof(double)] = ["abc", "1,5", "", "0x10"],
        [typeof(ConnectivityPattern)] = ["abc", ""],
    };

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (path, command) in Commands(SparseGenCli.Create(), string.Empty))
        {
            foreach (Option option in command.Options)
            {
                if (BadValues.TryGetValue(option.ValueType, out string[]? values))
                {
                    foreach (string value in values)
                    {
                        data.Add(path, option.Name, value);
                    }
                }
            }
        }

        return data;
    }

    [Fact]
    public void The_cases_cover_the_numeric_options_of_every_command() =>
        Assert.Superset(new HashSet<string> { "train --epochs", "train --hidden", "train --seed", "train --density", "explore --units", "sweep run --workers", "sweep point --index" },
            Cases().Select(c => $"{c[0]} {c[1]}").ToHashSet());

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_value_an_option_cannot_take_is_one_line_and_exit_code_2(string command, string option, string value)
    {
        string[] args = [.. command.Split(' '), option, value];
        var (code, output, error) = Cli.Run(args);
        Assert.True(code == 2, $"{string.Join(' ', args)}: exit {code}; {error}");
        string[] lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("sparsegen: ", lines[0]);
        Assert.DoesNotContain("Exception", error);
        Assert.DoesNotContain("   at ", error);
        Assert.Equal(string.Empty, output);
    }

    private static IEnumerable<(string Path, Command Command)> Commands(Command command, string path)
    {
        foreach (Command sub in command.Subcommands)
        {
            string name = (path + " " + sub.Name).Trim();
            yield return (name, sub);
            foreach (var nested in Commands(sub, name))
            {
                yield return nested;
            }
        }
    }
}
