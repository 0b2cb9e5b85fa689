import ita_xl


def test_public_api_is_pinned() -> None:
    assert sorted(ita_xl.__all__) == sorted([
        "Filling", "Framework", "FrameworkError", "Return", "__version__", "available_frameworks",
        "load_framework", "read_return", "write_return_workbook",
    ])  # fmt: skip
    for name in ita_xl.__all__:
        assert hasattr(ita_xl, name)


def test_importing_the_package_does_not_import_pandas() -> None:
    import subprocess
    import sys

    code = "import sys, ita_xl, ita_xl.read, ita_xl.cli; print('pandas' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
