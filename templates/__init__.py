"""Jinja templates of amlgen, shipped inside the wheel as the amlgen.templates package."""
