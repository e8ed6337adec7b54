"""Search words kept on the server, behind an opaque id, so that a name never travels in
an address (browser history, proxy and access logs, the referrer of the next page).

A search form posts its words; the view keeps them in the signed-in session under a
random id and redirects to the results page with only that id (`?s=`), so paging, reload
and the Back button work. An id is good only in the session that made it and for the kind
of search it was made for; the session's most recent searches are kept, older ones drop.
"""

import secrets

SESSION_KEY = "haven_searches"
KEPT = 20


def remember(request, kind: str, words: str) -> str:
    """Keep `words` for this session; the opaque id to put in the results address."""
    kept = dict(request.session.get(SESSION_KEY, {}))
    token = secrets.token_urlsafe(12)
    kept[token] = [kind, words]
    while len(kept) > KEPT:
        kept.pop(next(iter(kept)))
    request.session[SESSION_KEY] = kept
    return token


def recall(request, kind: str, token: str) -> str | None:
    """The words kept under `token` for this kind of search, or None (unknown, another
    session's, another kind's, or dropped as too old)."""
    entry = request.session.get(SESSION_KEY, {}).get(token)
    if not entry or entry[0] != kind:
        return None
    return entry[1]
