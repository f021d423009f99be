"""Plan: the target-neutral description of what will be deployed. Every decision is made here."""

from amlgen.plan.builder import build_plan
from amlgen.plan.model import Plan

__all__ = ["Plan", "build_plan"]
