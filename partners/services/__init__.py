"""Writes of Partner Center. See each module: organisations, links, credits, support."""
