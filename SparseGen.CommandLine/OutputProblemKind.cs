namespace SparseGen.CommandLine;

/// <summary>What is wrong with an output path (<see cref="OutputProblem"/>).</summary>
public enum OutputProblemKind
{
    /// <summary>A name in the path is longer than <see cref="OutputPaths.MaxNameBytes"/> bytes in UTF-8.</summary>
    NameTooLong,

    /// <summary>A file output names a folder (or ends in a separator).</summary>
    IsAFolder,

    /// <summary>The folder that would hold the file does not exist.</summary>
    NoFolder,

    /// <summary>The folder does not take a new file (permissions, a read-only file system).</summary>
    NotWritable,

    /// <summary>Two outputs name one file once every symbolic link is resolved.</summary>
    SameFile,

    /// <summary>The path's symbolic links form a loop (more than the links one path may follow).</summary>
    LinkLoop,

    /// <summary>A folder output names a file.</summary>
    IsAFile,

    /// <summary>A folder output cannot be created.</summary>
    CannotCreate,
}
