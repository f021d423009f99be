"""The commands, one module each; cli.py registers them. output.py and common.py hold what they share."""
