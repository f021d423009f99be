"""Decisions shared by the rules and the plan, so both see the same deployment."""
