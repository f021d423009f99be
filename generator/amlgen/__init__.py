"""amlgen: render network-isolated Azure Machine Learning infrastructure from one intent file."""

__version__ = "0.1.0"
