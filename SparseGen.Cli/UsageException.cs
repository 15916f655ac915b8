using System;

namespace SparseGen.Cli;

/// <summary>A bad value on the command line or in a grid file: reported as one line on stderr with exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
