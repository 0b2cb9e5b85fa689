from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ci_runs_readmes_test_command() -> None:
    ci_command = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert ci_command.startswith("pip install")
    assert f"\n{ci_command}\n" in (ROOT / "README.md").read_text(encoding="utf-8")
