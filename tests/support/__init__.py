"""The test kit: what tests and benchmarks share, outside the installed packages.

scoring.py (precision/recall/F1 of extraction), fault_tools.py (driving `schoolnews` under
faults), workers.py (private redis-server, distributed workers), sitegen.py and trap_site.py
(generated and trap sites on local servers), synthetic.py (a synthetic corpus for the query
benchmark). Benchmarks import `tests.support...`; tests never import `bench`.
"""
