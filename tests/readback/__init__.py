"""Read generated code back into the resource model's terms, to compare both targets with the plan."""
