"""The privacy officer sees each retention run and what it did; other staff do not."""

import pytest
from django.urls import reverse

from privacy.models import RetentionRun
from privacy.retention import retention_enforce

pytestmark = pytest.mark.django_db


def test_the_privacy_officer_reads_each_run_with_its_counts_per_kind_of_record(
    client, privacy_officer, lead_with_history
):
    from datetime import timedelta

    from intake.models import Lead

    Lead.objects.update(received_at=lead_with_history.received_at - timedelta(days=400))
    run = retention_enforce()
    client.force_login(privacy_officer)

    listing = client.get(reverse("admin:privacy_retentionrun_changelist"))
    detail = client.get(reverse("admin:privacy_retentionrun_change", args=[run.pk]))

    assert listing.status_code == 200
    assert "Fullført" in listing.content.decode()
    html = detail.content.decode()
    assert detail.status_code == 200
    assert "<th scope='row'>henvendelser</th><td>0</td><td>1</td>" in html
    assert "<th scope='row'>notater</th><td>2</td>" in html
    assert "Åse" not in html and "Bølgen" not in html


def test_a_run_cannot_be_changed_or_deleted_in_the_admin(client, privacy_officer):
    run = RetentionRun.objects.create()
    client.force_login(privacy_officer)

    response = client.post(
        reverse("admin:privacy_retentionrun_delete", args=[run.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert RetentionRun.objects.filter(pk=run.pk).exists()


@pytest.mark.parametrize("persona", ["central_staff", "subsidiary_user"])
def test_other_staff_cannot_see_the_runs(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse("admin:privacy_retentionrun_changelist"))

    assert response.status_code == 403
