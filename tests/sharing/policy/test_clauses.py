"""The clause registry: every clause P6.1 to P6.12, each naming where it is enforced, and every
pointer naming something that exists."""

from __future__ import annotations

import importlib
import re

from django.apps import apps

from sharing import policy


def test_every_clause_of_p6_is_registered_in_policy_order_then_the_outside_sources():
    p6 = [f"P6.{n}" for n in range(1, 13)]
    assert list(policy.P6_CLAUSES) == p6
    assert list(policy.CLAUSES) == [*p6, "WSP5", "CPSU", "SOA22A", "SVGA35"]


def test_every_message_that_names_a_clause_first_names_a_registered_one():
    named = {
        name: value.split(":", 1)[0]
        for name, value in vars(policy).items()
        if name.isupper() and isinstance(value, str) and re.match(r"^[A-Z][A-Z0-9.]+: ", value)
    }
    assert len(named) > 50
    for name, clause_id in named.items():
        assert clause_id in policy.CLAUSES, f"{name} names {clause_id}"


def test_the_clauses_of_the_rules_about_adults_are_described_after_p6():
    described = policy.clauses_described(["SVGA35", "WSP5", "P6.3"])
    assert [clause.id for clause in described] == ["P6.3", "WSP5", "SVGA35"]


def test_every_clause_names_the_rules_that_enforce_it_and_each_rule_exists():
    for clause in policy.CLAUSES.values():
        assert clause.rules, clause.id
        for rule in clause.rules:
            module_name, _, name = rule.partition(".")
            module = importlib.import_module(f"sharing.policy.{module_name}")
            assert hasattr(module, name), f"{clause.id}: {rule}"


def test_every_database_constraint_a_clause_names_exists():
    constraints = {
        constraint.name for model in apps.get_models() for constraint in model._meta.constraints
    }
    for clause in policy.CLAUSES.values():
        for name in clause.constraints:
            assert name in constraints, f"{clause.id}: {name}"


def test_the_clauses_described_keep_policy_order_and_skip_unknown_ids():
    described = policy.clauses_described(["P6.9", "P6.1", "P9.9"])
    assert [clause.id for clause in described] == ["P6.1", "P6.9"]
