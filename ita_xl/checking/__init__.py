"""``Return`` in, findings out: the catalogue of finding codes, the rules, ``validate``, and the
three ways findings reach an officer (the JSON/CLI report, an annotated copy, the button)."""
