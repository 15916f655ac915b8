using System;

namespace SparseGen.Backends.Device;

/// <summary>No accelerator of the kind asked for can be used here: the library or a device is missing. <see cref="Exception.Message"/> says which.</summary>
public sealed class AcceleratorUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AcceleratorUnavailableException(AcceleratorKind kind, string reason, Exception? inner = null)
        : base($"No {kind} accelerator is available: {reason}", inner)
    {
        Kind = kind;
        Reason = reason;
    }

    /// <summary>The kind asked for.</summary>
    public AcceleratorKind Kind { get; }

    /// <summary>Why it is not available, for example a missing library or no device.</summary>
    public string Reason { get; }
}
