"""Record linkage runs, the pairs waiting for a human, and the humans' decisions.

A run never merges records: it sets ``Person.linked_to`` (through ``people.services.link_same_person``) for
the pairs it is sure of and leaves the others here for review. Decisions are kept per pair of records and
every later run respects them; unlinking a record is itself a decision ("different people").
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sanad.crypto.fields import EncryptedTextField


class RunState(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("linkage run", "Queued")
    RUNNING = "running", pgettext_lazy("linkage run", "Running")
    DONE = "done", pgettext_lazy("linkage run", "Done")
    FAILED = "failed", pgettext_lazy("linkage run", "Failed")


class RunStep(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    EXTRACT = "extract", _("Reading the persons")
    SCORE = "score", _("Comparing the records")
    LINK = "link", _("Linking and filling the review queue")
    DONE = "done", pgettext_lazy("linkage run", "Done")
    FAILED = "failed", pgettext_lazy("linkage run", "Failed")


class LinkageRun(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), db_index=True)
    state = models.CharField(_("state"), max_length=8, choices=RunState.choices, default=RunState.QUEUED)
    step = models.CharField(_("step"), max_length=8, choices=RunStep.choices, default=RunStep.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    # What went wrong, in words fit for the page: never an exception's text, which may quote a name.
    error = models.CharField(_("error"), max_length=200, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    auto_link_threshold = models.FloatField(_("automatic link threshold"))
    review_threshold = models.FloatField(_("review threshold"))
    records = models.PositiveIntegerField(_("records"), null=True, blank=True)
    persons = models.PositiveIntegerField(_("persons"), null=True, blank=True)
    records_linked = models.PositiveIntegerField(_("records linked by this run"), null=True, blank=True)
    pairs_for_review = models.PositiveIntegerField(_("pairs left for review"), null=True, blank=True)
    # The sum of the match probabilities of the pairs left for review: how many of them are, on the
    # model's own estimate, one person registered twice and still counted twice.
    expected_duplicates = models.FloatField(_("expected duplicates left"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("linkage run")
        verbose_name_plural = _("linkage runs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="linkage_progress_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return f"linkage run {str(self.id)[:8]}"

    @property
    def is_finished(self) -> bool:
        return self.state in (RunState.DONE, RunState.FAILED)


class CandidatePair(models.Model):
    """Two records the last run found probably, not surely, the same person. ``first`` is the record with
    the smaller id, so a pair is stored once whichever way it was scored."""

    first = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField(_("match probability"))
    run = models.ForeignKey(LinkageRun, on_delete=models.CASCADE, related_name="candidate_pairs")

    class Meta:
        ordering = ["-probability", "pk"]
        verbose_name = _("pair for review")
        verbose_name_plural = _("pairs for review")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="linkage_candidate_pair_once"),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="linkage_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"pair {self.pk}"


class Verdict(models.TextChoices):
    SAME = "same", _("Same person")
    DIFFERENT = "different", _("Different people")


class LinkDecision(models.Model):
    """A human's word on two records; later runs never contradict it. A new decision on the same pair
    replaces the old one (the audit trail keeps both)."""

    first = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    verdict = models.CharField(_("decision"), max_length=10, choices=Verdict.choices)
    # The note may quote names or facts of the case: identity tier, encrypted.
    note = EncryptedTextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        ordering = ["-decided_at"]
        verbose_name = _("linkage decision")
        verbose_name_plural = _("linkage decisions")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="linkage_decision_once"),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="linkage_decision_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"decision {self.pk}"


class LinkageLock(models.Model):
    """One row, locked (SELECT … FOR UPDATE) by every change to links, decisions and runs, so that a run
    writing its results, a reviewer's decision and an unlink never interleave."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)

    def __str__(self) -> str:
        return "linkage lock"
