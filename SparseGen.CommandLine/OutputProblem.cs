namespace SparseGen.CommandLine;

/// <summary>What <see cref="OutputPaths"/> found wrong with an output path; <see cref="Conventions.Describe"/> words it as its program does.</summary>
/// <param name="Kind">What is wrong.</param>
/// <param name="Option">The option that names the output (<c>--save</c>).</param>
/// <param name="Path">The path as the option gave it.</param>
public sealed record OutputProblem(OutputProblemKind Kind, string Option, string Path)
{
    /// <summary>For <see cref="OutputProblemKind.SameFile"/>: the option named first that names the same file.</summary>
    public string? OtherOption { get; init; }

    /// <summary>For <see cref="OutputProblemKind.SameFile"/>: the file both name, every symbolic link resolved.</summary>
    public string? Resolved { get; init; }

    /// <summary>For <see cref="OutputProblemKind.NoFolder"/> and <see cref="OutputProblemKind.NotWritable"/>: the folder.</summary>
    public string? Folder { get; init; }

    /// <summary>For <see cref="OutputProblemKind.NameTooLong"/>: the name that is too long.</summary>
    public string? Name { get; init; }

    /// <summary>For <see cref="OutputProblemKind.NameTooLong"/>: whether <see cref="Name"/> is the last name of the path.</summary>
    public bool IsFileName { get; init; }

    /// <summary>For <see cref="OutputProblemKind.NameTooLong"/>: the name's length in UTF-8 bytes.</summary>
    public int Bytes { get; init; }

    /// <summary>For <see cref="OutputProblemKind.NotWritable"/> and <see cref="OutputProblemKind.CannotCreate"/>: what the system said.</summary>
    public string? Detail { get; init; }
}
