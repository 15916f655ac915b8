namespace SparseGen.Tests;

/// <summary>Paths of the data shipped with the repository.</summary>
internal static class TestData
{
    public static string MnistDirectory { get; } = Path.Combine(RepositoryRoot(), "data", "mnist");

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SparseGen.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("SparseGen.sln not found above " + AppContext.BaseDirectory);
    }
}
