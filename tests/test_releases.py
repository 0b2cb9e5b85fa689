"""Returns made from the templates of earlier releases (tests/data/releases, filled in
LibreOffice Calc: see make_releases.py) are read and rolled up by this one, every typed value
reaching the summary; ITA-S005 says, as info, that the template is an earlier one."""

from __future__ import annotations

from pathlib import Path

import pytest

from ita_xl.checking.validation import validate
from ita_xl.codes import Code
from ita_xl.consolidation.rollup import rollup

from .support.tables import clean_filling

RELEASES = sorted((Path(__file__).parent / "data" / "releases").glob("*.xlsx"))


def test_every_release_is_kept() -> None:
    assert [p.stem for p in RELEASES] == ["5db34a9_2566", "5e8043f_2566", "c20c1d6_2566",
                                          "c20c1d6_2568"]  # fmt: skip


@pytest.mark.parametrize("path", RELEASES, ids=lambda p: p.stem)
def test_an_earlier_template_is_read_whole(path: Path) -> None:
    report = validate(path)
    earlier = [f for f in report.findings if f.code == Code.S005]
    assert [(f.severity.value, f.sheet, f.value) for f in earlier] == [("info", "_meta", "1")]
    assert not [f for f in report.findings if f.code.startswith(("ITA-S", "ITA-C1"))
                and f.code != Code.S005]  # fmt: skip
    assert report.ret is not None and not report.ret.unread


@pytest.mark.parametrize("year", ["2566", "2568"])
def test_every_typed_value_reaches_the_summary(year: str) -> None:
    filling = clean_filling()
    of_year = [p for p in RELEASES if p.stem.endswith(year)]
    result = rollup(of_year, jobs=1)
    measures, followups = result.measures, result.followups
    for path in of_year:
        mine = measures[measures["file"].str.endswith(path.name)]
        assert len(mine) == len(filling.measures), path.name
        for row, typed in zip(mine.to_dict("records"), filling.measures, strict=True):
            for key in ("code", "measure", "approach", "steps", "responsible"):
                assert str(row[key]) == typed[key].replace("\n", "\n"), (path.name, key)
        theirs = followups[followups["file"].str.endswith(path.name)]
        assert [(r["code"], r["details"], r["output"], r["status"])
                for r in theirs.to_dict("records")] == [
            (t["code"], t["details"], t["output"], t["status"]) for t in filling.followups
        ], path.name  # fmt: skip
    register = result.register
    assert sorted(zip(register["org_name"], register["fiscal_year"], strict=True)) == sorted([
        ("องค์การบริหารส่วนตำบลบ้านสวน", 2566), ("องค์การบริหารส่วนตำบลบางพระ", 2566),
        ("องค์การบริหารส่วนตำบลหนองปลาไหล", 2566), ("องค์การบริหารส่วนตำบลเสม็ด", 2568),
    ][:3] if year == "2566" else [("องค์การบริหารส่วนตำบลเสม็ด", 2568)])  # fmt: skip


@pytest.mark.parametrize("path", RELEASES, ids=lambda p: p.stem)
def test_upgrade_moves_every_value_and_changes_no_finding(path: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    """NEW validates as OLD did, but for ITA-S005 (the template itself was the earlier one);
    every value is printed with where it went."""
    from ita_xl.cli import main
    from ita_xl.reading.read import read_return

    new = tmp_path / "new.xlsx"
    before = path.read_bytes()
    assert main(["upgrade", str(path), "-o", str(new)]) == 0
    assert path.read_bytes() == before  # the old return is left as it is
    printed = capsys.readouterr().out
    old_ret, new_ret = read_return(path), read_return(new)
    assert new_ret.meta is not None and new_ret.meta["schema_version"] == "2"
    for old_m, new_m in zip(old_ret.measures, new_ret.measures, strict=True):
        assert {k: v.raw for k, v in old_m.values.items()} == {
            k: v.raw for k, v in new_m.values.items()}  # fmt: skip
    for old_f, new_f in zip(old_ret.followups, new_ret.followups, strict=True):
        assert {k: v.text for k, v in old_f.values.items()} == {
            k: v.text for k, v in new_f.values.items()}  # fmt: skip
    assert {k: v.text for k, v in old_ret.info.values.items()} == {
        k: v.text for k, v in new_ret.info.values.items()}  # fmt: skip
    assert "ชื่อหน่วยงาน: ข้อมูลหน่วยงาน!B4 → ข้อมูลหน่วยงาน!B4" in printed
    assert "มาตรการ: มาตรการ!B4 → มาตรการ!B4" in printed

    def findings(p: Path) -> list[tuple[str, str | None, str | None]]:
        return sorted((f.code, f.sheet, f.cell) for f in validate(p).findings
                      if f.code != Code.S005)  # fmt: skip

    assert findings(new) == findings(path)


def test_upgrade_never_replaces_a_file(tmp_path: Path) -> None:
    from ita_xl.cli import main

    taken = tmp_path / "new.xlsx"
    taken.write_bytes(b"someone's file")
    assert main(["upgrade", str(RELEASES[0]), "-o", str(taken)]) == 2
    assert taken.read_bytes() == b"someone's file"
