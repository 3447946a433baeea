using Delivery.Scanning.Policy;

namespace Delivery.Tests.Scanning.Policy;

public sealed class DockerfilePolicyTests
{
    const string Hardened = """
        FROM debian:trixie-slim
        RUN useradd --system --uid 10001 app
        COPY app/ /srv/app/
        USER 10001:10001
        HEALTHCHECK CMD ["app", "health"]
        CMD ["app"]
        """;

    static PolicyReport Check(string dockerfile) => DockerfilePolicy.Check("src/images/app/Dockerfile", dockerfile);

    static IEnumerable<string> Rules(PolicyReport report) => report.Violations.Select(v => v.Rule.Id);

    [Fact]
    public void A_hardened_dockerfile_passes()
    {
        var report = Check(Hardened);

        Assert.Empty(report.Violations);
        Assert.Empty(report.Waived);
    }

    [Fact]
    public void A_final_stage_without_user_is_DF001_at_its_from_line()
    {
        var violation = Assert.Single(Check("FROM debian:trixie-slim\nHEALTHCHECK CMD true\n").Violations);

        Assert.Equal("DF001", violation.Rule.Id);
        Assert.Equal(1, violation.Line);
        Assert.Equal("src/images/app/Dockerfile", violation.Location);
        Assert.Contains("sets no USER, so the image runs as root", violation.Message);
        Assert.Contains("USER 10001:10001", violation.Message);
    }

    [Theory]
    [InlineData("USER root")]
    [InlineData("USER 0:0")]
    [InlineData("ARG UID=0\nUSER ${UID}")]
    [InlineData("USER ${UNDECLARED}")]
    public void A_final_user_that_is_root_or_unknowable_is_DF001(string user)
    {
        var report = Check($"FROM debian:trixie-slim\nUSER 10001\n{user}\nHEALTHCHECK CMD true\n");

        Assert.Equal(["DF001"], Rules(report));
    }

    [Fact]
    public void The_final_stage_inherits_user_and_healthcheck_from_the_stage_it_starts_from_but_not_from_other_stages()
    {
        var inherits = Check("FROM debian:trixie-slim AS runtime\nUSER 10001\nHEALTHCHECK CMD true\nFROM runtime\nCOPY x /x\n");
        var unrelated = Check("FROM debian:trixie-slim AS build\nUSER 10001\nHEALTHCHECK CMD true\nFROM debian:trixie-slim\nCOPY --from=build /x /x\n");

        Assert.Empty(inherits.Violations);
        Assert.Equal(["DF001", "DF002"], Rules(unrelated));
        Assert.All(unrelated.Violations, v => Assert.Equal(4, v.Line));
    }

    [Fact]
    public void A_user_in_an_earlier_build_stage_does_not_excuse_a_root_final_stage()
    {
        var report = Check("FROM debian:trixie-slim AS build\nUSER 10001\nFROM build\nUSER root\nHEALTHCHECK CMD true\n");

        Assert.Equal(4, Assert.Single(report.Violations, v => v.Rule.Id == "DF001").Line);
    }

    [Theory]
    [InlineData("")]
    [InlineData("HEALTHCHECK NONE\n")]
    [InlineData("LABEL org.pazpaz.healthcheck=\"none\"\n")]
    [InlineData("LABEL org.pazpaz.healthcheck=\"none:   \"\n")]
    public void A_final_stage_without_a_working_healthcheck_or_a_reasoned_label_is_DF002(string healthcheck)
    {
        var violation = Assert.Single(Check($"FROM debian:trixie-slim\nUSER 10001\n{healthcheck}").Violations);

        Assert.Equal("DF002", violation.Rule.Id);
        Assert.Contains("org.pazpaz.healthcheck", violation.Message);
    }

    [Fact]
    public void A_one_shot_image_that_documents_why_it_has_no_healthcheck_is_waived_with_its_reason()
    {
        var report = Check("FROM debian:trixie-slim\nLABEL org.pazpaz.healthcheck=\"none: one-shot tool, runs one command and exits\" other=x\nUSER 10001\n");

        Assert.Empty(report.Violations);
        var waived = Assert.Single(report.Waived);
        Assert.Equal("DF002", waived.Violation.Rule.Id);
        Assert.Equal("one-shot tool, runs one command and exits", waived.Reason);
    }

    [Theory]
    [InlineData("ADD https://example.com/tool.tar.gz /opt/", "fetches 'https://example.com/tool.tar.gz'")]
    [InlineData("ADD --checksum=sha256:abc git@github.com:org/repo.git /src", "fetches 'git@github.com:org/repo.git'")]
    [InlineData("ADD config.yml /etc/app/", "ADD 'config.yml' only copies; use COPY")]
    [InlineData("ADD [\"a.txt\", \"/x/\"]", "ADD 'a.txt' only copies")]
    public void ADD_of_a_url_or_of_a_plain_file_is_DF003(string add, string message)
    {
        var violation = Assert.Single(Check(Hardened.Replace("COPY app/ /srv/app/", add, StringComparison.Ordinal)).Violations);

        Assert.Equal("DF003", violation.Rule.Id);
        Assert.Equal(3, violation.Line);
        Assert.Contains(message, violation.Message);
    }

    [Fact]
    public void ADD_that_unpacks_a_local_archive_passes()
    {
        Assert.Empty(Check(Hardened.Replace("COPY app/ /srv/app/", "ADD rootfs.tar.xz /", StringComparison.Ordinal)).Violations);
    }

    [Theory]
    [InlineData("FROM debian")]
    [InlineData("FROM debian:latest")]
    [InlineData("FROM registry.local:5000/base")]
    [InlineData("ARG BASE=debian:latest\nFROM $BASE")]
    [InlineData("ARG BASE\nFROM ${BASE}")]
    public void FROM_latest_untagged_or_unknowable_is_DF004(string from)
    {
        var report = Check(Hardened.Replace("FROM debian:trixie-slim", from, StringComparison.Ordinal));

        Assert.Equal("DF004", Assert.Single(report.Violations).Rule.Id);
    }

    [Theory]
    [InlineData("FROM debian:trixie-slim")]
    [InlineData("FROM registry.local:5000/base:1.2")]
    [InlineData("FROM debian@sha256:0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("ARG BASE=debian:trixie-slim\nFROM --platform=linux/amd64 ${BASE} AS base")]
    [InlineData("FROM scratch AS empty\nFROM debian:trixie-slim AS base\nFROM base")]
    public void FROM_a_tag_a_digest_scratch_or_an_earlier_stage_passes(string from)
    {
        Assert.Empty(Check(Hardened.Replace("FROM debian:trixie-slim", from, StringComparison.Ordinal)).Violations);
    }

    [Theory]
    [InlineData("ENV DATABASE_PASSWORD=hunter2")]
    [InlineData("ENV API_TOKEN some token")]
    [InlineData("ARG aws_secret_access_key=abc")]
    [InlineData("ENV HOME=/tmp GITHUBTOKEN=$TOKEN")]
    [InlineData("ARG SIGNING_KEY=abc")]
    public void A_secret_named_env_or_arg_with_a_value_is_DF005_without_echoing_the_value(string instruction)
    {
        var violation = Assert.Single(Check(Hardened + "\n" + instruction + "\n").Violations);

        Assert.Equal("DF005", violation.Rule.Id);
        Assert.Equal(7, violation.Line);
        Assert.DoesNotContain("hunter2", violation.Message);
        Assert.Contains("RUN --mount=type=secret", violation.Message);
    }

    [Theory]
    [InlineData("ARG DATABASE_PASSWORD")]
    [InlineData("ENV DATABASE_PASSWORD_FILE=/run/secrets/db-password")]
    [InlineData("ENV PGPASSFILE=/tmp/pgpass RCLONE_CONFIG=\"\" TOKENIZERS_PARALLELISM=false")]
    [InlineData("ENV RESTIC_PASSWORD=\"\"")]
    [InlineData("ARG MONKEY_BUSINESS=1")]
    public void Secret_names_without_a_value_and_ordinary_names_pass(string instruction)
    {
        Assert.Empty(Check(Hardened + "\n" + instruction + "\n").Violations);
    }

    [Theory]
    [InlineData("FROM debian:trixie-slim\nRUN <<EOF\nunclosed\n", 2, "never closed")]
    [InlineData("ARG X=1\n", 1, "has no FROM")]
    [InlineData("FROM debian:trixie-slim\n&& echo stray\n", 2, "does not start with an instruction keyword")]
    public void A_dockerfile_that_cannot_be_read_is_DF000_not_a_crash(string dockerfile, int line, string message)
    {
        var violation = Assert.Single(Check(dockerfile).Violations);

        Assert.Equal("DF000", violation.Rule.Id);
        Assert.Equal(line, violation.Line);
        Assert.Contains(message, violation.Message);
    }

    [Fact]
    public void Every_rule_names_its_CIS_item_in_its_description()
    {
        Assert.All(DockerfileRules.All.Skip(1), r => Assert.Matches(@"\(CIS Docker Benchmark 4\.\d+\)$", r.Description));
        Assert.Equal(["4.1", "4.6", "4.9", "4.2", "4.10"], DockerfileRules.All.Skip(1).Select(r => r.Reference.Split(' ')[^1]));
    }
}
