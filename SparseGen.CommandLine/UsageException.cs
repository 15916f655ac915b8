using System;

namespace SparseGen.CommandLine;

/// <summary>
/// A bad value on the command line or in a file that stands for one (a grid file): <see cref="Conventions.Run"/>
/// reports it as one line on standard error with <see cref="ExitCodes.UsageError"/>.
/// </summary>
public sealed class UsageException(string message) : Exception(message);
