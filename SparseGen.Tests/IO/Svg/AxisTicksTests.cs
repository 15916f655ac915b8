using System.Globalization;
using SparseGen.IO.Svg;

namespace SparseGen.Tests.IO.Svg;

public sealed class AxisTicksTests
{
    [Theory]
    [InlineData(0.2846, 0.5214, false, "0.30 0.35 0.40 0.45 0.50")]
    [InlineData(0.71, 0.97, false, "0.75 0.80 0.85 0.90 0.95")]
    [InlineData(0, 2.3, false, "0.0 0.5 1.0 1.5 2.0")]
    [InlineData(0.12, 0.88, false, "0.2 0.4 0.6 0.8")]
    [InlineData(12, 97, false, "20 40 60 80")]
    [InlineData(0, 1, false, "0.0 0.2 0.4 0.6 0.8 1.0")]
    [InlineData(89.5, 96.5, false, "90 92 94 96")]
    [InlineData(0, 140, false, "0 25 50 75 100 125")]
    [InlineData(0, 0.14, false, "0.000 0.025 0.050 0.075 0.100 0.125")]
    [InlineData(0.5, 15.5, false, "2.5 5.0 7.5 10.0 12.5 15.0")]
    [InlineData(0.5, 15.5, true, "5 10 15")]
    [InlineData(0.96, 2.04, true, "1 2")]
    public void Linear_ticks_are_round_numbers_inside_the_range_written_exactly(double low, double high, bool integers, string expected)
    {
        (double[] ticks, string format) = AxisTicks.Linear(low, high, integers: integers);
        Assert.Equal(expected, string.Join(" ", ticks.Select(t => t.ToString(format, CultureInfo.InvariantCulture))));
        Assert.All(ticks, t => Assert.InRange(t, low, high));
    }

    [Fact]
    public void Log_ticks_are_one_two_five_per_decade_over_short_spans_else_powers_of_ten()
    {
        Assert.Equal([0.001, 0.01, 0.1, 1], AxisTicks.Log10(-3.1, 0.05));
        Assert.Equal([0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1], AxisTicks.Log10(-2.05, 0.01));
    }
}
