"""Placeholder until the events concern lands."""


def enrich_event(post, header, settings, path):
    return []
