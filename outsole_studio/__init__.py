"""Outsole Studio: outsole design specification for designers and small footwear workshops."""

__version__ = "0.1.0"
