"""Files in, ``Return`` out: find the files, scan each one before any reader opens it, read it in
a bounded worker, and turn its cells into a ``Return`` (locate headers, resolve merges, fold pasted
rows). Readers never judge: what they cannot read becomes ``Unread``, judged by ``checking``."""
