"""`python -m engine simulate`: the JSON contract, determinism, CSV, refusals."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest

from engine.cli_simulate import main

TIERS = ["AAA", "AA", "A", "B", "C", "D"]
SHARES = {"male", "under_30", "low_education", "underemployed"}


def simulate(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def as_json(capsys, *args):
    code, out, err = simulate(capsys, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_json_contract(capsys):
    r = as_json(capsys, "--citizens", "2000", "--days", "12", "--seed", "4", "--policy", "default")
    assert (r["citizens"], r["days"], r["seed"], r["policy"]) == (2000, 12, 4, "default")
    f = r["final"]
    assert list(f["tier_counts"]) == TIERS and sum(f["tier_counts"].values()) == 2000
    assert 0 <= f["informal_share"] <= 1 and 0 <= f["mean_ties"] <= 8
    assert list(f["fare_by_tier"]) == TIERS
    assert f["fare_revenue"] == pytest.approx(f["fare_revenue_flat"], rel=1e-9)
    assert list(f["hospital_wait_by_tier"]) == TIERS
    assert all(w is None or w >= 0 for w in f["hospital_wait_by_tier"].values())
    assert SHARES <= set(r["composition"]["population"])
    assert SHARES <= set(r["composition"]["tier_D"])
    assert len(r["daily"]["informal_share"]) == 12 and len(r["daily"]["mean_score"]) == 12


def test_same_seed_same_json_different_seed_differs(capsys):
    args = ("--citizens", "1500", "--days", "8", "--policy", "harsh", "--json")
    one = simulate(capsys, *args, "--seed", "9")[1]
    two = simulate(capsys, *args, "--seed", "9")[1]
    three = simulate(capsys, *args, "--seed", "10")[1]
    assert one == two and one != three


def test_control_city_has_flat_fares(capsys):
    r = as_json(capsys, "--citizens", "1500", "--days", "5", "--policy", "none")
    assert set(r["final"]["fare_by_tier"].values()) == {3.0}


def test_policy_by_path(capsys):
    from engine.loader import policy_path

    r = as_json(capsys, "--citizens", "500", "--days", "2", "--policy", str(policy_path("forgiving")))
    assert r["policy"] == "forgiving"


def test_csv_has_one_row_per_day(capsys, tmp_path):
    path = tmp_path / "daily.csv"
    code, out, err = simulate(capsys, "--citizens", "800", "--days", "6", "--csv", str(path))
    assert code == 0, err
    rows = list(csv.DictReader(path.open()))
    assert [int(r["day"]) for r in rows] == [1, 2, 3, 4, 5, 6]
    assert {"informal_share", "mean_score", "tier_D", "fare_D"} <= set(rows[0])
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind
    assert "tier D vs everyone" in out  # the human summary


@pytest.mark.parametrize("args", [
    ("--citizens", "-5"), ("--citizens", "1"), ("--citizens", "10000000000"),
    ("--days", "-1"), ("--days", "100000"), ("--seed", "-3"), ("--citizens", "many"),
    ("--policy", "no_such_policy"), ("--frobnicate",),
])
def test_bad_arguments_exit_2_with_one_line(capsys, args):
    code, out, err = simulate(capsys, *args)
    assert code == 2
    assert err.startswith("simulate: ") and err.count("\n") == 1 and out == ""


def test_malformed_policy_file_exits_2(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "x"\nconsequences = "yes"\n[population]\nscreening = 3\n')
    broken = tmp_path / "broken.toml"
    broken.write_text("id = [\n")
    for path in (bad, broken):
        proc = subprocess.run([sys.executable, "-m", "engine", "simulate", "--policy", str(path)],
                              capture_output=True, text=True)
        assert proc.returncode == 2
        assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1
        assert str(path) in proc.stderr
