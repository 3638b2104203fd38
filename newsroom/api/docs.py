"""The API's documentation for people, rendered on the server from the OpenAPI document.

ninja's Swagger UI loads scripts from a CDN, which the Content-Security-Policy (rightly) forbids;
this page needs no script at all.
"""

import json
import re
from dataclasses import dataclass, field

from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET

from newsroom.api.api import api
from newsroom.api.schemas import ErrorCode

# Example bodies for the curl lines, by operation name (the OpenAPI operationId's last part).
EXAMPLE_BODIES = {
    "create_article": {"text": "Headline\n\nFirst paragraph.", "source": "Example Times"},
    "move_article": {"story_id": 2},
}
EXAMPLE_QUERY = {"q": "Microsoft OpenAI", "limit": "5"}


@dataclass
class Parameter:
    name: str
    where: str
    type: str
    required: bool
    description: str


@dataclass
class Operation:
    method: str
    path: str
    name: str
    summary: str
    description: SafeString
    tag: str
    needs_token: bool
    token_optional: bool
    parameters: list[Parameter] = field(default_factory=list)
    body_fields: list[Parameter] = field(default_factory=list)
    responses: list[tuple[str, str]] = field(default_factory=list)
    curl: str = ""

    @property
    def anchor(self) -> str:
        return f"op-{self.name}"


def prose(text: str) -> SafeString:
    """A docstring or description as HTML paragraphs, `code` in backticks as <code>; everything else escaped."""
    paragraphs = [" ".join(part.split()) for part in re.split(r"\n\s*\n", text or "") if part.strip()]
    html = "".join(f"<p>{re.sub(r'`([^`]+)`', r'<code>\1</code>', escape(paragraph))}</p>" for paragraph in paragraphs)
    return mark_safe(html)  # noqa: S308 (built from escaped text only)


def _resolve(schema: dict, document: dict) -> dict:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _type_of(schema: dict, document: dict) -> str:
    if "anyOf" in schema:
        return " or ".join(_type_of(option, document) for option in schema["anyOf"])
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    kind = schema.get("type", "any")
    if kind == "string" and schema.get("format"):
        return f"string ({schema['format']})"
    if kind == "array":
        return f"list of {_type_of(schema.get('items', {}), document)}"
    return kind


def _curl(method: str, path: str, operation: Operation, base: str) -> str:
    url = base.rstrip("/") + path.replace("{", "").replace("}", "")
    for parameter in operation.parameters:
        if parameter.where == "path":
            url = url.replace(parameter.name, "1")
    query = [f"{p.name}={EXAMPLE_QUERY.get(p.name, '')}" for p in operation.parameters if p.where == "query" and p.required]
    if query:
        url += "?" + "&".join(query).replace(" ", "+")
    lines = [f"curl -s '{url}'"]
    if method != "GET":
        lines[0] = f"curl -s -X {method} '{url}'"
    if operation.needs_token:
        lines.append("-H \"Authorization: Bearer $NEWSROOM_TOKEN\"")
    if operation.name in EXAMPLE_BODIES:
        lines.append("-H 'Content-Type: application/json'")
        lines.append(f"-d '{json.dumps(EXAMPLE_BODIES[operation.name], ensure_ascii=False)}'")
    return " \\\n  ".join(lines)


def operations(document: dict, base: str) -> list[Operation]:
    found = []
    for path, methods in document["paths"].items():
        for method, spec in methods.items():
            security = spec.get("security") or []
            found.append(operation := Operation(
                method=method.upper(),
                path=path,
                name=spec["operationId"].rsplit("_api_", 1)[-1],
                summary=spec.get("summary", ""),
                description=prose(spec.get("description", "")),
                tag=(spec.get("tags") or ["other"])[0],
                needs_token=bool(security) and {} not in security,
                token_optional={} in security,
            ))
            for parameter in spec.get("parameters", []):
                schema = parameter.get("schema", {})
                operation.parameters.append(Parameter(
                    parameter["name"], parameter["in"], _type_of(schema, document), parameter.get("required", False),
                    parameter.get("description") or schema.get("description", ""),
                ))
            body = spec.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            if body:
                body = _resolve(body, document)
                required = set(body.get("required", []))
                for name, schema in body.get("properties", {}).items():
                    operation.body_fields.append(Parameter(
                        name, "body", _type_of(schema, document), name in required, schema.get("description", ""),
                    ))
            operation.responses = [(status, response.get("description", "")) for status, response in spec["responses"].items()]
            operation.curl = _curl(operation.method, path, operation, base)
    return found


@require_GET
def api_docs(request):
    document = api.get_openapi_schema()
    base = request.build_absolute_uri("/")
    return render(request, "api/docs.html", {
        "document": document,
        "introduction": prose(document["info"].get("description", "")),
        "operations": operations(document, base),
        "openapi_url": request.build_absolute_uri(reverse("api-v1:openapi-json")),
        "base": base.rstrip("/"),
        "error_codes": ErrorCode.__args__,
    })
