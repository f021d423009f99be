"""The example catalog: one folder per scenario, shipped for `amlgen init`."""
