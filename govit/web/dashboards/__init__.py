"""The role dashboards (工作台): one module per dashboard, ``common`` for what they share.

Each module builds its page's numbers with set-based queries (GROUP BY, never a loop over
projects), scoped to the user through the selectors of the owning apps, so that a dashboard
costs the same number of queries with 50 projects or 50,000.  Every chart is a ``Chart`` whose
numbers are also rendered as a table in the HTML (``web/dashboards/partials/chart.html``).
"""
