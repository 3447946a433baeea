using Delivery.Scanning.Policy;

namespace Delivery.Tests.Scanning.Policy;

public sealed class DockerfileParserTests
{
    [Fact]
    public void Continuations_join_into_one_instruction_on_its_first_line_skipping_comments_and_blank_lines_inside()
    {
        var file = DockerfileParser.Parse("""
            # A comment before the first instruction.
            FROM debian:trixie-slim

            RUN apt-get update \
            # a comment inside the continuation is dropped
             && apt-get install -y nginx \

             && rm -rf /var/lib/apt/lists/*
            USER 10001:10001
            """);

        Assert.Equal(["FROM", "RUN", "USER"], file.Instructions.Select(i => i.Keyword));
        Assert.Equal([2, 4, 9], file.Instructions.Select(i => i.Line));
        Assert.Equal("apt-get update  && apt-get install -y nginx  && rm -rf /var/lib/apt/lists/*", file.Instructions[1].Arguments);
    }

    [Fact]
    public void Parser_directives_are_read_only_at_the_top_and_escape_changes_the_continuation_character()
    {
        var file = DockerfileParser.Parse("# syntax=docker/dockerfile:1\n# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir `\n  c:\\\n# check=skip=all\n");

        Assert.Equal("docker/dockerfile:1", file.Directives["syntax"]);
        Assert.Equal("`", file.Directives["escape"]);
        Assert.False(file.Directives.ContainsKey("check"));
        Assert.Equal("dir   c:\\", Assert.Single(file.Instructions, i => i.Keyword == "RUN").Arguments);
    }

    [Fact]
    public void A_directive_after_a_comment_is_only_a_comment()
    {
        var file = DockerfileParser.Parse("# hello\n# syntax=docker/dockerfile:1\nFROM scratch\n");

        Assert.Empty(file.Directives);
    }

    [Fact]
    public void Heredoc_bodies_are_kept_out_of_the_instructions()
    {
        var file = DockerfileParser.Parse("""
            FROM debian:trixie-slim
            RUN <<EOF
            USER root
            FROM evil:latest
            EOF
            COPY <<-"CONF" /etc/app.conf
            	ADD http://example.com/x /x
            	CONF
            USER 10001
            """);

        Assert.Equal(["FROM", "RUN", "COPY", "USER"], file.Instructions.Select(i => i.Keyword));
        Assert.Equal("USER root\nFROM evil:latest\n", Assert.Single(file.Instructions[1].Heredocs));
        Assert.Equal(9, file.Instructions[3].Line);
    }

    [Fact]
    public void An_unclosed_heredoc_is_a_syntax_error_at_its_instruction()
    {
        var error = Assert.Throws<DockerfileSyntaxException>(() => DockerfileParser.Parse("FROM debian:trixie-slim\nRUN <<EOF\necho hi\n"));

        Assert.Equal(2, error.Line);
        Assert.Contains("'<<EOF' is never closed", error.Message);
    }

    [Fact]
    public void Stages_know_their_names_and_the_earlier_stage_they_start_from()
    {
        var file = DockerfileParser.Parse("""
            ARG BASE=debian:trixie-slim
            FROM --platform=$BUILDPLATFORM ${BASE} AS runtime
            USER 10001
            FROM runtime AS test
            RUN true
            FROM Runtime
            """);

        Assert.Equal("BASE=debian:trixie-slim", Assert.Single(file.GlobalArgs).Arguments);
        Assert.Equal(["runtime", "test", null], file.Stages.Select(s => s.Name));
        Assert.Equal("${BASE}", file.Stages[0].Base);
        Assert.Null(file.Stages[0].Parent);
        Assert.Same(file.Stages[0], file.Stages[1].Parent);
        Assert.Same(file.Stages[0], file.FinalStage!.Parent);
        Assert.Equal(["USER"], file.FinalStage.Lineage.Select(i => i.Keyword));
    }

    [Fact]
    public void Arguments_split_into_flags_json_operands_and_pairs()
    {
        Assert.Equal(["a b", "/dest/"], DockerfileArguments.Operands("--chown=1:1 [\"a b\", \"/dest/\"]"));
        Assert.Equal("1:1", DockerfileArguments.SplitFlags("--chown=1:1 src /dest").Flags["chown"]);
        Assert.Equal(
            [new("HOME", "/tmp"), new("EMPTY", ""), new("TWO", "two words")],
            DockerfileArguments.Pairs("HOME=/tmp EMPTY=\"\" TWO=\"two words\"", legacyForm: true));
        Assert.Equal([new KeyValuePair<string, string?>("API_TOKEN", "abc def")], DockerfileArguments.Pairs("API_TOKEN abc def", legacyForm: true));
        Assert.Equal([new KeyValuePair<string, string?>("APP_VERSION", null)], DockerfileArguments.Pairs("APP_VERSION", legacyForm: false));
    }

    [Theory]
    [InlineData("debian:${TAG:-trixie-slim}", "debian:trixie-slim")]
    [InlineData("$REGISTRY/api:${VERSION}", "registry.local/api:1.0")]
    [InlineData("\\$HOME", "$HOME")]
    [InlineData("${UNSET:+x}y", "y")]
    [InlineData("${UNSET}", null)]
    [InlineData("${VERSION#1.}", null)]
    public void Variables_expand_from_declared_values_or_report_that_they_cannot(string text, string? expected)
    {
        var values = new Dictionary<string, string?> { ["REGISTRY"] = "registry.local", ["VERSION"] = "1.0" };

        Assert.Equal(expected, DockerfileVariables.Expand(text, values));
    }
}
