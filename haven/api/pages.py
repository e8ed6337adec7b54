"""My API tokens: a person lists, creates and revokes their own tokens in the browser.

Creating one needs a second factor re-entered in the last five minutes: the POST is
suspended while allauth asks for it, then replayed (haven.accounts.reauthentication).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.access.rules import Capability, has_capability
from haven.accounts.reauthentication import confirmation_redirect, recently_confirmed
from haven.api.forms import TokenForm
from haven.api.models import ApiToken
from haven.api.selectors import token_list
from haven.api.tokens import token_create, token_revoke
from haven.core.errors import HavenError
from haven.core.views import paginate


def _page(request: HttpRequest, form: TokenForm, status: int = 200) -> HttpResponse:
    own = token_list(viewer=request.user, owner=request.user)
    return render(request, "api/my_tokens.html", {"form": form, "api_tokens": own}, status=status)


@require_http_methods(["GET", "POST"])
def my_tokens(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    if not recently_confirmed(request):
        return confirmation_redirect(request)
    try:
        token, raw = token_create(
            actor=request.user, user=request.user, request=request, **form.cleaned_data
        )
    except HavenError as error:
        form.add_haven_error(error)
        return _page(request, form, status=400)
    # Shown once, in this response only (no-store, as every signed-in page); never in a URL.
    return render(request, "api/token_created.html", {"token": token, "raw": raw})


@require_POST
def my_token_revoke(request: HttpRequest, token_id) -> HttpResponse:
    try:
        token = ApiToken.objects.get(public_id=token_id, user=request.user)
    except ApiToken.DoesNotExist:
        raise Http404 from None
    token_revoke(actor=request.user, token=token, request=request)
    messages.success(request, _("Token revoked. Clients using it are refused from now on."))
    return redirect("tokens:mine")


@require_GET
def all_tokens(request: HttpRequest) -> HttpResponse:
    """Every person's tokens, newest first, for the security officer to review and revoke."""
    if not has_capability(request.user, Capability.MANAGE_API_TOKENS):
        raise PermissionDenied
    page, query = paginate(request, token_list(viewer=request.user))
    return render(
        request,
        "api/all_tokens.html",
        {"api_tokens": page.object_list, "page": page, "query": query},
    )
