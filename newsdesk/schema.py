"""OpenAPI: how clients authenticate, and the error answers every operation can give.

Views declare their success shapes and any error specific to them (412 on a stale
write); the answers that any operation can give — throttled, unauthenticated, not
allowed, not found (also for a page past the end), invalid input, refused by the
rules, not modified (a read), moved (a renamed story) — are added here, so the
schema says everything the API may answer.

OpenAPI links say where a response's values lead next. Tools (schemathesis's
stateful phase) infer most of them from field names — a list's `slug` feeds the
detail's `{slug}` — but not that a story just created, read or moved can go
through its workflow actions; those are declared here. A new token has no link:
it is a credential for every operation, not a parameter of any.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class TokenScheme(OpenApiAuthenticationExtension):
    """`Authorization: Token <token>` (or `Bearer <token>`), from `POST /api/v1/auth/token/`."""

    target_class = "newsdesk.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A token from `POST /api/v1/auth/token/`, sent as "
            "`Authorization: Token <token>` or `Authorization: Bearer <token>`. "
            "It expires (see `expiry`) and is revoked by `DELETE` on the same URL.",
        }


ERROR = {"$ref": "#/components/schemas/Error"}
VALIDATION_ERROR = {"$ref": "#/components/schemas/ValidationError"}
WRITES = {"post", "put", "patch", "delete"}
DESK_ONLY = ("/api/v1/flags/",)
# Stories looked up by a slug they had before a rename answer with a redirect.
RENAMED = "/api/v1/articles/{slug}/"


# Who may make each write, by path and method; told in the operation's description.
ROLES = [
    ("/api/v1/auth/token/", "post", "Anyone with a desk account."),
    ("/api/v1/auth/token/", "delete", "The token's owner."),
    ("/transition/", "post", "submit: the story's author or an Editor; send_back, "
     "spike, publish: an Editor; withdraw: the Desk chief."),
    ("/confirm-genre/", "post", "An Editor or the Desk chief."),
    ("/reanalyse/", "post", "Whoever may edit the story."),
    ("/confirm/", "post", "An Editor or the Desk chief."),
    ("/dismiss/", "post", "An Editor or the Desk chief."),
    ("/api/v1/articles/{slug}/", "put", "A Reporter (own drafts only), an Editor or "
     "the Desk chief."),
    ("/api/v1/articles/{slug}/", "patch", "A Reporter (own drafts only), an Editor or "
     "the Desk chief."),
    ("/api/v1/articles/", "post", "A Reporter, an Editor or the Desk chief."),
    ("/api/v1/notes/", "post", "Internal notes: any desk role; editor's notes, "
     "corrections and clarifications: an Editor or the Desk chief."),
    ("/api/v1/", "*", "The Desk chief (the directory: topics, outlets, actors, "
     "events)."),
]  # fmt: skip


def _roles(path, method):
    for fragment, verb, who in ROLES:
        if fragment in path and verb in (method, "*"):
            return who
    return None


def _error(description, schema=ERROR):
    return {
        "description": description,
        "content": {"application/json": {"schema": schema}},
    }


def add_error_responses(result, generator, request, public):
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = {
        "type": "object",
        "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
        "required": ["detail"],
    }
    schemas["ValidationError"] = {
        "type": "object",
        "description": "Each invalid field (or `non_field_errors`) with its messages.",
        "additionalProperties": True,
    }
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method == "get" and not path.startswith(DESK_ONLY):
                # Anyone may read published data: no credentials is a valid choice.
                security = operation.setdefault("security", [])
                if {} not in security:
                    security.append({})
            responses = operation.setdefault("responses", {})
            standard = {
                "401": _error("Not authenticated (or a bad token)."),
                "403": _error("Not allowed for this user."),
                "429": _error("Too many requests; try again later."),
            }
            if "{" in path or method == "get":
                standard["404"] = _error(
                    "Not found, not public, or past the last page."
                )
            if operation.get("parameters") or "requestBody" in operation:
                standard["400"] = _error("Invalid input.", VALIDATION_ERROR)
            if method in WRITES:
                who = _roles(path, method)
                if who:
                    text = operation.get("description", "")
                    operation["description"] = f"{text}\n\n**Who may:** {who}".strip()
                standard["409"] = _error("Refused by the editorial rules.")
                standard["415"] = _error("Unsupported media type.")
            if method == "get":
                standard["304"] = {
                    "description": "Not modified: the copy the client named "
                    "(If-None-Match, If-Modified-Since) is current."
                }
            if path.startswith(RENAMED):
                code = "301" if method == "get" else "308"
                standard[code] = {
                    "description": "A slug the story had before a rename: the same "
                    "request at its current URL (`Location`).",
                    "headers": {"Location": {"schema": {"type": "string"}}},
                    "content": {"application/json": {"schema": ERROR}},
                }
            for code, response in standard.items():
                responses.setdefault(code, response)
    return result


STORY = "/api/v1/articles/{slug}/"
# Responses carrying one story, and what a client can do next with its slug.
STORY_RESPONSES = [
    ("/api/v1/articles/", "post", "201"),
    (STORY, "get", "200"),
    (STORY, "patch", "200"),
    (f"{STORY}transition/", "post", "200"),
]
STORY_NEXT = [
    (STORY, "get"),
    (f"{STORY}transition/", "post"),
    (f"{STORY}confirm-genre/", "post"),
    (f"{STORY}reanalyse/", "post"),
    (f"{STORY}ninjs/", "get"),
]


def add_links(result, generator, request, public):
    paths = result.get("paths", {})
    for path, method, code in STORY_RESPONSES:
        response = paths.get(path, {}).get(method, {}).get("responses", {}).get(code)
        if response is None:
            continue
        links = response.setdefault("links", {})
        for target_path, target_method in STORY_NEXT:
            target = paths.get(target_path, {}).get(target_method)
            if target is None or (target_path, target_method) == (path, method):
                continue
            operation_id = target["operationId"]
            links.setdefault(
                operation_id,
                {
                    "operationId": operation_id,
                    "parameters": {"slug": "$response.body#/slug"},
                    "description": "The same story, by its current slug.",
                },
            )
    return result
