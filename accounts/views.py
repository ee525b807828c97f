"""Sign-up, log-in and password reset with limits, and API tokens; the rest is Django's own."""

from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts import login_limits, selectors, services
from accounts.forms import ApiTokenForm, SignupForm, ThrottledAuthenticationForm

TOO_MANY_SIGNUPS = (
    "Too many accounts or password resets were asked for from your address; try again in an hour."
)


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        if login_limits.signup_refused(request=request):
            form.is_valid()  # Shows the other errors too, and keeps what was typed.
            form.add_error(None, TOO_MANY_SIGNUPS)
            return render(request, "registration/signup.html", {"form": form}, status=429)
        if form.is_valid():
            user = form.save()
            login_limits.signup_counted(request=request)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("home")
    status = 400 if form.errors else 200
    return render(request, "registration/signup.html", {"form": form}, status=status)


class LoginView(auth_views.LoginView):
    """Django's log-in page; an account or address locked out for failing too often gets 429."""

    form_class = ThrottledAuthenticationForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if any(error.code == "throttled" for error in form.non_field_errors().as_data()):
            response.status_code = 429
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset request page, limited per address like sign-ups: each sends an email."""

    def form_valid(self, form):
        if login_limits.signup_refused(request=self.request):
            form.add_error(None, TOO_MANY_SIGNUPS)
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        login_limits.signup_counted(request=self.request)
        return super().form_valid(form)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """Lists the user's API tokens; a POST makes one and shows its key, this once only."""
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _, new_key = services.api_token_create(
                user=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            form.add_error("name", error)
        else:
            form = ApiTokenForm()
    context = {
        "form": form,
        "new_key": new_key,
        "tokens": selectors.api_token_list(user=request.user),
    }
    status = 400 if form.errors else 200
    return render(request, "accounts/api_tokens.html", context, status=status)


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    services.api_token_revoke(user=request.user, pk=pk)
    return redirect("api_tokens")
