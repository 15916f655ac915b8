namespace SparseGen.Cli.Tests;

/// <summary>
/// The one set of output checks of the tool and the examples (issue 23): each problem found the same way, worded as
/// each program worded it before.
/// </summary>
public sealed class OutputPathsTests
{
    private readonly string _dir = OutputPaths.Resolve(Cli.TempFolder());

    [Fact]
    public void Each_problem_is_worded_as_each_program_words_it()
    {
        string file = Path.Combine(_dir, "a-file");
        File.WriteAllText(file, "");
        string missing = Path.Combine(_dir, "missing", "m.csv");
        string longName = Path.Combine(_dir, new string('h', 300) + ".csv");
        string same = Path.Combine(_dir, "same.csv");

        Assert.Equal(
            ("--save: the folder '" + Path.Combine(_dir, "missing") + "' does not exist",
             "--save " + missing + ": the folder '" + Path.Combine(_dir, "missing") + "' does not exist; create it first."),
            Both(("--save", missing)));
        Assert.Equal(("--plot: '" + _dir + "' is a folder; give a file name", "--plot " + _dir + ": is a folder; give a file name."), Both(("--plot", _dir)));
        Assert.Equal(
            ("--history: the file name '" + new string('h', 300) + ".csv' is longer than the 255 bytes a file system allows",
             "--history " + longName + ": the name '" + new string('h', 20) + "…' is 304 bytes long; a file system takes at most 255."),
            Both(("--history", longName)));
        Assert.Equal(
            ("--save and --plot both name '" + same + "'; give each output its own file", "--save and --plot both name '" + same + "'; give each output its own file."),
            Both(("--save", same), ("--plot", same)));
        Assert.Null(Conventions.Examples.CheckOutputs(("--save", Path.Combine(_dir, "fine.safetensors")), ("--plot", null)));
    }

    [Fact]
    public void Outputs_are_one_file_through_links_and_a_loop_is_named()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        Directory.CreateDirectory(Path.Combine(_dir, "real"));
        Directory.CreateSymbolicLink(Path.Combine(_dir, "alias"), "real");
        File.CreateSymbolicLink(Path.Combine(_dir, "real", "latest.csv"), "model.safetensors");
        string loop = Path.Combine(_dir, "loop");
        File.CreateSymbolicLink(loop, "loop");

        OutputProblem same = OutputPaths.Check(("--save", Path.Combine(_dir, "real", "model.safetensors")), ("--history", Path.Combine(_dir, "alias", "latest.csv")))!;
        Assert.Equal((OutputProblemKind.SameFile, "--save", "--history", Path.Combine(_dir, "real", "model.safetensors")), (same.Kind, same.OtherOption, same.Option, same.Resolved));
        Assert.Equal(("--svg: '" + loop + "' has too many levels of symbolic links", loop + ": too many levels of symbolic links."), Both(("--svg", loop)));
    }

    [Fact]
    public void A_folder_output_is_created_and_a_file_is_refused()
    {
        string folder = Path.Combine(_dir, "new", "plots");
        Assert.Equal(folder, Conventions.Sparsegen.RequireFolder("--plots", folder));
        Assert.True(Directory.Exists(folder));

        string file = Path.Combine(_dir, "a-file");
        File.WriteAllText(file, "");
        var e = Assert.Throws<UsageException>(() => Conventions.Sparsegen.RequireFolder("--out", file));
        Assert.Equal($"--out {file}: is a file; give a folder.", e.Message);
    }

    [Fact]
    public void A_folder_that_takes_no_new_file_is_refused_before_the_work()
    {
        if (OperatingSystem.IsWindows() || Environment.UserName == "root")
        {
            return; // root writes anywhere
        }

        string locked = Directory.CreateDirectory(Path.Combine(_dir, "locked")).FullName;
        File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            OutputProblem problem = OutputPaths.Check(("--save", Path.Combine(locked, "m.safetensors")))!;
            Assert.Equal((OutputProblemKind.NotWritable, locked), (problem.Kind, problem.Folder));
            Assert.StartsWith($"--save: cannot write in the folder '{locked}' (", Conventions.Examples.Describe(problem));
        }
        finally
        {
            File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static (string? Examples, string? Sparsegen) Both(params (string Option, string? Path)[] outputs) =>
        (Conventions.Examples.CheckOutputs(outputs), Conventions.Sparsegen.CheckOutputs(outputs));
}
