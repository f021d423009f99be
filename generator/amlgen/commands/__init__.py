"""Commands beyond validate and render, one module each; cli.py registers them."""
