"""Class codes: six characters that give every student the same city and citizen.

Why a code (and not "type seed 48213, policy harsh, 60 days, 100,000 citizens"):
a teacher writes one short word on the board and thirty students get the same
run. The code carries the seed, the citizen card, the policy preset, the run
length and the city's size — everything that decides what a student sees.

Why this alphabet: 32 symbols with no 0/O and no 1/I, so nothing on the board can
be read two ways; letters are read case-insensitively and spaces or hyphens are
ignored ("k7m-3qx" is "K7M3QX").

Why a check character: a mistyped code must not quietly open a *different* city.
The last character is a Luhn mod 32 check over the first five, which catches every
single wrong character and almost every swap of two neighbours. A bad code raises
`ClassCodeError` with a message id (`classcode.error.*`) and parameters: no English
here, the scene says it in the player's language.

Layout of the 25 payload bits (5 characters × 5 bits), before mixing:
seed (16) · citizen (2) · policy (2) · run length (3) · city size (2).
The payload is mixed by two rounds of xor-shift and multiply-by-an-odd-constant
modulo 2^25 (each step invertible) so that neighbouring seeds give codes that look
unrelated, not "22223A", "22224B", ….
Changing any table below changes what old codes mean: add at the end only.
"""

from __future__ import annotations

from dataclasses import dataclass

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 32 symbols: no 0, O, 1, I
CODE_LENGTH = 6
_PAYLOAD_CHARS = CODE_LENGTH - 1
_BITS = 5 * _PAYLOAD_CHARS
_MASK = (1 << _BITS) - 1
_MIX = (0x0F1A5B3, 0x1C6E2D5)  # odd multipliers: invertible modulo 2^25
_SHIFT = 13
_IGNORED = " -_.\t"

# The tables the code indexes (order matters; add at the end only). The citizens
# are the story's cards, in the card's order (game/scenes/visit.py CITIZENS); the
# policies are the shipped presets (assets/policies/).
CITIZENS = ("courier", "civil-servant", "retiree", "graduate")
POLICIES = ("default", "none", "harsh", "forgiving")
RUN_LENGTHS = (7, 14, 30, 45, 60, 90, 120, 180)  # days
CITY_SIZES = (1_000, 10_000, 100_000, 1_000_000)  # citizens
SEED_LIMIT = 1 << 16  # seeds 0 … 65,535


class ClassCodeError(ValueError):
    """A code that cannot be read. `message_id` and `params` say why, for the
    locale (`classcode.error.<reason>`); str() is for logs and the command line."""

    def __init__(self, reason: str, **params):
        self.reason = reason
        self.message_id = f"classcode.error.{reason}"
        self.params = params
        super().__init__(f"{reason} {params}" if params else reason)


@dataclass(frozen=True)
class ClassSetup:
    """What a class code stands for. Build with values from the tables above."""

    seed: int = 1
    citizen: str = "courier"
    policy: str = "default"
    days: int = 60
    citizens: int = 10_000

    def __post_init__(self):
        checks = (("seed", 0 <= self.seed < SEED_LIMIT), ("citizen", self.citizen in CITIZENS),
                  ("policy", self.policy in POLICIES), ("days", self.days in RUN_LENGTHS),
                  ("citizens", self.citizens in CITY_SIZES))
        for name, ok in checks:
            if not ok:
                raise ValueError(f"class setup: {name} {getattr(self, name)!r} cannot be "
                                 f"put in a code")

    @property
    def code(self) -> str:
        return encode(self)


def encode(setup: ClassSetup) -> str:
    """The six-character code of a setup (upper case, no separator)."""
    value = setup.seed
    for index, size in ((CITIZENS.index(setup.citizen), len(CITIZENS)),
                        (POLICIES.index(setup.policy), len(POLICIES)),
                        (RUN_LENGTHS.index(setup.days), len(RUN_LENGTHS)),
                        (CITY_SIZES.index(setup.citizens), len(CITY_SIZES))):
        value = value * size + index
    value = _mix(value)
    digits = [(value >> (5 * i)) & 31 for i in reversed(range(_PAYLOAD_CHARS))]
    return "".join(ALPHABET[d] for d in digits) + ALPHABET[_check_digit(digits)]


def decode(text: str) -> ClassSetup:
    """The setup of a code as typed; raises ClassCodeError saying what is wrong."""
    if not isinstance(text, str):
        raise ClassCodeError("empty")
    cleaned = "".join(ch for ch in text.upper() if ch not in _IGNORED)
    if not cleaned:
        raise ClassCodeError("empty")
    for ch in cleaned:
        if ch not in ALPHABET:
            reason = "confusable" if ch in "0O1I" else "character"
            raise ClassCodeError(reason, character=ch)
    if len(cleaned) != CODE_LENGTH:
        raise ClassCodeError("length", length=len(cleaned), expected=CODE_LENGTH)
    digits = [ALPHABET.index(ch) for ch in cleaned]
    if _check_digit(digits[:-1]) != digits[-1]:
        raise ClassCodeError("check")
    value = 0
    for d in digits[:-1]:
        value = (value << 5) | d
    value = _unmix(value)
    fields = []
    for size in (len(CITY_SIZES), len(RUN_LENGTHS), len(POLICIES), len(CITIZENS)):
        value, index = divmod(value, size)
        fields.append(index)
    sizes, length, policy, citizen = fields
    if value >= SEED_LIMIT:  # cannot happen for codes made by `encode`
        raise ClassCodeError("check")
    return ClassSetup(value, CITIZENS[citizen], POLICIES[policy], RUN_LENGTHS[length],
                      CITY_SIZES[sizes])


def pretty(code: str) -> str:
    """"K7M3QX" → "K7M-3QX": two groups of three are easier to read aloud."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def _mix(value: int) -> int:
    for multiplier in _MIX:
        value ^= value >> _SHIFT
        value = (value * multiplier) & _MASK
    return value


def _unmix(value: int) -> int:
    for multiplier in reversed(_MIX):
        value = (value * pow(multiplier, -1, 1 << _BITS)) & _MASK
        undone, shift = value, _SHIFT  # x ^= x >> s, undone by folding the shifts
        while shift < _BITS:
            undone = value ^ (undone >> _SHIFT)
            shift += _SHIFT
        value = undone
    return value


def _check_digit(digits: list[int]) -> int:
    """Luhn mod 32: the symbol that makes the weighted sum a multiple of 32."""
    total = 0
    factor = 2
    for d in reversed(digits):
        addend = factor * d
        total += addend // 32 + addend % 32
        factor = 3 - factor
    return (32 - total % 32) % 32
