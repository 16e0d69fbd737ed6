"""Policy as plain data, and the pure decision function.

A policy is a TOML document with a ``name`` and a ``version``: which detectors run, the minimum
score per code, the action per code (per channel if needed), the organisation's allow-lists and
the options of configurable detectors (e.g. the lexicon's phrase lists). ``decide`` is pure: the
same findings, labels, channel and policy always give the same decision.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType
from typing import Any

from socialrx.errors import PolicyError
from socialrx.model import (
    ACTION_RANK,
    ACTIONS,
    CHANNELS,
    Action,
    Channel,
    Decision,
    Finding,
    Label,
    Reason,
)

_TOP_KEYS = {"name", "version", "description", "run", "thresholds", "actions", "channels",
             "labels", "allow", "detectors", "escalation"}  # fmt: skip
_ESCALATION_KEYS = ("contact", "country", "crisis_lines")
# Built-in crisis lines by ISO country code; a policy's [escalation.crisis_lines] adds or overrides.
CRISIS_LINES: Mapping[str, str] = MappingProxyType({
    "US": "988 Suicide & Crisis Lifeline: call or text 988",
    "CA": "9-8-8 Suicide Crisis Helpline: call or text 988",
    "GB": "Samaritans: call 116 123",
    "IE": "Samaritans: call 116 123",
    "AU": "Lifeline: call 13 11 14",
    "NZ": "Need to talk?: call or text 1737",
})  # fmt: skip
ALLOW_LISTS = ("names", "phones", "emails", "domains", "handles", "places")


@dataclass(frozen=True)
class AllowLists:
    """The organisation's own identifiers: never reported as patient PHI."""

    names: tuple[str, ...] = ()  # staff directory, spokespeople, named buildings' donors
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()  # own web sites (also allows e-mail at these domains)
    handles: tuple[str, ...] = ()
    places: tuple[str, ...] = ()  # own addresses, campus and building names


@dataclass(frozen=True)
class EscalationSettings:
    """What a crisis record tells the team to do: the organisation's on-call contact and the
    crisis line for its country (``crisis_lines`` maps ISO country codes to a line)."""

    contact: str = ""
    country: str = "US"
    crisis_lines: Mapping[str, str] = field(default_factory=lambda: CRISIS_LINES)

    @property
    def crisis_line(self) -> str | None:
        return self.crisis_lines.get(self.country)


@dataclass(frozen=True)
class Policy:
    name: str
    version: str
    detectors: tuple[str, ...] = ("*",)  # "*" runs every registered detector
    classifiers: tuple[str, ...] = ("*",)  # "*" runs every registered classifier
    thresholds: Mapping[str, float] = field(default_factory=dict)
    actions: Mapping[str, Action] = field(default_factory=dict)
    channel_actions: Mapping[Channel, Mapping[str, Action]] = field(default_factory=dict)
    label_actions: Mapping[str, Action] = field(default_factory=dict)
    allow: AllowLists = field(default_factory=AllowLists)
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    description: str = ""
    escalation: EscalationSettings = field(default_factory=EscalationSettings)

    @property
    def ref(self) -> str:
        return f"{self.name}@{self.version}"

    def __hash__(self) -> int:
        return hash(self.ref)

    def threshold(self, code: str) -> float:
        return float(_lookup(self.thresholds, code, 0.5))

    @cached_property
    def _rules(self) -> dict[tuple[str, Channel], tuple[float, Action]]:
        return {}

    def rule(self, code: str, channel: Channel) -> tuple[float, Action]:
        """``(threshold, action)`` for ``code`` on ``channel``, memoised (the policy is frozen)."""
        key = (code, channel)
        found = self._rules.get(key)
        if found is None:
            found = self._rules[key] = (self.threshold(code), self.action(code, channel))
        return found

    def action(self, code: str, channel: Channel) -> Action:
        per_channel = self.channel_actions.get(channel, {})
        found: Action | None = _lookup_opt(per_channel, code)
        if found is not None:
            return found
        action: Action = _lookup(self.actions, code, "allow")
        return action


def _lookup_opt(table: Mapping[str, Any], code: str) -> Any:
    """Exact code, then its family (``phi.*``), then ``default``."""
    if code in table:
        return table[code]
    family = code.split(".", 1)[0] + ".*"
    if family in table:
        return table[family]
    return table.get("default")


def _lookup(table: Mapping[str, Any], code: str, fallback: Any) -> Any:
    found = _lookup_opt(table, code)
    return fallback if found is None else found


def decide(
    findings: Iterable[Finding], labels: Iterable[Label], channel: Channel, policy: Policy
) -> Decision:
    """allow, review or block: the strictest action any finding (or label) above its threshold
    asks for under ``policy`` on ``channel``. Pure."""
    reasons: list[Reason] = []
    worst: Action = "allow"
    for finding in findings:
        threshold, action = policy.rule(finding.code, channel)
        if finding.score < threshold:
            continue
        if action != "allow":
            reasons.append(Reason(finding.code, action, finding.span))
            if ACTION_RANK[action] > ACTION_RANK[worst]:
                worst = action
    for label in labels:
        label_action = policy.label_actions.get(label.name)
        if label_action is None or label.score < policy.threshold(label.name):
            continue
        if label_action != "allow":
            reasons.append(Reason(label.name, label_action, None))
            if ACTION_RANK[label_action] > ACTION_RANK[worst]:
                worst = label_action
    return Decision(worst, tuple(reasons), policy.ref)


# ---------------------------------------------------------------- loading and validation


def default_policy() -> Policy:
    """The built-in default policy (``socialrx/policies/default.toml``)."""
    source = files("socialrx.policies").joinpath("default.toml").read_text(encoding="utf-8")
    return parse_policy(source, origin="built-in default policy")


def load_policy(path: str | Path) -> Policy:
    path = Path(path)
    try:
        source = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PolicyError(f"cannot read policy file {str(path)!r}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise PolicyError(f"policy file {str(path)!r} is not UTF-8 text") from None
    return parse_policy(source, origin=str(path))


def parse_policy(source: str, *, origin: str = "policy") -> Policy:
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{origin}: not valid TOML ({exc})") from None
    return policy_from_dict(data, origin=origin)


def policy_from_dict(data: Mapping[str, Any], *, origin: str = "policy") -> Policy:
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise PolicyError(f"{origin}: unknown keys {sorted(unknown)}; expected {sorted(_TOP_KEYS)}")
    name = _need(data, "name", str, origin)
    version = data.get("version")
    if not isinstance(version, int | str) or isinstance(version, bool) or version == "":
        raise PolicyError(f"{origin}: 'version' must be a number or a non-empty string")
    run = _table(data, "run", origin)
    channels = _table(data, "channels", origin)
    channel_actions: dict[Channel, Mapping[str, Action]] = {}
    for channel, table in channels.items():
        if channel not in CHANNELS:
            raise PolicyError(f"{origin}: unknown channel {channel!r}; expected one of {CHANNELS}")
        if not isinstance(table, Mapping) or set(table) - {"actions"}:
            raise PolicyError(f"{origin}: [channels.{channel}] may only hold an 'actions' table")
        channel_actions[channel] = _actions(
            table.get("actions", {}), f"{origin} [channels.{channel}.actions]"
        )
    return Policy(
        name=name,
        version=str(version),
        detectors=tuple(_strings(run.get("detectors", ["*"]), f"{origin} run.detectors")),
        classifiers=tuple(_strings(run.get("classifiers", ["*"]), f"{origin} run.classifiers")),
        thresholds=MappingProxyType(_thresholds(_table(data, "thresholds", origin), origin)),
        actions=_actions(_table(data, "actions", origin), f"{origin} [actions]"),
        channel_actions=MappingProxyType(channel_actions),
        label_actions=_actions(_table(data, "labels", origin), f"{origin} [labels]"),
        allow=_allow(_table(data, "allow", origin), origin),
        options=MappingProxyType(
            {k: MappingProxyType(dict(v)) for k, v in _table(data, "detectors", origin).items()}
        ),
        description=str(data.get("description", "")),
        escalation=_escalation(_table(data, "escalation", origin), origin),
    )


def _need(data: Mapping[str, Any], key: str, kind: type, origin: str) -> Any:
    value = data.get(key)
    if not isinstance(value, kind) or value == "":
        raise PolicyError(f"{origin}: '{key}' is required and must be a {kind.__name__}")
    return value


def _table(data: Mapping[str, Any], key: str, origin: str) -> Mapping[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, Mapping):
        raise PolicyError(f"{origin}: [{key}] must be a table")
    return value


def _strings(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise PolicyError(f"{where}: expected a list of strings")
    return value


def _thresholds(table: Mapping[str, Any], origin: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for code, value in table.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise PolicyError(f"{origin}: threshold for {code!r} must be a number in [0, 1]")
        out[code] = float(value)
    return out


def _actions(table: Mapping[str, Any], where: str) -> Mapping[str, Action]:
    for code, action in table.items():
        if action not in ACTIONS:
            raise PolicyError(f"{where}: action for {code!r} must be one of {ACTIONS}")
    return MappingProxyType(dict(table))


def _allow(table: Mapping[str, Any], origin: str) -> AllowLists:
    unknown = set(table) - set(ALLOW_LISTS)
    if unknown:
        raise PolicyError(
            f"{origin}: unknown [allow] lists {sorted(unknown)}; expected {ALLOW_LISTS}"
        )
    return AllowLists(**{k: tuple(_strings(v, f"{origin} allow.{k}")) for k, v in table.items()})


def _escalation(table: Mapping[str, Any], origin: str) -> EscalationSettings:
    unknown = set(table) - set(_ESCALATION_KEYS)
    if unknown:
        raise PolicyError(
            f"{origin}: unknown [escalation] keys {sorted(unknown)}; expected {_ESCALATION_KEYS}"
        )
    for key in ("contact", "country"):
        if not isinstance(table.get(key, ""), str):
            raise PolicyError(f"{origin}: escalation.{key} must be a string")
    extra = _table(table, "crisis_lines", origin)
    if not all(isinstance(v, str) and v.strip() for v in extra.values()):
        raise PolicyError(f"{origin}: [escalation.crisis_lines] maps country codes to text")
    lines = {**CRISIS_LINES, **{k.upper(): v for k, v in extra.items()}}
    country = str(table.get("country", "US")).upper()
    if country not in lines:
        raise PolicyError(
            f"{origin}: escalation.country {country!r} has no entry in [escalation.crisis_lines]; "
            f"expected one of {sorted(lines)}"
        )
    return EscalationSettings(
        contact=str(table.get("contact", "")),
        country=country,
        crisis_lines=MappingProxyType(lines),
    )
