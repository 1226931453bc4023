"""Placeholder until the petitions concern lands."""


def enrich_petition(post, header, settings, path):
    return []
