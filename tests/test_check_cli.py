"""`python -m engine check`: every kind of bad data is refused by name, no traceback."""

import subprocess
import sys
from pathlib import Path

import pytest

from engine import loader
from engine.check import run

ROOT = Path(__file__).resolve().parent.parent
RULES = loader.RULES_DIR


def variant(tmp_path, name, text):
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def shipped(name):
    return (RULES / f"{name}.toml").read_text(encoding="utf-8")


def check_one(path):
    code, lines = run([str(path)])
    return code, "\n".join(lines)


def test_shipped_data_is_valid():
    code, lines = run([])
    assert code == 0
    assert lines[0].startswith("ok: 6 tiers")


def test_cli_exit_codes_and_no_traceback(tmp_path):
    ok = subprocess.run([sys.executable, "-m", "engine", "check"], cwd=ROOT,
                        capture_output=True, text=True)
    assert ok.returncode == 0 and ok.stdout.count("\n") == 1
    bad = variant(tmp_path, "rules", "[[rule]\nid = ")
    res = subprocess.run([sys.executable, "-m", "engine", "check", str(bad)], cwd=ROOT,
                         capture_output=True, text=True)
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    assert str(bad) in res.stderr and "is not valid TOML" in res.stderr


@pytest.mark.parametrize("name,text,expected", [
    ("rules", "[[rule]\nid = ", "is not valid TOML"),
    ("rules", "", "is empty"),
    ("rules", "   \n\n", "is empty"),
    ("perks", "\x00\x01\x02binary\xff", "is a binary file"),
])
def test_unreadable_files(tmp_path, name, text, expected):
    path = tmp_path / f"{name}.toml"
    path.write_bytes(text.encode("latin-1"))
    code, out = check_one(path)
    assert code == 2
    assert out == f"{path}: {expected}" or out.startswith(f"{path}: {expected}")


def test_unknown_key(tmp_path):
    path = variant(tmp_path, "rules", shipped("rules").replace(
        'id = "jaywalking"', 'id = "jaywalking"\ncolour = "red"'))
    code, out = check_one(path)
    assert code == 2
    assert out == f"{path}: rule jaywalking: field 'colour': unknown key"


def test_wrong_type(tmp_path):
    path = variant(tmp_path, "rules", shipped("rules").replace(
        "points = -10\nmessage = \"rule.jaywalking\"", "points = \"ten\"\nmessage = \"rule.jaywalking\""))
    code, out = check_one(path)
    assert code == 2
    assert out == f"{path}: rule jaywalking: field 'points': must be a whole number, not text"


def test_huge_number(tmp_path):
    path = variant(tmp_path, "perks", shipped("perks").replace("base = 3.0", "base = 1e300"))
    code, out = check_one(path)
    assert code == 2
    assert f"{path}: fares: field 'base': 1e+300 is out of range" in out


def test_overlapping_tier_bands(tmp_path):
    path = variant(tmp_path, "tiers", shipped("tiers").replace("max = 1049", "max = 1060"))
    code, out = check_one(path)
    assert code == 2
    assert out == f"{path}: tier AA: field 'max': 1060 overlaps tier AAA (starts at 1050)"


def test_gap_between_tier_bands(tmp_path):
    path = variant(tmp_path, "tiers", shipped("tiers").replace("max = 959", "max = 900"))
    code, out = check_one(path)
    assert code == 2
    assert out == f"{path}: tier B: field 'max': leaves a gap: scores 901–959 are in no tier"


def test_missing_tier_band_edge(tmp_path):
    path = variant(tmp_path, "tiers", shipped("tiers").replace("min = 850\n", ""))
    code, out = check_one(path)
    assert code == 2
    assert f"{path}: tier B: field 'min': is missing (only the bottom tier has none)" in out


def test_message_id_missing_from_locale(tmp_path):
    path = variant(tmp_path, "rules", shipped("rules").replace(
        'message = "rule.jaywalking"', 'message = "rule.jaywalking_typo"'))
    code, out = check_one(path)
    assert code == 2
    assert out == (f"{path}: rule jaywalking: field 'message': message id "
                   "'rule.jaywalking_typo' is not defined in locale 'en'")


def test_perk_naming_unknown_tier(tmp_path):
    path = variant(tmp_path, "perks", shipped("perks").replace('min_tier = "A"', 'min_tier = "Z"'))
    code, out = check_one(path)
    assert code == 2
    assert out.startswith(f"{path}: job civil_service: field 'min_tier': 'Z' is not one of")


def test_bad_policy_file(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('id = "mine"\nmessage = "x"\nnotes = "y"\nconsequences = "yes"\n'
                    'camera_coverage = -1\n[rule_weights]\nteleporting = 2\n', encoding="utf-8")
    code, out = check_one(path)
    assert code == 2
    lines = out.splitlines()
    assert f"{path}: policy: field 'consequences': must be true or false, not text" in lines
    assert f"{path}: policy: field 'camera_coverage': -1 is out of range [0, 10]" in lines
    assert any("'rule_weights.teleporting': unknown key 'teleporting'" in line for line in lines)


def test_unknown_policy_name():
    from engine.errors import DataError
    with pytest.raises(DataError, match="unknown policy"):
        loader.policy_path("utopia")


def test_missing_file(tmp_path):
    code, out = check_one(tmp_path / "nothing.toml")
    assert code == 2 and "file not found" in out


def test_a_rules_folder(tmp_path):
    for name in loader.RULE_FILES:
        (tmp_path / f"{name}.toml").write_text(shipped(name), encoding="utf-8")
    assert run([str(tmp_path)])[0] == 0
    (tmp_path / "places.toml").write_text(shipped("places").replace(
        'camera = "J-04"', 'camera = ""'), encoding="utf-8")
    code, lines = run([str(tmp_path)])
    assert code == 2
    assert lines == [f"{tmp_path / 'places.toml'}: place crossing: field 'camera': "
                     "a place with coverage above 0 must name its camera"]


def test_locale_duplicate_and_bad_plural(tmp_path):
    from engine.errors import DataError
    folder = tmp_path / "xx"
    folder.mkdir()
    (folder / "_locale.toml").write_text('name = "X"\nplural = "one_other"\n')
    (folder / "a.toml").write_text('[rule]\njaywalking = "A"\n')
    (folder / "b.toml").write_text('rule.jaywalking = "B"\n[count]\none = "x"\n')
    with pytest.raises(DataError) as err:
        loader.load_locale("xx", tmp_path)
    text = str(err.value)
    assert "rule.jaywalking: message id defined twice" in text
    assert "count: field 'other': a plural entry needs text for 'other'" in text


def test_a_list_field_given_as_a_number(tmp_path):
    path = variant(tmp_path, "perks", "job = 5\n" + shipped("perks").split("[[job]]")[0])
    code, out = check_one(path)
    assert code == 2
    assert out == f"{path}: field 'job': must be a list of [[job]] tables"


def test_a_wrong_type_is_one_problem_not_two(tmp_path):
    path = variant(tmp_path, "tiers", shipped("tiers").replace("min = 850", 'min = "850"'))
    code, out = check_one(path)
    assert code == 2
    assert out == f"{path}: tier B: field 'min': must be a whole number, not text"


def test_a_rule_file_is_recognised_by_its_content_not_its_name(tmp_path):
    path = tmp_path / "my-bands.toml"
    path.write_text(shipped("tiers").replace("max = 959", "max = 900"), encoding="utf-8")
    code, out = check_one(path)
    assert code == 2
    assert out == f"{path}: tier B: field 'max': leaves a gap: scores 901–959 are in no tier"


def test_missing_rule_file_in_a_missing_folder(tmp_path):
    path = tmp_path / "nope" / "tiers.toml"
    code, out = check_one(path)
    assert code == 2 and out == f"{path}: file not found"
    code, out = check_one(Path("/dev/null"))
    assert code == 2 and out == "/dev/null: is empty"


def test_policy_naming_an_undefined_message_id(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('id = "mine"\nmessage = "policy.mine.name"\nnotes = "policy.default.notes"\n'
                    "consequences = true\n", encoding="utf-8")
    code, out = check_one(path)
    assert code == 2
    assert out == (f"{path}: policy: field 'message': message id 'policy.mine.name' "
                   "is not defined in locale 'en'")
