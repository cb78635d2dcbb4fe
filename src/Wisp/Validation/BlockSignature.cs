using Wisp.Model;

namespace Wisp.Validation;

/// <summary>
/// The parameter and result types of a block, loop, if or function body, without allocating: either
/// nothing, one result, or a function type from the type section.
/// </summary>
internal readonly struct BlockSignature
{
    private readonly FunctionType? _type;
    private readonly ValType _result;
    private readonly bool _hasResult;
    private readonly bool _hasParameters;

    private BlockSignature(FunctionType? type, ValType result, bool hasResult, bool hasParameters)
    {
        _type = type;
        _result = result;
        _hasResult = hasResult;
        _hasParameters = hasParameters;
    }

    public static BlockSignature Empty => default;

    public static BlockSignature OfResult(ValType result) => new(null, result, true, false);

    public static BlockSignature Of(FunctionType type) => new(type, default, false, true);

    /// <summary>A function body's frame: its results; its parameters are locals, not operands.</summary>
    public static BlockSignature OfFunction(FunctionType type) => new(type, default, false, false);

    public int ParameterCount => _hasParameters ? _type!.Parameters.Count : 0;

    public ValType Parameter(int index) => _type!.Parameters[index];

    public int ResultCount => _type is not null ? _type.Results.Count : _hasResult ? 1 : 0;

    public ValType Result(int index) => _type is not null ? _type.Results[index] : _result;

    /// <summary>An <c>if</c> without <c>else</c> has an implicit empty else, valid only when parameters equal results.</summary>
    public bool ParametersEqualResults()
    {
        if (ParameterCount != ResultCount)
        {
            return false;
        }

        for (var i = 0; i < ParameterCount; i++)
        {
            if (Parameter(i) != Result(i))
            {
                return false;
            }
        }

        return true;
    }
}
