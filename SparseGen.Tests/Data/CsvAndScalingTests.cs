using SparseGen;

namespace SparseGen.Tests.Data;

public sealed class CsvAndScalingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sparsegen-csv-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Reads_features_and_string_labels_with_a_chosen_label_column()
    {
        string path = Write("x1,species,x2\n1.5,setosa,2\n-3,virginica,4e-1\n0,setosa,1\n");

        var (data, classes) = CsvDataset.Load(path, new CsvOptions("species"));

        Assert.Equal(["setosa", "virginica"], classes);
        Assert.Equal((3, 2, 2), (data.Count, data.FeatureCount, data.ClassCount));
        Assert.Equal([1.5f, 2f], data.Features(0).ToArray());
        Assert.Equal([-3f, 0.4f], data.Features(1).ToArray());
        Assert.Equal([0, 1, 0], Enumerable.Range(0, 3).Select(data.Label));
        Assert.Equal([1f, 0f, 0f, 1f, 1f, 0f], data.OneHotLabels());
    }

    [Theory]
    [InlineData("a,label\n1,x\n2\n", "line 3: 1 cells, but the header has 2 columns")]
    [InlineData("a,b,label\n1,2,x\n3,oops,y\n", "line 3, column 'b': 'oops' is not a finite number")]
    [InlineData("a,label\n1,x\n2,z\n", "line 3, column 'label': unknown label 'z'")]
    [InlineData("a,b\n1,2\n", "line 1: no column 'label'")]
    [InlineData("a,b,label\n1,2,x\n\"3\n\",4,y\n\n5,bad,x\n", "line 6, column 'b': 'bad' is not a finite number")]
    [InlineData("a,label\n1,x\n\n\n2,z\n", "line 5, column 'label': unknown label 'z'")]
    [InlineData("a,label\n1,x\n2, \n", "line 3, column 'label': the label is empty")]
    [InlineData("a,label\n1,x\n2,x\0y\n", "line 3, column 'label': the cell holds a NUL character")]
    [InlineData("a,label\n1\0,x\n", "line 2, column 'a': the cell holds a NUL character")]
    [InlineData("a,a,label\n1,2,x\n", "line 1: column 'a' appears twice")]
    [InlineData("a,label\n", "the file holds no sample")]
    [InlineData("a,label\n1e39,x\n", "line 2, column 'a': '1e39' is not a finite number")]
    [InlineData("a,label\nNaN,x\n", "line 2, column 'a': 'NaN' is not a finite number")]
    public void Malformed_files_name_the_line_and_column(string text, string message)
    {
        string path = Write(text);
        var e = Assert.Throws<InvalidDataException>(() => CsvDataset.Load(path, new CsvOptions("label", Classes: ["x", "y"])));

        Assert.StartsWith(path + ": ", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("x|x|y")]
    [InlineData("x|")]
    [InlineData("x")]
    public void Duplicate_empty_or_too_few_class_names_are_refused(string classes)
    {
        string path = Write("a,label\n1,x\n");
        var e = Assert.Throws<ArgumentException>(() => CsvDataset.Load(path, new CsvOptions("label", classes.Split('|'))));
        Assert.Contains("at least 2 distinct, non-empty names", e.Message);
    }

    [Fact]
    public void Labels_naming_one_class_are_refused()
    {
        string path = Write("a,label\n1,x\n2,x\n");
        var e = Assert.Throws<InvalidDataException>(() => CsvDataset.Load(path, new CsvOptions("label")));
        Assert.Contains("the labels name 1 class", e.Message);
    }

    [Fact]
    public void Scalers_are_fitted_on_the_training_split_only()
    {
        var train = new Dataset([0f, 10f, 2f, 10f, 4f, 10f], 2, [0, 1, 0], 2);
        var test = new Dataset([8f, 20f], 2, [1], 2);

        var minMax = FeatureScaler.FitMinMax(train);
        Assert.Equal([0f, 0f, 0.5f, 0f, 1f, 0f], Flatten(minMax.Transform(train)));
        Assert.Equal([2f, 10f], Flatten(minMax.Transform(test)));

        var standard = FeatureScaler.FitStandard(train);
        float sd = MathF.Sqrt(8f / 3f);
        Assert.Equal([-2 / sd, 0f, 0f, 0f, 2 / sd, 0f], Flatten(standard.Transform(train)), new FloatTolerance(1e-6f));
        Assert.Equal([6 / sd, 10f], Flatten(standard.Transform(test)), new FloatTolerance(1e-6f));
    }

    [Fact]
    public void Split_is_seeded_disjoint_and_complete()
    {
        var data = new Dataset(Enumerable.Range(0, 20).Select(i => (float)i).ToArray(), 1, Enumerable.Range(0, 20).Select(i => i % 2).ToArray(), 2);

        var (train, validation) = data.Split(0.25, seed: 3);
        var (train2, _) = data.Split(0.25, seed: 3);
        var (train3, _) = data.Split(0.25, seed: 4);

        Assert.Equal((15, 5), (train.Count, validation.Count));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (float)i), Flatten(train).Concat(Flatten(validation)).Order());
        Assert.Equal(Flatten(train), Flatten(train2));
        Assert.NotEqual(Flatten(train), Flatten(train3));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Split(0.01, 1));
    }

    private static float[] Flatten(Dataset d) => Enumerable.Range(0, d.Count).SelectMany(s => d.Features(s).ToArray()).ToArray();

    [Fact]
    public void A_data_set_needs_a_sample()
    {
        Assert.Throws<ArgumentException>(() => new Dataset([], 3, [], 2));
    }

    private string Write(string text)
    {
        string path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, text);
        return path;
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
