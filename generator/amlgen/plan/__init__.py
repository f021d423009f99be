"""The plan: lower a validated intent to a Deployment of Azure resources (amlgen.arm). Every decision is
made here or in amlgen.analysis; targets and docs only spell and describe the result."""

from __future__ import annotations

from amlgen.arm.deployment import Deployment
from amlgen.intent.model import Intent
from amlgen.plan.build import build_deployment

__all__ = ["Deployment", "build_deployment", "build_plan"]


def build_plan(intent: Intent, source: str) -> Deployment:
    return build_deployment(intent, source)
