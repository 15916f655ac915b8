using SparseGen;
using SparseGen.Tests.Numerics;
using SparseGen.Networks;

namespace SparseGen.Tests.Training;

public class OptimizerTests
{
    private static readonly double[] Gradients = [0.3, -0.2, 0.7, 0.1];

    [Theory]
    [InlineData(0.0, false)]
    [InlineData(0.9, false)]
    [InlineData(0.9, true)]
    public void Sgd_matches_the_update_written_out(double momentum, bool nesterov)
    {
        var (p, step) = Single(new Sgd(0.1, momentum, nesterov));
        double w = 0.5, v = 0;
        foreach (double g in Gradients)
        {
            step(g);
            v = (momentum * v) + g;
            w -= 0.1 * (momentum == 0 ? g : nesterov ? g + (momentum * v) : v);
            Reference.Close(w, p.Values[0], 1e-6, 1e-7);
        }
    }

    [Fact]
    public void Adam_matches_Kingma_and_Ba_algorithm_1()
    {
        var (p, step) = Single(new Adam(0.05));
        double w = 0.5, m = 0, v = 0;
        for (int t = 1; t <= Gradients.Length; t++)
        {
            double g = Gradients[t - 1];
            step(g);
            m = (0.9 * m) + (0.1 * g);
            v = (0.999 * v) + (0.001 * g * g);
            w -= 0.05 * (m / (1 - Math.Pow(0.9, t))) / (Math.Sqrt(v / (1 - Math.Pow(0.999, t))) + 1e-8);
            Reference.Close(w, p.Values[0], 1e-5, 1e-6);
        }
    }

    [Fact]
    public void Optimizer_state_round_trips_so_training_resumes_exactly()
    {
        Optimizer[] Make() => [new Sgd(0.1, 0.9, nesterov: true), new Adam(0.01), new Nadam(0.01)];
        Optimizer[] first = Make(), resumed = Make();
        for (int o = 0; o < first.Length; o++)
        {
            var (p, step) = Single(first[o]);
            step(0.3);
            step(-0.1);
            var (q, stepResumed) = Single(resumed[o]);
            q.Values[0] = p.Values[0];
            foreach (string slot in first[o].SlotNames)
            {
                resumed[o].SetSlot(q, slot, first[o].GetSlot(p, slot));
            }

            resumed[o].SetScalars(first[o].GetScalars());
            step(0.2);
            stepResumed(0.2);

            Assert.Equal(p.Values[0], q.Values[0]);
        }
    }

    [Fact]
    public void Schedules_follow_their_formulas()
    {
        var step = LearningRateSchedule.Step(stepSize: 2, gamma: 0.5);
        Assert.Equal([1.0, 1.0, 0.5, 0.5, 0.25], Enumerable.Range(0, 5).Select(e => step.Rate(e, 1.0)));

        var cosine = LearningRateSchedule.Cosine(epochs: 4, minimumRate: 0.1);
        Reference.Close(1.0, cosine.Rate(0, 1.0));
        Reference.Close(0.1 + (0.9 * (1 + Math.Cos(Math.PI / 4)) / 2), cosine.Rate(1, 1.0));
        Reference.Close(0.55, cosine.Rate(2, 1.0));
        Reference.Close(0.1, cosine.Rate(4, 1.0));
    }

    [Fact]
    public void A_learning_rate_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(0.1, 0, nesterov: true));
    }

    private static (Parameter Parameter, Action<double> Step) Single(Optimizer optimizer)
    {
        var p = new Parameter("w", 1);
        p.Values[0] = 0.5f;
        return (p, g =>
        {
            p.Gradients[0] = (float)g;
            optimizer.Step([p]);
        });
    }
}
