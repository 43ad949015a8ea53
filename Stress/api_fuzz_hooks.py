"""Schemathesis hooks for Stress/api-fuzz.sh.

Some answers to schema-valid requests are rejections that the OpenAPI document describes in
words but JSON Schema cannot express: the query language's grammar, a rule across two fields,
the content of an uploaded file, and state the run makes itself (an article its DELETE
withdrew). Stress/api-fuzz.toml lets the built-in positive_data_acceptance check take those
statuses for those operations; the check below holds every such answer to the reason that
allows it, so any other 400, 410 or 422 to a valid request still fails the run.
"""
import re

import schemathesis

# (status, pattern of the error message, condition on the request or None) per operation.
ALLOWED = {
    "GET /api/v1/search": [
        (400, r"^检索式有误", None),
        (400, r"^起始日期 \S+ 晚于结束日期", None),
    ],
    "GET /api/v1/trends": [
        (400, r"^检索式有误", None),
        (400, r"^最多同时比较", None),
    ],
    "POST /api/v1/imports": [
        (422, r"", None),
        (400, r"^缺少文件名", lambda case: not (case.query or {}).get("name")
            and not any(k.lower() == "content-disposition" for k in (case.headers or {}))),
        (400, r"^请求体是空的", lambda case: not case.body),
    ],
    "DELETE /api/v1/articles/{id}": [
        (400, r"^撤稿需要原因", lambda case: not str((case.query or {}).get("reason", "")).strip()),
    ],
    "GET /api/v1/articles/{id}": [(410, r"^这篇文章已撤稿", None)],
    "GET /api/v1/articles/{id}/versions": [(410, r"^这篇文章已撤稿", None)],
}

# What positive_data_acceptance accepts by default; only other statuses are looked at here.
DEFAULT_ACCEPTED = {401, 403, 404, 409, 429}


@schemathesis.check
def documented_rejection(ctx, response, case):
    """A schema-valid request rejected for a reason the document gives in words only."""
    meta = case.meta
    status = response.status_code
    if meta is None or not meta.generation.mode.is_positive:
        return None
    if status < 400 or status >= 500 or status in DEFAULT_ACCEPTED:
        return None
    try:
        message = response.json()["error"]["message"]
    except Exception:
        message = ""
    for allowed_status, pattern, condition in ALLOWED.get(case.operation.label, []):
        if status == allowed_status and re.search(pattern, message) and (condition is None or condition(case)):
            return None
    raise AssertionError(
        f"{case.operation.label}: schema-valid request answered {status} for a reason the document does not give: {message!r}")
