from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from sanad.access.decorators import capability_required
from sanad.justice import services
from sanad.justice.forms import OffenceArticleForm
from sanad.justice.models import OffenceArticle
from sanad.web.form_errors import show_on_form
from sanad.web.form_page import render_form_page


@capability_required("admin.catalogues")
def article_list(request: HttpRequest) -> HttpResponse:
    return render(request, "justice/article_list.html", {"articles": OffenceArticle.objects.all()})


def _save(request: HttpRequest, article: OffenceArticle, *, title: str) -> HttpResponse:
    creating = article.pk is None
    form = OffenceArticleForm(request.POST or None, instance=None if creating else article)
    if not creating:
        form.fields["code"].disabled = True  # charges point at the code
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.ARTICLE_FIELDS}
        if creating:
            article = OffenceArticle(code=form.cleaned_data["code"])
        try:
            services.save_offence_article(actor=request.user, offence=article, **fields)
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Article %(code)s saved.") % {"code": article.code})
            return redirect("offences:list")
    return render_form_page(request, form, title=title, submit=_("Save"))


@capability_required("admin.catalogues")
def article_new(request: HttpRequest) -> HttpResponse:
    return _save(request, OffenceArticle(), title=_("New offence article"))


@capability_required("admin.catalogues")
def article_edit(request: HttpRequest, code: str) -> HttpResponse:
    article = get_object_or_404(OffenceArticle, code=code)
    return _save(request, article, title=_("Offence article %(code)s") % {"code": article.code})
