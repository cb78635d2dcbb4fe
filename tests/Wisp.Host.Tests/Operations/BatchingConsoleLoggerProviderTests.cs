using Microsoft.Extensions.Logging;
using Wisp.Serving.Operations;

namespace Wisp.Serving.Tests.Operations;

public class BatchingConsoleLoggerProviderTests
{
    [Fact]
    public void WritesEveryLineWithLevelAndCategoryByDispose()
    {
        using var output = new MemoryStream();
        var provider = new BatchingConsoleLoggerProvider(output);
        var logger = provider.CreateLogger("Test.Category");
        for (var i = 0; i < 500; i++)
        {
            logger.LogInformation("line {Number}", i);
        }

        logger.LogError(new InvalidOperationException("boom"), "failed");
        provider.Dispose();
        var lines = System.Text.Encoding.UTF8.GetString(output.ToArray()).Split('\n');
        Assert.Equal(500, lines.Count(line => line.Contains("info: Test.Category: line ")));
        Assert.Contains(lines, line => line.EndsWith("info: Test.Category: line 499", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.EndsWith("fail: Test.Category: failed", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("InvalidOperationException: boom"));
    }
}
