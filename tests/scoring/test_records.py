import json

from sourcecheck.features.base import FamilyResult
from sourcecheck.scoring.articles import Article, LoadError
from sourcecheck.scoring.records import article_record, error_record, record_id

# os.walk names a file whose name is not UTF-8 with surrogate escapes.
UNDECODABLE = "caf\udce9.txt"


def test_records_of_an_undecodable_file_name_can_be_written() -> None:
    article = Article(id=UNDECODABLE, text="Said so.", input=UNDECODABLE)
    records = [
        article_record(article, FamilyResult({}, []), evidence=False),
        error_record(LoadError(UNDECODABLE, "empty text"), "empty text"),
    ]
    for record in records:
        assert record["id"] == record["input"] == "caf\ufffd.txt"
        json.dumps(record, ensure_ascii=False).encode("utf-8")
        # the README promises a warning: a user looking for "caf\ufffd.txt" will not find it
        assert record["warnings"][0].startswith("the file name or id is not valid Unicode")
    plain = Article(id="cafe.txt", text="Said so.", input="cafe.txt")
    assert "warnings" not in article_record(plain, FamilyResult({}, []), evidence=False)
    assert record_id(LoadError(UNDECODABLE, "empty text")) == "caf\ufffd.txt"
