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
    assert record_id(LoadError(UNDECODABLE, "empty text")) == "caf\ufffd.txt"
