"""Password hashing with Argon2id at or above OWASP's minimum (m=19 MiB, t=2, p=1)."""

from __future__ import annotations

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from targets.i18n import t

# OWASP Password Storage Cheat Sheet: Argon2id, 19 MiB memory, 2 iterations, 1 degree of parallelism.
MEMORY_KIB = 19 * 1024
TIME_COST = 2
PARALLELISM = 1
MIN_LENGTH = 10

_hasher = PasswordHasher(time_cost=TIME_COST, memory_cost=MEMORY_KIB, parallelism=PARALLELISM, type=Type.ID)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)


def password_problems(password: str, lang: str = "en") -> list[str]:
    """Why a new password is refused (empty when fine), in the page's language; length over composition rules,
    as NIST advises."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(t("password.too_short", lang, n=MIN_LENGTH))
    if password.strip() != password:
        problems.append(t("password.spaces", lang))
    return problems


def password_refusal(password: str) -> tuple[str, str] | None:
    """(English, Chinese) sentences refusing a new password, or None when it is fine."""
    if not password_problems(password):
        return None
    en = t("password.refused", "en", problems=" and ".join(password_problems(password, "en")))
    zh = t("password.refused", "zh", problems="，".join(password_problems(password, "zh")))
    return en, zh
