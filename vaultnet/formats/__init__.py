"""Bringing contacts in (LinkedIn, vCard, CSV) and taking the network out (CSV, vCard, ICS, JSON).

Readers turn a file into `Contact`s and problems; `importer` matches them to people and merges
without overwriting; writers turn people into bytes. None of them print.
"""
