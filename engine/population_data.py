"""The population's model assumptions, validated into frozen values.

`parse_assumptions` turns the table of assets/population/assumptions.toml into an
`Assumptions`: the demography the city is drawn from, its economy, its social
graph, and one `Factors` table per daily behaviour. Every number is a named model
assumption, not a constant in code. Like engine/rules.py this never reads files:
engine/loader.py does (`load_assumptions`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import DataError, Problem
from .schema import Fields

AGE_BANDS = 4  # 18–29, 30–44, 45–59, 60+
SEXES = 2  # female, male
EDUCATION = 3  # low, middle, high
EMPLOYMENT = 4  # unemployed, gig, formal, retired
INFORMAL = 2  # no, yes
STRESS_BANDS = 4  # calm, strained, stressed, desperate
MEANS = 3  # arrears, short, comfortable

# Factor lists a behaviour may give, and how many values each needs.
FACTOR_SIZES = {"age": AGE_BANDS, "sex": SEXES, "education": EDUCATION,
                "employment": EMPLOYMENT, "informal": INFORMAL, "stress": STRESS_BANDS,
                "means": MEANS}

# Every behaviour the day step draws; the file must define each one.
BEHAVIOURS = (
    "bill_due", "bill_late", "jaywalking", "recycling", "recycling_sorted", "charity",
    "volunteering", "blood_donation", "smoking", "ride", "fare_evasion", "criticising",
    "report", "patient", "train_trip", "hire", "hire_formal", "promotion", "dismissal",
    "gig_loss", "loan_default", "informal_entry", "informal_exit",
)


@dataclass(frozen=True)
class Factors:
    """A daily probability: base × one factor per circumstance band (capped at 1)."""

    base: float
    factors: tuple[tuple[float, ...], ...]  # in FACTOR_SIZES order, each its band count


@dataclass(frozen=True)
class Demography:
    age_edges: tuple[int, ...]  # AGE_BANDS + 1 edges, years
    age_shares: tuple[float, ...]
    male_share: float
    education_by_age: tuple[tuple[float, ...], ...]  # [age band][education]
    retired_by_age: tuple[float, ...]
    employment_by_age: tuple  # [age band][education][unemployed, gig, formal]
    local_by_age: tuple[float, ...]


@dataclass(frozen=True)
class Economy:
    living_cost: float
    wage_by_education: tuple[float, ...]
    wage_spread: float
    gig_pay: float
    benefit: int
    pension: int
    informal_income: int
    charity_gift: float
    cushion_days: float
    savings_days_by_education: tuple[float, ...]
    savings_spread: float
    unemployed_savings: float
    loan_share: float
    loan_median: float
    loan_spread: float
    stress_memory: int  # percent
    unemployed_pressure: int
    gig_pressure: int
    refusal_pressure: int
    fare_elasticity: float
    gig_jobs: tuple[str, ...]


@dataclass(frozen=True)
class Society:
    contacts: int
    homophily: float
    window: int
    tie_regrowth: float
    tidy_per_point: float
    report_per_point: float
    hospital_session: int


@dataclass(frozen=True)
class Court:
    """The court's defaulter list, one rule for every citizen (engine/day_court.py)."""

    missed_repayments: int  # missed repayments, not made good, before a creditor sues
    days_to_pay: int  # days the judgment gives to pay before the name is listed


@dataclass(frozen=True)
class Dealings:
    """One citizen's dealings that the day step has no draw for: what a story's
    loan, cash job and train ticket cost (engine/run.py)."""

    loan_amount: float  # yuan a citizen asks the bank (or the lender) for
    bank_days: int  # a bank loan is repaid in one sum this many days later
    lender_days: int  # the informal lender's loan is due this many days later
    lender_rate: float  # the informal lender's charge on the loan, in one sum
    cash_day_pay: float  # yuan for a day of cash work, no contract
    ticket_price: float  # yuan: a train ticket home
    off_books_days: int  # days of cash work that make a life off the books (an ending)
    grace_days: int  # days a creditor who is asked in time adds before the next due date
    grace_fee: float  # … for this share of the debt on top


@dataclass(frozen=True)
class Assumptions:
    demography: Demography
    economy: Economy
    society: Society
    behaviours: dict  # name → Factors, one per BEHAVIOURS
    court: Court
    dealings: Dealings


def _shares(f: Fields, name: str, size: int):
    """A list of `size` shares in [0, 1] that sum to 1."""
    row = _numbers(f, name, size, 0.0, 1.0)
    if row is not None and abs(sum(row) - 1.0) > 1e-6:
        f.problem(name, f"shares must add up to 1 (they add up to {sum(row):g})")
        return None
    return row


def _numbers(f: Fields, name: str, size: int, low: float, high: float, value=None):
    value = f.raw(name) if value is None else value
    if value is None:
        return None
    if not isinstance(value, list) or len(value) != size:
        f.problem(name, f"must be a list of {size} numbers")
        return None
    out = []
    for i, x in enumerate(value):
        checked = f.check_number(f"{name}[{i}]", x, low, high, False, None)
        if checked is None:
            return None
        out.append(float(checked))
    return tuple(out)


def _matrix(f: Fields, name: str, rows: int, cols: int, shares: bool):
    value = f.raw(name)
    if value is None:
        return None
    if not isinstance(value, list) or len(value) != rows:
        f.problem(name, f"must be a list of {rows} lists")
        return None
    out = []
    for i, row in enumerate(value):
        got = _numbers(f, f"{name}[{i}]", cols, 0.0, 1.0 if shares else 1e6, value=row)
        if got is None:
            return None
        if shares and abs(sum(got) - 1.0) > 1e-6:
            f.problem(f"{name}[{i}]", f"shares must add up to 1 (they add up to {sum(got):g})")
            return None
        out.append(got)
    return tuple(out)


def _demography(doc, file, problems) -> Demography | None:
    f = Fields(doc, file, "demography", problems)
    edges = _numbers(f, "age_edges", AGE_BANDS + 1, 0, 120)
    if edges is not None and (list(edges) != sorted(set(edges)) or any(e != int(e) for e in edges)):
        f.problem("age_edges", "must be whole years in increasing order")
        edges = None
    ages = _shares(f, "age_shares", AGE_BANDS)
    male = f.number("male_share", low=0.0, high=1.0)
    edu = _matrix(f, "education_by_age", AGE_BANDS, EDUCATION, True)
    retired = _numbers(f, "retired_by_age", AGE_BANDS, 0.0, 1.0)
    employment = None
    raw = f.raw("employment_by_age")
    if raw is not None:
        if not isinstance(raw, list) or len(raw) != AGE_BANDS:
            f.problem("employment_by_age", f"must be a list of {AGE_BANDS} tables of rows")
        else:
            sub = []
            for band, rows in enumerate(raw):
                inner = Fields({"rows": rows}, file, "demography", problems)
                got = _matrix(inner, "rows", EDUCATION, 3, True)
                if got is None:
                    f.problem(f"employment_by_age[{band}]",
                              f"must be {EDUCATION} rows of unemployed, gig, formal shares adding up to 1")
                    break
                sub.append(got)
            else:
                employment = tuple(sub)
    local = _numbers(f, "local_by_age", AGE_BANDS, 0.0, 1.0)
    f.done()
    if None in (edges, ages, male, edu, retired, employment, local):
        return None
    return Demography(tuple(int(e) for e in edges), ages, float(male), edu, retired,
                      employment, local)


def _economy(doc, file, problems, job_ids) -> Economy | None:
    f = Fields(doc, file, "economy", problems)
    money = dict(low=0.0, high=1e6)
    values = dict(
        living_cost=f.number("living_cost", **money),
        wage_by_education=_numbers(f, "wage_by_education", EDUCATION, 0.0, 30000.0),
        wage_spread=f.number("wage_spread", low=0.0, high=3.0),
        gig_pay=f.number("gig_pay", low=0.0, high=2.0),
        benefit=f.number("benefit", low=0, high=30000, integer=True),
        pension=f.number("pension", low=0, high=30000, integer=True),
        informal_income=f.number("informal_income", low=0, high=30000, integer=True),
        charity_gift=f.number("charity_gift", **money),
        cushion_days=f.number("cushion_days", low=1.0, high=3650.0),
        savings_days_by_education=_numbers(f, "savings_days_by_education", EDUCATION, 0.0, 36500.0),
        savings_spread=f.number("savings_spread", low=0.0, high=3.0),
        unemployed_savings=f.number("unemployed_savings", low=0.0, high=10.0),
        loan_share=f.number("loan_share", low=0.0, high=1.0),
        loan_median=f.number("loan_median", **money),
        loan_spread=f.number("loan_spread", low=0.0, high=3.0),
        stress_memory=f.number("stress_memory", low=0, high=100, integer=True),
        unemployed_pressure=f.number("unemployed_pressure", low=0, high=100, integer=True),
        gig_pressure=f.number("gig_pressure", low=0, high=100, integer=True),
        refusal_pressure=f.number("refusal_pressure", low=0, high=100, integer=True),
        fare_elasticity=f.number("fare_elasticity", low=0.0, high=10.0),
        gig_jobs=f.string_list("gig_jobs", choices=job_ids),
    )
    f.done()
    if any(v is None for v in values.values()):
        return None
    return Economy(**values)


def _society(doc, file, problems) -> Society | None:
    f = Fields(doc, file, "society", problems)
    values = dict(
        contacts=f.number("contacts", low=1, high=16, integer=True),
        homophily=f.number("homophily", low=0.0, high=1.0),
        window=f.number("window", low=1, high=100_000, integer=True),
        tie_regrowth=f.number("tie_regrowth", low=0.0, high=1.0),
        tidy_per_point=f.number("tidy_per_point", low=0.0, high=1.0),
        report_per_point=f.number("report_per_point", low=0.0, high=10.0),
        hospital_session=f.number("hospital_session", low=1, high=10_000, integer=True),
    )
    f.done()
    if any(v is None for v in values.values()):
        return None
    return Society(**values)


def _court(doc, file, problems) -> Court | None:
    f = Fields(doc, file, "court", problems)
    values = dict(
        missed_repayments=f.number("missed_repayments", low=1, high=100, integer=True),
        days_to_pay=f.number("days_to_pay", low=0, high=365, integer=True),
    )
    f.done()
    return None if None in values.values() else Court(**values)


def _dealings(doc, file, problems) -> Dealings | None:
    f = Fields(doc, file, "dealings", problems)
    money = dict(low=0.0, high=1e7)
    values = dict(
        loan_amount=f.number("loan_amount", **money),
        bank_days=f.number("bank_days", low=1, high=3650, integer=True),
        lender_days=f.number("lender_days", low=1, high=3650, integer=True),
        lender_rate=f.number("lender_rate", low=0.0, high=10.0),
        cash_day_pay=f.number("cash_day_pay", **money),
        ticket_price=f.number("ticket_price", **money),
        off_books_days=f.number("off_books_days", low=1, high=365, integer=True),
        grace_days=f.number("grace_days", low=0, high=365, integer=True),
        grace_fee=f.number("grace_fee", low=0.0, high=10.0),
    )
    f.done()
    return None if None in values.values() else Dealings(**values)


def _factors(doc, file, name, problems) -> Factors | None:
    f = Fields(doc, file, f"behaviour {name}", problems)
    base = f.number("base", low=0.0, high=1.0)
    lists = []
    for key, size in FACTOR_SIZES.items():
        if f.has(key):
            lists.append(_numbers(f, key, size, 0.0, 1000.0))
        else:
            f.raw(key, None)
            lists.append((1.0,) * size)
    f.done()
    if base is None or None in lists:
        return None
    return Factors(float(base), tuple(lists))


def parse_assumptions(doc: dict, file: str, job_ids=None) -> Assumptions:
    """Validate the assumptions table. `job_ids`: the rule book's job ids, to check gig_jobs."""
    problems: list[Problem] = []
    top = Fields(doc, file, "", problems)
    demography = _demography(top.table("demography"), file, problems)
    economy = _economy(top.table("economy"), file, problems,
                       None if job_ids is None else tuple(job_ids))
    society = _society(top.table("society"), file, problems)
    court = _court(top.table("court"), file, problems)
    dealings = _dealings(top.table("dealings"), file, problems)
    raw = top.table("behaviour")
    top.done()
    behaviours = {}
    if isinstance(raw, dict):
        for name in raw:
            if name not in BEHAVIOURS:
                problems.append(Problem(file, f"behaviour {name}", "",
                                        f"unknown behaviour (known: {', '.join(BEHAVIOURS)})"))
        for name in BEHAVIOURS:
            if name not in raw:
                problems.append(Problem(file, f"behaviour {name}", "", "is missing"))
                continue
            behaviours[name] = _factors(raw[name], file, name, problems)
    if problems or None in (demography, economy, society, court, dealings) \
            or None in behaviours.values():
        raise DataError(problems or [Problem(file, "", "", "could not be read")])
    return Assumptions(demography, economy, society, behaviours, court, dealings)
