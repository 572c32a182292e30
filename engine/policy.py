"""Policies: the knobs a city (or a teacher's slider) sets on the rule book.

A policy never adds rules; it reweighs them and resizes the perks. `apply_policy`
returns a new RuleBook, so the score engine and the city's answers only ever see
one book and cannot forget a knob. The policy `none` keeps every rule and every
behaviour but sets `consequences = false`: scores are still kept, nothing follows
from them. That is the control city.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .errors import DataError, Problem
from .rules import Perks, Queue, RuleBook, ZeroSumSchedule
from .schema import Fields


@dataclass(frozen=True)
class Policy:
    id: str
    message: str  # locale id of the policy's name
    notes: str  # locale id prefix of its scenario notes (what/how/notice/try)
    consequences: bool  # False: the score is kept but changes nothing (control city)
    rule_weights: dict = field(default_factory=dict)  # rule id → points multiplier
    camera_coverage: float = 1.0  # multiplier on every place's camera coverage
    association_penalty: int = 3  # points lost per low-tier contact per day
    association_tier: str = "C"  # contacts at this tier or below count as low-tier
    informant_reward: int = 15  # points for reporting a neighbour
    forgiveness: float = 0.0  # share of the gap to the start that fades each day
    perk_scale: float = 1.0  # multiplier on every surcharge and share
    surcharge_cap: float = 1.0  # no outsider surcharge above this share of base
    # Knobs of engine/population.py, validated by `parse_population_knobs`:
    #   screening  per tier index: employers' hiring multiplier (1 = no screening)
    #   dismissal  per tier index: multiplier on the risk of losing a job
    #   call_loans banks call the part of a loan above the tier's new limit
    population: dict = field(default_factory=dict)


def parse_policy(doc: dict, file: str, book: RuleBook) -> Policy:
    problems: list[Problem] = []
    f = Fields(doc, file, "policy", problems)
    pid = f.string("id")
    message = f.string("message")
    notes = f.string("notes")
    consequences = f.boolean("consequences")
    weights = f.number_table("rule_weights", tuple(book.rules), {}, 0.0, 100.0)
    coverage = f.number("camera_coverage", 1.0, 0.0, 10.0)
    assoc = f.number("association_penalty", 3, 0, 1000, integer=True)
    assoc_tier = f.string("association_tier", "C", choices=book.tiers.ids)
    reward = f.number("informant_reward", 15, 0, 1000, integer=True)
    forgiveness = f.number("forgiveness", 0.0, 0.0, 1.0)
    perk_scale = f.number("perk_scale", 1.0, 0.0, 10.0)
    cap = f.number("surcharge_cap", 1.0, 0.0, 10.0)
    population = parse_population_knobs(f.table("population", {}), file, book.tiers.ids,
                                        problems)
    f.done()
    if problems:
        raise DataError(problems)
    return Policy(pid, message, notes, consequences, weights, coverage, assoc, assoc_tier,
                  reward, forgiveness, perk_scale, cap, population)


def parse_population_knobs(table: dict, file: str, tier_ids: tuple, problems: list) -> dict:
    """The policy's [population] table: how employers and banks use the tier.

    Missing knobs mean "the tier changes nothing here": screening and dismissal
    multipliers of 1 for every tier, loans not called.
    """
    f = Fields(table, file, "policy population", problems)
    screening = f.number_table("screening", tier_ids, {}, 0.0, 1.0)
    dismissal = f.number_table("dismissal", tier_ids, {}, 0.0, 100.0)
    call_loans = f.boolean("call_loans", False)
    f.done()
    return {
        "screening": tuple(float((screening or {}).get(t, 1.0)) for t in tier_ids),
        "dismissal": tuple(float((dismissal or {}).get(t, 1.0)) for t in tier_ids),
        "call_loans": bool(call_loans),
    }


NOTES = ("what", "how", "notice", "try")  # a policy's scenario notes, under `notes`


def check_policy_messages(policy: Policy, file: str, message_ids: dict) -> None:
    """Refuse a policy whose name or scenario notes some locale does not define."""
    problems = []
    wanted = [("message", policy.message)] + [("notes", f"{policy.notes}.{k}") for k in NOTES]
    for code, ids in sorted(message_ids.items()):
        for field_name, mid in wanted:
            if mid not in ids:
                problems.append(Problem(file, "policy", field_name,
                                        f"message id '{mid}' is not defined in locale '{code}'"))
    if problems:
        raise DataError(problems)


def _scaled(schedule: ZeroSumSchedule, scale: float, cap: float) -> ZeroSumSchedule:
    return replace(
        schedule,
        surcharge=tuple(min(s * scale, cap) for s in schedule.surcharge),
        share=tuple(w * scale for w in schedule.share),
    )


def apply_policy(book: RuleBook, policy: Policy) -> RuleBook:
    """The rule book as this policy runs it."""
    rules = {}
    for rid, rule in book.rules.items():
        points = round(rule.points * policy.rule_weights.get(rid, 1.0))
        if rid == "association_low_tier":
            points = -policy.association_penalty
        elif rid == "report_neighbour":
            points = policy.informant_reward
        rules[rid] = replace(rule, points=points)
    places = {pid: replace(p, coverage=min(1.0, p.coverage * policy.camera_coverage))
              for pid, p in book.places.items()}
    perks = book.perks
    scale = policy.perk_scale if policy.consequences else 0.0
    n = len(book.tiers.bands)
    start_tier = book.tiers.index_of_score(book.tiers.start)
    if policy.consequences:
        queues = perks.queues
        refused_travel = perks.travel_refused
        loans_refused = perks.loans.refused
    else:  # the control city: everyone queues in arrival order and may travel
        queues = {q: replace(v, priority=(0,) * n) for q, v in perks.queues.items()}
        refused_travel = {m: (False,) * n for m in perks.travel_refused}
        loans_refused = (False,) * n
    perks = Perks(
        fares=_scaled(perks.fares, scale, policy.surcharge_cap),
        loans=replace(_scaled(perks.loans, scale, policy.surcharge_cap), refused=loans_refused),
        loan_limit=perks.loan_limit if policy.consequences else (perks.loan_limit[start_tier],) * n,
        queues=queues,
        jobs=perks.jobs if policy.consequences else tuple(replace(j, min_tier=n - 1) for j in perks.jobs),
        travel_message=perks.travel_message,
        travel_refused=refused_travel,
    )
    return RuleBook(book.tiers, rules, places, perks, policy.association_tier,
                    policy.forgiveness)


__all__ = ["Policy", "Queue", "apply_policy", "parse_policy", "parse_population_knobs"]
