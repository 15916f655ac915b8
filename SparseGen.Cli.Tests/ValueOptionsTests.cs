using System.CommandLine;

namespace SparseGen.Cli.Tests;

/// <summary>The one reader of option values (issue 23): both families read numbers by one rule, each keeps its messages.</summary>
public sealed class ValueOptionsTests
{
    [Theory]
    [InlineData("5", true)]
    [InlineData("-5", true)]
    [InlineData("٣", false)]
    [InlineData("0x10", false)]
    [InlineData("1,5", false)]
    [InlineData("", false)]
    public void Integers_are_read_invariantly_with_ascii_digits_only(string token, bool accepted) =>
        Assert.Equal(accepted, ValueOptions.TryNumber(token, System.Globalization.NumberStyles.Integer, out int _));

    [Theory]
    [InlineData("--epochs", "٣", "--epochs: '٣' is not an integer in [1, 100000].")]
    [InlineData("--epochs", "0", "--epochs: '0' is not an integer in [1, 100000].")]
    [InlineData("--seed", "+5", "--seed: '+5' is not an integer in [0, 18446744073709551615].")]
    [InlineData("--density", "0,1", "--density: '0,1' is not a number in (0, 1], written with a decimal point (0.1).")]
    [InlineData("--threads", "2000", "--threads: '2000' is not an integer in [1, 1024].")]
    public void The_examples_options_state_their_range(string option, string value, string message)
    {
        var root = new RootCommand("test")
        {
            ValueOptions.Integer("--epochs", "Epochs.", 10, 1, 100_000),
            ValueOptions.Seed("--seed", "Seed.", 1),
            ValueOptions.Number("--density", "Density.", 0.1, 0, 1, minExclusive: true),
            ValueOptions.Threads("Threads."),
        };
        Assert.Equal(message, Assert.Single(root.Parse([option, value]).Errors).Message);
    }

    [Theory]
    [InlineData("--epochs", "abc", "--epochs 'abc' is not an integer from -2147483648 to 2147483647.")]
    [InlineData("--epochs", "0", "--epochs must be at least 1, was 0.")]
    [InlineData("--rate", "a\nb", "--rate 'a\\nb' is not a number (e.g. 0.25).")]
    [InlineData("--hidden", "٣", "--hidden '٣' is not an integer from -2147483648 to 2147483647.")]
    public void The_tools_options_read_their_type_then_check(string option, string value, string message)
    {
        var root = new RootCommand("test")
        {
            ValueOptions.Positive("--epochs", "Epochs.", 10),
            ValueOptions.Number<double>("--rate", "Rate."),
            ValueOptions.Numbers<int>("--hidden", "Sizes."),
        };
        Assert.Equal(message, Assert.Single(root.Parse([option, value]).Errors).Message);
    }

    [Theory]
    [InlineData("--hidden", "100", "200")]
    [InlineData("--epochs", "3", "4")]
    [InlineData("--rate", "0.1", "0.2")]
    [InlineData("--seed", "1", "2")]
    [InlineData("--density", "0.1", "0.2")]
    [InlineData("--threads", "1", "2")]
    [InlineData("--save", "a", "b")]
    [InlineData("--mode", "a", "b")]
    [InlineData("--pattern", "Uniform", "Dense")]
    [InlineData("--sizes", "1,2", "3")]
    public void A_repeated_option_is_refused_in_one_error_whichever_builder_made_it(string option, string first, string second)
    {
        var root = new RootCommand("test")
        {
            ValueOptions.Numbers<int>("--hidden", "Sizes."),
            ValueOptions.Positive("--epochs", "Epochs.", 10),
            ValueOptions.Number<double>("--rate", "Rate."),
            ValueOptions.Seed("--seed", "Seed.", 1),
            ValueOptions.Number("--density", "Density.", 0.1, 0, 1, minExclusive: true),
            ValueOptions.Threads("Threads."),
            ValueOptions.Path("--save", "Save."),
            ValueOptions.Choice("--mode", "Mode.", "a", "a", "b"),
            ValueOptions.Choice("--pattern", "Pattern.", ConnectivityPattern.Uniform),
            ValueOptions.Text("--sizes", "Sizes.", "1"),
        };
        string message = Assert.Single(root.Parse([option, first, option, second]).Errors).Message;
        Assert.Equal(option == "--hidden" ? "--hidden is given 2 times; give it once." : $"Option '{option}' expects a single argument but 2 were provided.", message);
        Assert.Empty(root.Parse([option, first]).Errors);
    }

    [Fact]
    public void Given_or_null_tells_a_given_value_from_the_default()
    {
        var samples = ValueOptions.Positive("--train-samples", "Samples.");
        var root = new RootCommand("test") { samples };
        Assert.Null(ValueOptions.GivenOrNull(root.Parse([]), samples));
        Assert.Equal(300, ValueOptions.GivenOrNull(root.Parse(["--train-samples", "300"]), samples));
    }
}
