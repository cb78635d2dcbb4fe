using Wisp.Fuzz.Transcripts;

namespace Wisp.Fuzz.Tests;

public sealed class TranscriptTests
{
    [Fact]
    public void Equal_transcripts_have_no_difference() =>
        Assert.Null(Transcript.Parse("a", "x\ny\n").FirstDifference(Transcript.Parse("b", "x\ny\n")));

    [Fact]
    public void The_first_differing_line_is_reported() =>
        Assert.Equal(1, Transcript.Parse("a", "x\ny\nz\n").FirstDifference(Transcript.Parse("b", "x\nY\nZ\n")));

    [Fact]
    public void A_shorter_transcript_differs_where_it_ends() =>
        Assert.Equal(1, Transcript.Parse("a", "x\n").FirstDifference(Transcript.Parse("b", "x\ny\n")));
}
