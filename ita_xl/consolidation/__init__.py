"""Many returns, one year: which return counts (``decisions``), the roll-up into a
``Consolidation``, the roster, the per-file digests the workers send back, and the summary
workbook."""
