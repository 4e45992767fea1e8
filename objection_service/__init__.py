"""The objection form service (异议表单): a small ASGI app apart from the tracker's app, sharing only the store.

`objection_service.app.create_app` builds it; `python -m targets objections serve` runs it with uvicorn.
"""
