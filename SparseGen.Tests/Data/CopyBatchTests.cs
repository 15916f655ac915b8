namespace SparseGen.Tests.Data;

/// <summary><see cref="Dataset.CopyBatch"/> writes the feature-major batch the kernels read, whatever the batch and feature counts.</summary>
public class CopyBatchTests
{
    [Theory]
    [InlineData(1, 5)]
    [InlineData(7, 8)]
    [InlineData(8, 13)]
    [InlineData(13, 16)]
    [InlineData(32, 784)]
    [InlineData(33, 3)]
    public void Sample_b_feature_f_lands_at_f_times_batch_plus_b(int batch, int featureCount)
    {
        const int count = 50, classes = 3;
        var features = Enumerable.Range(0, count * featureCount).Select(v => (float)v).ToArray();
        var labels = Enumerable.Range(0, count).Select(s => s % classes).ToArray();
        var data = new Dataset(features, featureCount, labels, classes);
        int[] indices = Enumerable.Range(0, batch).Select(b => (b * 17) + 3).Select(s => s % count).ToArray();
        var x = new float[featureCount * batch];
        var t = new float[classes * batch];

        data.CopyBatch(indices, x, t);

        for (int b = 0; b < batch; b++)
        {
            for (int f = 0; f < featureCount; f++)
            {
                Assert.Equal(features[(indices[b] * featureCount) + f], x[(f * batch) + b]);
            }

            for (int c = 0; c < classes; c++)
            {
                Assert.Equal(c == labels[indices[b]] ? 1f : 0f, t[(c * batch) + b]);
            }
        }
    }

    [Fact]
    public void An_index_outside_the_data_set_is_named()
    {
        var data = new Dataset(new float[20], 2, new int[10], 2);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => data.CopyBatch([0, 10], new float[4], new float[4]));
        Assert.Contains("sample 10", e.Message);
        Assert.Contains("[0, 10)", e.Message);
    }
}
