from typer.testing import CliRunner

from sourcecheck.scoring.cli import app

runner = CliRunner()


def test_help_lists_the_commands_and_every_exit_code() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "Exit codes: 0 all scored; 1 a check gate failed; 2 usage error; 3 internal" in text
    assert "4 some inputs could not be scored" in text
    assert all(command in text for command in ("score", "features", "report", "check"))


def test_score_and_features_help_list_their_exit_codes() -> None:
    for command in ("score", "features"):
        text = " ".join(runner.invoke(app, [command, "--help"]).stdout.split())
        assert "Exit codes: 0 all" in text and "3 internal error" in text
