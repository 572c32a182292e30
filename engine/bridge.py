"""The one bridge between the story and the population.

The player is row 0 of the city. Three things cross from the story to the
population, and each is written once, here:

- a citizen card becomes a row (`citizen_row`): age, sex, education, job, wage,
  savings, registration — the attributes the day step reads;
- a choice becomes the row's acts for the day (`RULE_ACTS` for the rules a choice
  triggers, `EFFECTS` for what else it does), so the night steps row 0 doing
  exactly what the player chose, and nothing else;
- `EFFECTS` is the one table of what a choice's effect does: when it can be
  taken, what it does to the citizen's run, what act it is for the population.
  One row per effect, one comment per row (the transition-table style of h11).

engine/run.py applies the table; nothing in game/ knows it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from .behaviour import FORMAL, GIG, RETIRED, UNEMPLOYED
from .day_acts import CHOICES
from .errors import DataError, Problem

# Story codes → the population's codes (engine/population.py FIELDS).
EMPLOYMENT_CODE = {"unemployed": UNEMPLOYED, "informal": GIG, "gig": GIG,
                   "civil_service": FORMAL, "retired": RETIRED, "hired": FORMAL}
EDUCATION_CODE = {"low": 0, "vocational": 1, "university": 2}


def citizen_row(card, assumptions) -> dict:
    """A story citizen card as `Population.admit` attributes.

    The wage is what a formal job pays this citizen: their income if they have one,
    their income ÷ the gig share if they do gig work, else the median formal wage
    for their education (the assumptions) — what a job found at the job centre
    pays them."""
    eco = assumptions.economy
    job = EMPLOYMENT_CODE[card.employment]
    education = EDUCATION_CODE[card.education]
    if job == FORMAL and card.income > 0:
        wage = card.income
    elif job == GIG and card.income > 0 and eco.gig_pay > 0:
        wage = card.income / eco.gig_pay
    else:
        wage = eco.wage_by_education[education]
    return dict(age=int(card.age), sex=int(card.sex == "male"), education=education,
                employment=job, informal=card.employment == "informal",
                wage=int(min(max(round(wage), 1), 30000)), savings=float(card.money),
                debt=float(card.debt), missed=int(card.missed), stress=int(card.stress),
                local="local_residence" in card.circumstances)


def friend_rows(pop, row: int, card) -> dict:
    """The card's named friends as rows of the city: for each, a citizen in the
    friend's tier today (the nearest tier that has one), not the row itself, none
    twice. Deterministic: the lowest rows of that tier, in card order."""
    ids = pop.book.tiers.ids
    taken, out = {row}, {}
    for f in card.friends:
        want = ids.index(f.tier)
        for t in sorted(range(len(ids)), key=lambda t: (abs(t - want), -t)):
            rows = [int(r) for r in (pop.tier == t).nonzero()[0][:len(taken) + 1]
                    if int(r) not in taken]
            if rows:
                out[f.id] = rows[0]
                taken.add(rows[0])
                break
    return out


# --- a choice's rules as the population's acts ---------------------------------------

# rule id → the acts that rule is for the day step (engine/day_acts.py CHOICES).
RULE_ACTS = {
    "bill_on_time": {"bill": "on_time"},  # a bill paid on the day it fell due
    "bill_late": {"bill": "late"},  # … paid late
    "recycling_sorted": {"recycling": "sorted"},
    "recycling_unsorted": {"recycling": "unsorted"},
    "jaywalking": {"jaywalking": True},
    "smoking_no_smoking_area": {"smoking": True},
    "fare_evasion": {"fare_evasion": True, "ride": True},  # jumping the gate is riding
    "criticising_officials": {"criticising_officials": True},
    "charity": {"charity": True},
    "volunteering": {"volunteering": True},
    "blood_donation": {"blood_donation": True},
    "report_neighbour": {"report_neighbour": True},
    "loan_default": {"loan_default": True},  # a missed repayment, on the lender's record
}


# --- the table of effects ----------------------------------------------------------

@dataclass(frozen=True)
class Effect:
    """What one effect of a choice does.

    `closed(state, answer)`: the message id of why the choice cannot be taken now,
    or "". `does(state, answer, dealings)`: the run's new state and the money it
    moved (on top of the choice's own). `acts`: the row's acts for the day step.
    `service`: the city's answer the effect reads, which its moment must show."""

    closed: Callable
    does: Callable
    acts: dict
    service: str = ""


def _open(state, answer) -> str:
    return ""


def _same(state, answer, dealings):
    return state, 0.0


def _fare(state, answer, dealings):
    gain, paid = max(0.0, -answer.difference), max(0.0, answer.difference)
    return replace(state, perks_received=state.perks_received + gain,
                   perks_paid=state.perks_paid + paid), -answer.fare


def _queue(state, answer, dealings):
    return replace(state, minutes_saved=state.minutes_saved + answer.my_wait_flat
                   - answer.my_wait), 0.0


def _loan(state, answer, dealings):
    cost = answer.amount * answer.rate * answer.days / 365
    flat = answer.amount * answer.base_rate * answer.days / 365
    return replace(state, debt=answer.amount + cost, debt_due=state.day + answer.days,
                   perks_received=state.perks_received + max(0.0, flat - cost),
                   perks_paid=state.perks_paid + max(0.0, cost - flat)), answer.amount


def _lender(state, answer, dealings):
    return replace(state, shark_debt=dealings.loan_amount * (1 + dealings.lender_rate),
                   shark_due=state.day + dealings.lender_days, informal=True,
                   flags=state.flags | {"loan_shark"}), dealings.loan_amount


def _cash_work(state, answer, dealings):
    return replace(state, informal=True,
                   informal_days=state.informal_days + (state.day,)), dealings.cash_day_pay


def _repay(state, answer, dealings):
    return replace(state, debt=0.0, debt_due=0, flags=state.flags | {"repaid"}), -state.debt


def _miss(state, answer, dealings):
    # the choice's own events record the missed repayment; the court's rule follows
    return replace(state, debt_due=0), 0.0


def _grace(state, answer, dealings):
    return replace(state, debt=state.debt * (1 + dealings.grace_fee),
                   debt_due=state.day + dealings.grace_days,
                   flags=state.flags | {"grace"}), 0.0


def _part(state, answer, dealings):
    half = state.debt / 2
    return replace(state, debt=state.debt - half, debt_due=state.day + dealings.grace_days,
                   flags=state.flags | {"part_paid"}), -half


def _part_closed(state, answer) -> str:
    return "reason.no_money" if state.money < state.debt / 2 else ""


def _tidy(state, answer, dealings):
    return replace(state, flags=state.flags | {"cut_friend"}), 0.0


def _ticket(state, answer, dealings):
    if answer.allowed:
        return replace(state, flags=state.flags | {"travelled"}), -answer.price
    return replace(state, flags=state.flags | {"refused_train"}), 0.0


def _apply(state, answer, dealings):
    if answer.any_open:
        return replace(state, employment="hired", flags=state.flags | {"hired"}), 0.0
    return replace(state, flags=state.flags | {"no_job_open"}), 0.0


def _no_money_for_fare(state, answer) -> str:
    return "reason.no_money" if state.money < answer.fare else ""


def _bank_closed(state, answer) -> str:
    if answer.refused:
        return "reason.loan_refused"
    return "reason.already_in_debt" if state.debt > 0 else ""


def _lender_closed(state, answer) -> str:
    return "reason.already_in_debt" if state.shark_debt > 0 else ""


def _repay_closed(state, answer) -> str:
    return "reason.no_money" if state.money < state.debt else ""


def _ticket_closed(state, answer) -> str:
    return "reason.no_money" if answer.allowed and state.money < answer.price else ""


def _job_closed(state, answer) -> str:
    return "" if state.employment in ("unemployed", "informal", "gig") else "reason.has_job"


def _tidy_closed(state, answer) -> str:
    return "" if answer.low_tier else "reason.no_friends"


EFFECTS = {
    # nothing beyond the choice's money, stress and rules
    "": Effect(_open, _same, {}),
    # pay today's posted fare for your tier; you ride (and count among tomorrow's payers)
    "pay_fare": Effect(_no_money_for_fare, _fare, {"ride": True}, "metro"),
    # take a number at the clinic: you are a patient in today's session
    "wait_queue": Effect(_open, _queue, {"patient": True}, "hospital"),
    # leave without seeing a doctor: not a patient today
    "leave_queue": Effect(_open, _same, {"patient": False}),
    # the bank's loan at your tier's rate, repaid in one sum (refused at the bottom tier)
    "take_loan": Effect(_bank_closed, _loan, {}, "bank"),
    # the lender outside: cash now, a dear sum in days, no record — the informal economy
    "loan_shark": Effect(_lender_closed, _lender, {"informal": True}),
    # a day of cash work, no contract: the informal economy
    "informal_work": Effect(_open, _cash_work, {"informal": True}),
    # pay what you owe: the debt is made good (the court's rule stops)
    "repay_debt": Effect(_repay_closed, _repay, {"repaid": True}),
    # miss the repayment: the choice's loan_default rule records it
    "miss_repayment": Effect(_open, _miss, {}),
    # ask for time before the due date: a later date and a fee, no missed repayment
    "ask_grace": Effect(_open, _grace, {}),
    # pay half now: the rest a week later, no missed repayment
    "part_pay": Effect(_part_closed, _part, {}),
    # "tidy your contacts": the city's tidy act cuts every low-tier contact
    "cut_friend": Effect(_tidy_closed, _tidy, {"tidy_contacts": True}, "friends"),
    # buy a train ticket: the machine checks your tier and the court's list
    "buy_ticket": Effect(_ticket_closed, _ticket, {"train_trip": True}, "station"),
    # apply for an opening your tier may apply for
    "apply_job": Effect(_job_closed, _apply, {}, "jobs"),
}


def choice_acts(choice) -> dict:
    """The population's acts for one choice (its rules, then its effect)."""
    acts = {}
    for rule in choice.events:
        acts.update(RULE_ACTS[rule])
    acts.update(EFFECTS[choice.effect].acts)
    return acts


def nothing_done() -> dict:
    """A day of a forced row with no choice made: no bill due, no ride, no offence."""
    return {key: (None if None in values else False)
            for key, values in CHOICES.items()
            if key not in ("employment", "informal")}


def day_forcing(choices, places, state, extra: dict | None = None) -> tuple[dict, dict]:
    """Row 0's forced acts and their places for one day: what `choices` did (made at
    `places`, the moments' place ids), `extra` acts of the night (a repayment the
    run made or missed), and the run's employment and informal flag."""
    acts, where = nothing_done(), {}
    for choice, place in zip(choices, places):
        acts.update(choice_acts(choice))
        where.update({rule: place for rule in choice.events})
    acts.update(extra or {})
    acts["employment"] = EMPLOYMENT_CODE.get(state.employment, UNEMPLOYED)
    acts["informal"] = bool(state.informal)
    return acts, where


def check_story(story, file: str = "assets/story/moments.toml") -> None:
    """Every rule a choice triggers must be an act of the population; every effect
    must be in the table; a day's moments must not share an act (the day step
    records an act once a day)."""
    problems = []
    for m in story.moments.values():
        for c in m.choices:
            for rule in c.events:
                if rule not in RULE_ACTS:
                    problems.append(Problem(file, m.id, "events",
                                            f"rule '{rule}' is no act of the population"))
            if c.effect not in EFFECTS:
                problems.append(Problem(file, m.id, "effect", f"unknown effect '{c.effect}'"))
            elif EFFECTS[c.effect].service not in ("", m.service):
                problems.append(Problem(file, m.id, "service",
                                        f"effect '{c.effect}' needs service "
                                        f"'{EFFECTS[c.effect].service}'"))
    if problems:
        raise DataError(problems)


def moment_acts(moment) -> set:
    """Every population act any choice of the moment may force."""
    return {key for c in moment.choices for key in choice_acts(c)}
