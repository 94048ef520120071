"""Access-matrix rows of the prevention module's URLs.

Every holder of ``prevention.view`` reads (the commission's coordinator and analyst, the focal points);
recording needs ``prevention.record``, and editing a record also needs to record for its organiser: the
cast's campaign and training are the ministry's, so the police focal point may not edit them.
"""

from __future__ import annotations

from tests.matrix_rows import Row, only

READERS = {"coordinator": 200, "analyst": 200, "focal": 200, "other_focal": 200}
RECORDERS = {"coordinator": 200, "focal": 200, "other_focal": 200}
# The analyst reads only; the police focal point records for the police, not for the ministry.
MINISTRY_EDITORS = {"coordinator": 200, "focal": 200}
CAMPAIGN = lambda cast: {"campaign_id": cast.campaign.pk}  # noqa: E731
TRAINING = lambda cast: {"training_id": cast.training.pk}  # noqa: E731

PREVENTION_ROWS: dict[str, Row] = {
    "prevention:dashboard": Row(expected=only(READERS)),
    "prevention:campaigns": Row(expected=only(READERS)),
    "prevention:campaign_new": Row(expected=only(RECORDERS)),
    "prevention:campaign_detail": Row(kwargs=CAMPAIGN, expected=only(READERS)),
    "prevention:campaign_edit": Row(kwargs=CAMPAIGN, expected=only(MINISTRY_EDITORS)),
    "prevention:trainings": Row(expected=only(READERS)),
    "prevention:training_new": Row(expected=only(RECORDERS)),
    "prevention:training_detail": Row(kwargs=TRAINING, expected=only(READERS)),
    "prevention:training_edit": Row(kwargs=TRAINING, expected=only(MINISTRY_EDITORS)),
}
