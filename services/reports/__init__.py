"""Reports for curators and municipal offices: indicators, XLSX, charts, the analytical note.

``dataset`` reads the database into plain records (``records``); everything else is pure and
works on those records: ``indicators`` computes, ``xlsx``/``charts``/``note`` render, and
``build`` puts the files together for the bot, the command line and the benchmark.
"""
