"""Payload checking for ``schemagen validate``: the JSONL line dialect, chunks, worker processes.

``parse`` holds the line dialect (``json.loads``) and the orjson fast path that keeps it exactly;
``check`` validates a chunk of lines; ``spec`` ships a compiled validator to other processes;
``parallel`` splits files into byte ranges across worker processes (``--jobs``).
"""
