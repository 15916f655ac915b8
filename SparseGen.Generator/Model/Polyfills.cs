namespace System.Runtime.CompilerServices
{
    /// <summary>Lets netstandard2.0 code declare records and init-only setters.</summary>
    internal static class IsExternalInit
    {
    }

    /// <summary>Lets netstandard2.0 code declare <c>required</c> members.</summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Field | AttributeTargets.Property, Inherited = false)]
    internal sealed class RequiredMemberAttribute : Attribute
    {
    }

    /// <summary>Lets netstandard2.0 code declare <c>required</c> members.</summary>
    [AttributeUsage(AttributeTargets.All, AllowMultiple = true, Inherited = false)]
    internal sealed class CompilerFeatureRequiredAttribute(string featureName) : Attribute
    {
        public string FeatureName { get; } = featureName;
    }
}

namespace System.Diagnostics.CodeAnalysis
{
    /// <summary>Lets netstandard2.0 code declare constructors that set every <c>required</c> member.</summary>
    [AttributeUsage(AttributeTargets.Constructor, Inherited = false)]
    internal sealed class SetsRequiredMembersAttribute : Attribute
    {
    }
}
