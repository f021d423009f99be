"""The target-neutral resource model (ARM types, names, properties and links) and helpers to build it."""
