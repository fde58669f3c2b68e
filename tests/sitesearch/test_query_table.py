"""What residents type finds the business they mean (PostgreSQL, German full text).

Every query of ``town.QUERIES`` (trades, goods, typos, umlaut spellings,
synonyms, several words, a postcode with a trade) is asked through the
directory page of a generated town; the business named in the table must
be among the first five results. The hit rate is printed, and it must
reach 95 %.
"""

from .town import QUERIES, report, run_table

REQUIRED_HIT_RATE = 0.95


def test_at_least_forty_realistic_queries_of_every_kind():
    assert len(QUERIES) >= 40
    kinds = {case.kind for case in QUERIES}
    assert kinds >= {"exact", "prefix", "umlaut", "typo", "synonym", "goods", "multi", "postcode"}


def test_residents_find_the_business_they_mean_in_the_first_five(
    client, directory_index, town, capsys
):
    rows = run_table(client, directory_index)

    text = report(rows, "Directory search, PostgreSQL (german):")
    with capsys.disabled():
        print("\n" + text)
    rate = sum(hit for _case, _found, hit in rows) / len(rows)
    assert rate >= REQUIRED_HIT_RATE, text
