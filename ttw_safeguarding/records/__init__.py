"""The record core: keeps safeguarding records, whatever they are about, and knows no app.

What it holds: the ``Decision`` base model and the one path every decision is recorded
through (``decisions``: validation, one transaction with its audit entry, the hash chain,
the written report queued on commit), written reports (``reports``), seals and signed
checkpoints (``checkpoints``), notifications and e-mail, background ``tasks``, accounts,
sign-in and two-factor, audit and decision pages, and the access mechanism (``access``:
roles, page rules, record visibility, logged reads; ``need_to_know``: P6.6's restricted
records).

How an app registers, from its ``AppConfig.ready()``:

- ``access.register_page_rules({...})``: who may use each of its URL names;
- ``access.register_decision_visibility(rule)``: what a role may see of decisions beyond its
  own submissions (a function of the user returning a ``Q`` over ``Decision``);
- ``navigation.register_nav(NavEntry(...))`` and ``register_actions``: its menu entries;
- ``pages.register_home_panel(panel)``: what it adds to the home page for a user;
- ``pages.register_clause_describer(fn)``: how decisions' clauses are described (the policy);
- ``demo.register_demo_seeder(fn)``: its records for ``manage.py seed_demo``.

An app's decision types subclass ``models.Decision`` and are recorded with
``decisions.decision_record``; its typed access functions (``case_for_user(user, code) ->
Case``) build on ``access.decisions_visible_to`` and ``access.by_code``. The core never
imports an app or the policy (pyproject.toml, ``[tool.importlinter]``).
"""
