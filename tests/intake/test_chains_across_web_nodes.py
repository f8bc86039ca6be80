"""A chain renamed through another web process shows in this one's contact form within a
second, through the shared cache (two-node set-up: bench/faults/run.sh two-nodes)."""

from mestergruppen import memo as memo_module


def test_a_chain_renamed_elsewhere_shows_in_this_process_form_within_a_second(
    client, mesterhus, privacy_statement, monkeypatch
):
    from intake import subsidiary_cache
    from intake.models import Subsidiary

    # From now on: the fixtures' saves already told the memo about themselves.
    clock = [memo_module.time.monotonic()]
    monkeypatch.setattr(memo_module.time, "monotonic", lambda: clock[0])
    assert "Mesterhus" in client.get("/bli-medlem/").content.decode()

    # Another process saves the rename: the row changes, and the shared counter moves.
    Subsidiary.objects.filter(pk=mesterhus.pk).update(name="Mesterhus Norge")
    memo_module._advance_shared_generation(subsidiary_cache._offered.name)
    clock[0] += 1.1

    assert "Mesterhus Norge" in client.get("/bli-medlem/").content.decode()
