"""``malsori serve``: the HTTP front end on the same core as the window and the CLI.

FastAPI routes only: decoding, transcription, export and the vLLM client are
core's. Needs the optional ``server`` extra (fastapi, uvicorn, python-multipart);
nothing else in Malsori imports this package.
"""
