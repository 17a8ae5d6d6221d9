"""The window's panels, one per dock: each shows a design and says what the user changed.

A panel receives the design to show (``show_design``) and emits ``edited`` with project changes
(``{"field": value}``); it never edits the design itself. Typed numbers commit after a short
pause in typing, when the field is left, or when the window asks (``commit``: before saving,
exporting or closing).
"""
