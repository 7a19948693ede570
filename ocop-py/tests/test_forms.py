"""ocop.write_form and ocop.read_forms: the office crate through Python, the same code as the
CLI's ``ocop form`` and ``ocop import``."""

import random

import pytest

import ocop


def _answers(edition, number, seed):
    rng = random.Random(seed)
    out = {}
    for c in ocop.sheet(edition, number)["criteria"]:
        n = len(c["options"])
        if c["mode"] == "additive":
            out[c["code"]] = [k for k in range(1, n + 1) if rng.random() < 0.5]
        else:
            out[c["code"]] = rng.randint(1, n)
    return out


def test_one_member_round_trip(tmp_path):
    answers = _answers("26/2026", 5, 1)
    path = tmp_path / "an.xlsx"
    data = ocop.write_form(path, "26/2026", 5, members=["Nguyễn Văn An"], answers=answers)
    assert path.read_bytes() == data and data[:2] == b"PK"
    request = ocop.read_forms(path)
    assert request == {"edition": "26/2026", "product_set": "5", "answers": answers}
    assert ocop.score(request).total == ocop.score(
        {"edition": "26/2026", "product_set": "5", "answers": answers}
    ).total


def test_council_and_frame(tmp_path):
    members = [{"member": f"Thành viên {i}", "answers": _answers("1048/2019", 26, i)} for i in range(4)]
    path = tmp_path / "hd.xlsx"
    ocop.write_form(path, "1048/2019", "26", members=members, level="province")
    request = ocop.read_forms([path])
    assert request["level"] == "province"
    assert [m["member"] for m in request["members"]] == [m["member"] for m in members]
    want = ocop.score_council(
        {"edition": "1048/2019", "product_set": "26", "level": "province", "members": members}
    )
    assert ocop.score_council(request).to_dict() == want.to_dict()
    pytest.importorskip("pandas")
    df = ocop.read_forms(path, frame=True)
    assert list(df.index) == [m["member"] for m in members]
    scored = ocop.score_frame(df)
    for (name, row), m in zip(scored.iterrows(), members):
        single = ocop.score({"edition": "1048/2019", "product_set": "26", "answers": m["answers"]})
        assert row["total"] == single.total, name


def test_errors_have_a_source(tmp_path):
    bad = tmp_path / "hd.csv"
    bad.write_text("member,edition,product_set,1.1\nAn,26/2026,1,hai\n", encoding="utf-8")
    with pytest.raises(ocop.FormError) as ei:
        ocop.read_forms(bad)
    e = ei.value
    assert e.code == "unreadable_cell" and e.path == "/answers/1.1"
    assert e.source == {"file": str(bad), "sheet": None, "cell": "D2"}
    assert e.to_dict()["errors"][0]["source"] == e.source
    # English messages on request; the code stays.
    with pytest.raises(ocop.FormError) as en:
        ocop.read_forms(bad, lang="en")
    assert en.value.code == e.code and "option number" in en.value.message
    not_a_form = tmp_path / "x.xlsx"
    not_a_form.write_bytes(b"not a zip")
    with pytest.raises(ocop.FormError) as ei:
        ocop.read_forms(not_a_form)
    assert ei.value.code == "invalid_file" and ei.value.source["file"] == str(not_a_form)
    # Errors of a request have no source, and their dict has none.
    with pytest.raises(ocop.OcopError) as ei:
        ocop.write_form(None, "26/2026", 99)
    assert ei.value.code == "unknown_product_set" and ei.value.source is None
    assert "source" not in ei.value.to_dict()["errors"][0]
    import pickle

    again = pickle.loads(pickle.dumps(e))
    assert again.source == e.source and type(again) is ocop.FormError
