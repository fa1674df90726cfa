"""Rendering: view data, the template environment, and the writers for each format.

Importing this package is cheap; the Word renderer imports docxtpl only when it runs.
"""
