"""Scenarios as data: the model, the loader that validates a file section by section
(`loader.load_scenario`), the checks, the audit and the real cases' anchors.
"""
