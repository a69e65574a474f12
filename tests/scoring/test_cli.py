import re

from typer.testing import CliRunner

from sourcecheck.scoring.cli import app

runner = CliRunner()


def test_help_lists_the_commands_and_every_exit_code() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "Exit codes: 0 all scored; 1 a check gate failed; 2 usage error; 3 internal" in text
    assert "4 some inputs could not be scored" in text
    assert "5 the output could not be written" in text
    assert all(command in text for command in ("score", "features", "report", "check"))


def test_every_commands_help_lists_its_exit_codes() -> None:
    # Only score and features listed theirs; check's help named exit 1 alone.
    commands = ["score", "features", "train", "evaluate", "report", "check"]
    for command in [[c] for c in commands] + [["index", "build"], ["index", "add"]]:
        text = " ".join(runner.invoke(app, [*command, "--help"]).stdout.split())
        assert "Exit codes: 0 " in text and "2 usage error" in text, command
        assert "3 internal error" in text, command
        assert re.search(r"5 the \w+ could not be written", text), command
    check = " ".join(runner.invoke(app, ["check", "--help"]).stdout.split())
    assert "1 a gate failed" in check


def test_evidence_help_names_every_evidence_kind() -> None:
    # The booster and dateline-or-credit kinds were missing from --explain and --evidence.
    for command in ("score", "features"):  # --explain, --evidence
        text = " ".join(
            runner.invoke(app, [command, "--help"], env={"COLUMNS": "300"}).stdout.split()
        )
        assert "boosters" in text and "datelines and credit lines" in text, command


def test_version_prints_the_installed_version() -> None:
    from importlib.metadata import version

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"sourcecheck {version('sourcecheck')}\n"


def test_every_jobs_option_defaults_to_one_worker_per_core() -> None:
    # check defaulted to --jobs 1 while every other command ran one worker per core.
    import typer.main

    commands = dict(typer.main.get_command(app).commands)
    commands.update(commands.pop("index").commands)
    defaults = {
        name: param.default
        for name, command in commands.items()
        for param in command.params
        if param.name == "jobs"
    }
    assert {"score", "features", "check", "build", "add"} <= set(defaults)
    assert set(defaults.values()) == {0}, defaults
