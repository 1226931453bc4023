"""Placeholder until the motions concern lands."""


def enrich_motion(post, header, settings, path):
    return []
