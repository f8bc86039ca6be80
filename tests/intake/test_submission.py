import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from intake.models import Delivery, DeliveryKind, Lead, Subsidiary
from intake.thank_you import thank_you_path
from privacy.consents import news_consent_in_force
from privacy.models import ConsentRecord


def test_valid_submission_stores_one_lead_with_deliveries_and_tasks_and_redirects(
    client, contact_form, mesterhus
):
    response = client.post("/bli-medlem/", contact_form())

    lead = Lead.objects.get()
    assert response.status_code == 302
    assert response["Location"] == thank_you_path(lead)
    assert lead.contact_name == "Åse Ødegård"
    assert lead.phone == "+4791234567"
    assert lead.email == "ase@byggmester-odegard.example"
    assert lead.org_number == "928050475"
    assert lead.subsidiary == mesterhus
    assert lead.message == "Vi er seks tømrere i Groruddalen.\nVi vil gjerne høre mer."
    assert lead.language == "nb"
    assert lead.wants_news is False
    assert lead.is_suspected_spam is False
    routing = lead.deliveries.filter(kind=DeliveryKind.ROUTING)
    routed = set(routing.values_list("recipient", flat=True))
    assert routed == {"oslo@mesterhus.example", "salg@mesterhus.example"}
    receipt = lead.deliveries.get(kind=DeliveryKind.RECEIPT)
    assert receipt.recipient == "ase@byggmester-odegard.example"
    tasks = DBTaskResult.objects.filter(task_path="intake.outbox.send_delivery")
    assert sorted(task.args_kwargs["args"][0] for task in tasks) == sorted(
        Delivery.objects.values_list("pk", flat=True)
    )


def test_thank_you_page_shows_the_reference_and_chain_but_nothing_personal(client, contact_form):
    response = client.post("/bli-medlem/", contact_form(), follow=True)

    lead = Lead.objects.get()
    html = response.content.decode()
    assert response.status_code == 200
    assert lead.reference in html
    assert "Henvendelsen er sendt til Mesterhus" in html
    assert "Ødegård" not in html
    assert "91234567" not in html
    assert "no-store" in response["Cache-Control"]


def test_news_consent_is_recorded_only_when_ticked(client, contact_form):
    client.post("/bli-medlem/", contact_form(wants_news="on"))

    assert Lead.objects.get().wants_news is True


def test_a_ticked_news_consent_is_in_the_consent_register_with_the_statement_shown(
    client, contact_form
):
    client.post("/bli-medlem/", contact_form(wants_news="on"))

    lead = Lead.objects.get()
    row = ConsentRecord.objects.news().get()
    assert (row.email, row.given, row.source) == (lead.email, True, "contact_form")
    assert row.statement == lead.privacy_statement is not None
    assert news_consent_in_force("ASE@byggmester-odegard.example")


def test_no_consent_is_recorded_when_the_news_box_is_left_empty(client, contact_form):
    client.post("/bli-medlem/", contact_form())

    assert Lead.objects.get().wants_news is False
    assert not ConsentRecord.objects.exists()


def test_news_consent_is_not_ticked_when_the_form_opens(client, mesterhus):
    html = client.get("/bli-medlem/").content.decode()

    checkbox = html[html.index('id="id_wants_news"') - 60 : html.index('id="id_wants_news"') + 60]
    assert "checked" not in checkbox


def test_resubmitted_post_creates_nothing_new_and_shows_the_same_thank_you_page(
    client, contact_form
):
    data = contact_form()
    first = client.post("/bli-medlem/", data)
    second = client.post("/bli-medlem/", data)

    assert Lead.objects.count() == 1
    assert Delivery.objects.count() == 3
    assert DBTaskResult.objects.count() == 3
    assert second.status_code == 302
    assert second["Location"] == first["Location"]


def test_two_renderings_of_the_form_make_two_leads(client, contact_form):
    client.post("/bli-medlem/", contact_form())
    client.post("/bli-medlem/", contact_form())

    assert Lead.objects.count() == 2
    assert len(set(Lead.objects.values_list("reference", flat=True))) == 2


def test_a_thank_you_address_not_made_by_the_site_answers_404(client, contact_form, mesterhus):
    client.post("/bli-medlem/", contact_form())
    lead = Lead.objects.get()
    real = thank_you_path(lead)
    reference, sent_to, proof = real.strip("/").split("/")[-3:]

    made_up = real.replace(reference, "MG-00000000")
    other_chain = real.replace(f"/{sent_to}/", "/sentralt/")
    altered_proof = real.replace(proof, proof[::-1])

    assert client.get(real).status_code == 200
    for address in (made_up, other_chain, altered_proof, f"/bli-medlem/takk/{reference}/"):
        response = client.get(address)
        assert response.status_code == 404, address
        assert "Takk for henvendelsen" not in response.content.decode()


def test_thank_you_page_keeps_the_chain_name_after_the_chain_leaves_the_form(
    client, contact_form, mesterhus
):
    client.post("/bli-medlem/", contact_form())
    mesterhus.offered_in_form = False
    mesterhus.save()

    html = client.get(thank_you_path(Lead.objects.get())).content.decode()

    assert "Henvendelsen er sendt til Mesterhus" in html


def test_english_form_stores_the_language_and_shows_english_labels(client, contact_form):
    html = client.get("/en/bli-medlem/").content.decode()
    response = client.post("/en/bli-medlem/", contact_form())

    assert '<html lang="en">' in html
    assert response.status_code == 302
    assert response["Location"].startswith("/en/bli-medlem/takk/")
    assert Lead.objects.get().language == "en"


def test_blank_form_shows_a_subsidiary_edit_at_once(client, mesterhus):
    client.get("/bli-medlem/")
    mesterhus.description = "Nå også fritidsboliger."
    mesterhus.save()

    html = client.get("/bli-medlem/").content.decode()

    assert "Nå også fritidsboliger." in html
    assert "Boligbyggere over hele landet." not in html


def test_each_blank_form_carries_its_own_token(client, mesterhus):
    first = client.get("/bli-medlem/").content.decode()
    second = client.get("/bli-medlem/").content.decode()

    def token(html: str) -> str:
        return html.split('name="form_token" value="')[1].split('"')[0]

    assert token(first) != token(second)


def test_english_form_shows_english_labels_and_errors(client, contact_form):
    form_html = client.get("/en/bli-medlem/").content.decode()
    response = client.post("/en/bli-medlem/", contact_form(phone="12345"))

    html = response.content.decode()
    assert "Become a member of one of our chains" in form_html
    assert "Not sure / other" in form_html
    assert "The form has errors" in html
    assert "Enter a valid phone number, for example 912 34 567 or +47 912 34 567." in html


def test_two_posts_of_one_form_at_the_same_moment_make_one_lead(client, contact_form, monkeypatch):
    """The other POST commits between this one's token check and its insert: the unique
    submission token stops the second lead, and this POST lands on the same thank-you page."""
    from intake import services, views

    data = contact_form()
    real_submit = services.lead_submit

    def other_request_commits_first(*, form, request_meta):
        monkeypatch.setattr(views, "lead_submit", real_submit)
        real_submit(form=form, request_meta=request_meta)
        return real_submit(form=form, request_meta=request_meta)

    monkeypatch.setattr(views, "lead_submit", other_request_commits_first)

    response = client.post("/bli-medlem/", data)

    lead = Lead.objects.get()
    assert response.status_code == 302
    assert response["Location"] == thank_you_path(lead)
    assert Delivery.objects.count() == 3
    assert DBTaskResult.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_chain_deleted_while_the_form_was_open_gets_the_form_back_with_what_was_typed(
    client, contact_form
):
    doomed = Subsidiary.objects.create(name="Nedlagt kjede", slug="nedlagt", default_email="a@b.no")
    data = contact_form(subsidiary=str(doomed.pk))
    # Deleted by another web process: no signal reaches this one, whose list still has it.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM intake_subsidiary WHERE id = %s", [doomed.pk])

    response = client.post("/bli-medlem/", data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Velg en kjede fra listen, eller «Usikker / annet»." in html
    assert 'value="Ødegård Bygg AS"' in html
    assert "Nedlagt kjede" not in html
    assert not Lead.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_thank_you_addresses_survive_a_secret_key_rotation(client, contact_form, settings):
    client.post("/bli-medlem/", contact_form())
    address = thank_you_path(Lead.objects.get())

    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-key-" + "x" * 50

    assert client.get(address).status_code == 200
    settings.SECRET_KEY_FALLBACKS = []
    assert client.get(address).status_code == 404


def test_suspected_spam_gets_no_news_consent_even_with_the_box_ticked(client, contact_form):
    client.post(
        "/bli-medlem/", contact_form(wants_news="on", website="https://cheap-pills.example")
    )

    assert Lead.objects.get().is_suspected_spam is True
    assert not ConsentRecord.objects.exists()
