"""The shape of every table in coalitions_data/: columns, types and references.

The data dictionary (coalitions_data/README.md) describes the same tables for people;
a test keeps the two in step.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

# Column kinds understood by the validator (components/data/load.py).
TEXT = "text"  # free text, may be empty unless required
ID = "id"  # lower-case slug: a-z, 0-9 and hyphens
DATE = "date"  # YYYY, YYYY-MM or YYYY-MM-DD
URL = "url"  # http(s) address
USPS = "usps"  # two-letter USPS code of a state, DC or territory
NUMBER = "number"  # a decimal number
YESNO = "yesno"  # yes / no


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = TEXT
    required: bool = True
    choices: tuple[str, ...] = ()
    help: str = ""
    # A column added after copies of the data were made: a file without it reads as all empty.
    may_be_absent: bool = False


@dataclass(frozen=True)
class Reference:
    """Values of `column` must appear in `table`.`target` (or in one of several tables)."""

    column: str
    targets: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class TableSpec:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    references: tuple[Reference, ...] = ()
    fact_table: bool = True  # fact rows carry source_id and as_of (the fact's own date, may be empty)
    description: str = ""
    optional: bool = False  # a missing optional file is not a problem

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


ENTITY_TYPES = (
    "city",
    "county",
    "community",
    "region",
    "university",
    "company",
    "agency",
    "non-profit",
    "organization",
    "business-association",
    "economic-development",
    "research",
    "utility",
    "transit",
    "airport",
)
LOCATED_BY = ("city", "county", "state", "coalition-hub", "none")
EVIDENCE = ("stated", "programme")
# focus_evidence.wording: whether own_words are the source's words or a description of them.
WORDING_QUOTE = "quote"
WORDING_PARAPHRASE = "paraphrase"
WORDINGS = (WORDING_QUOTE, WORDING_PARAPHRASE)
COALITION_FACTS = (
    "founded",
    "origin",
    "legal_form",
    "leader",
    "co_founder",
    "hq",
    "members_reported",
    "activity",
    "affiliation",
    "membership_cost",
    "coverage",
    "contact",
)
QUALIFIERS = ("exactly", "more than", "nearly", "about")
# Roles that make an entity a *member* of a coalition or network; other roles
# (founder, partner, supporter...) are affiliations, listed but not counted.
MEMBER_ROLES = (
    "founding member",
    "member",
    "member city",
    "launch municipality",
    "community",
    "awarded community",
)
ROLES = MEMBER_ROLES + (
    "participant",
    "founder",
    "founding supporter",
    "industry partner",
    "launch partner",
    "programme partner",
    "project partner",
    "partner",
    "partner organisation",
    "convener",
    "lead organisation",
    "managing agency",
)

SOURCE_REF = Reference("source_id", (("sources", "source_id"),))
GROUP_TARGETS = (("coalitions", "coalition_id"), ("networks", "network_id"))


def _fact_columns() -> tuple[Column, ...]:
    return (
        Column("source_id", ID, help="The source of this row (sources.csv)."),
        Column(
            "as_of",
            DATE,
            required=False,
            help="The fact's own date: when the source says it was stated or happened (shown as 'stated …'). "
            "Empty when the source gives no date; never the date the source was read (that is "
            "sources.accessed, shown as 'source checked …').",
        ),
    )


TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "sources",
        (
            Column("source_id", ID, help="Short slug cited by other tables."),
            Column("title", help="Title of the article, page or document."),
            Column("publisher", help="Who published it."),
            Column("url", URL, help="Public address the fact was read at."),
            Column("published", DATE, required=False, help="Publication date, if the source shows one."),
            Column(
                "accessed",
                DATE,
                help="Date the source was last checked for this dataset (shown as 'source checked …'); "
                "never a fact's date.",
            ),
            Column("read_via", required=False, help="Where in shared/ research the fact was taken from."),
        ),
        key=("source_id",),
        fact_table=False,
        description="Every source cited by the other tables.",
    ),
    TableSpec(
        "coalitions",
        (
            Column("coalition_id", ID, help="Slug used in URLs (e.g. ntxia)."),
            Column("name"),
            Column("short_name"),
            Column("hub_place", help="City used as the coalition's hub on the map."),
            Column("hub_state", USPS),
            Column("hub_basis", help="Why that city: stated HQ, release dateline, office address."),
            Column("roster_note", help="How complete the listed membership is."),
            *_fact_columns(),
        ),
        key=("coalition_id",),
        references=(SOURCE_REF,),
        description="The regional coalitions (the seven NSCP members).",
    ),
    TableSpec(
        "networks",
        (
            Column("network_id", ID),
            Column("name"),
            Column("kind", choices=("partnership of coalitions", "national network", "national programme")),
            Column("description"),
            *_fact_columns(),
        ),
        key=("network_id",),
        references=(SOURCE_REF,),
        description="National networks and partnerships (NSCP, US Ignite, Project OVERCOME...).",
    ),
    TableSpec(
        "network_coalitions",
        (
            Column("network_id", ID),
            Column("coalition_id", ID),
            Column("role"),
            *_fact_columns(),
            Column("note", required=False),
        ),
        references=(
            Reference("network_id", (("networks", "network_id"),)),
            Reference("coalition_id", (("coalitions", "coalition_id"),)),
            SOURCE_REF,
        ),
        description="Which coalitions belong to which partnership (the links between coalitions).",
    ),
    TableSpec(
        "coalition_facts",
        (
            Column("coalition_id", ID),
            Column("fact", choices=COALITION_FACTS),
            Column("value"),
            Column("number", NUMBER, required=False, help="For members_reported: the count."),
            Column("qualifier", required=False, choices=QUALIFIERS, help="For members_reported."),
            Column(
                "counts",
                required=False,
                choices=("members", "municipalities"),
                help="For members_reported: whether the figure counts all members or municipalities only.",
            ),
            *_fact_columns(),
            Column("note", required=False),
        ),
        references=(Reference("coalition_id", (("coalitions", "coalition_id"),)), SOURCE_REF),
        description="Founding dates, legal form, leaders, HQ and reported member counts; "
        "one row per source, so disagreements show as several rows.",
    ),
    TableSpec(
        "entities",
        (
            Column("entity_id", ID),
            Column("name", help="Name as the sources give it."),
            Column("entity_type", choices=ENTITY_TYPES),
            Column("place", required=False, help="City, county or state name used to place it."),
            Column("state", USPS, required=False),
            Column(
                "country",
                required=False,
                help="ISO country code (US for the states, DC and Puerto Rico); empty when not stated.",
            ),
            Column("located_by", choices=LOCATED_BY),
            Column("note", required=False),
        ),
        key=("entity_id",),
        fact_table=False,
        description="Every city, county, organisation or community named as a member or partner.",
    ),
    TableSpec(
        "memberships",
        (
            Column("entity_id", ID),
            Column("group_id", ID, help="A coalition_id or a network_id."),
            Column("role", choices=ROLES),
            Column("cohort", required=False),
            Column("joined", DATE, required=False),
            *_fact_columns(),
            Column("note", required=False),
        ),
        references=(
            Reference("entity_id", (("entities", "entity_id"),)),
            Reference("group_id", GROUP_TARGETS),
            SOURCE_REF,
        ),
        description="Who belongs to which coalition or network, one row per source.",
    ),
    TableSpec(
        "focus_areas",
        (
            Column("focus_id", ID),
            Column("label"),
            Column("description"),
            Column("nscp_shared", YESNO, help="One of the NSCP's five shared focus areas."),
        ),
        key=("focus_id",),
        fact_table=False,
        description="The shared focus-area taxonomy.",
    ),
    TableSpec(
        "focus_evidence",
        (
            Column("group_id", ID),
            Column("focus_id", ID),
            Column("evidence", choices=EVIDENCE),
            Column("own_words", help="The coalition's wording, or a description of it (see wording)."),
            Column(
                "wording",
                required=False,
                choices=WORDINGS,
                may_be_absent=True,
                help="quote: own_words are the source's words (shown in quotation marks); paraphrase: a "
                "description written for this data (shown without them, marked '(paraphrase)'); "
                "empty: not yet checked against the source (shown without them, marked '(wording not checked)').",
            ),
            *_fact_columns(),
            Column("note", required=False),
        ),
        references=(
            Reference("group_id", GROUP_TARGETS),
            Reference("focus_id", (("focus_areas", "focus_id"),)),
            SOURCE_REF,
        ),
        description="Each coalition's or network's focus areas in its own words, mapped to the taxonomy.",
    ),
    TableSpec(
        "survey_facts",
        (
            Column(
                "fact_id",
                ID,
                help="Which design fact (surveyed, responses, response-rate...); one row per source, "
                "so rows sharing a fact_id are the versions the sources give, the first one headlined.",
            ),
            Column("label", help="Plain-language name of the fact, shown as the topic."),
            Column("value", help="What the source says, in words."),
            Column("number", NUMBER, required=False, help="The figure as a number, when there is one."),
            *_fact_columns(),
            Column("note", required=False, help="Context or caveat shown with the fact."),
        ),
        references=(SOURCE_REF,),
        optional=True,
        description="Design facts of the 2016 ICMA / Smart Cities Council survey.",
    ),
    TableSpec(
        "survey_results",
        (
            Column("question_id", ID, help="Question slug; a respondent-level upload uses the same ids."),
            Column("question", help="The question in words (the chart title)."),
            Column("answer", help="One answer option as the source words it."),
            Column("percent", NUMBER, help="Percent of the base choosing the answer (0 to 100)."),
            Column("base", help="Who the percentage is of."),
            Column("list_complete", YESNO, help="no = the sources give only part of the list."),
            *_fact_columns(),
            Column("note", required=False, help="Caveat shown under the chart."),
        ),
        references=(SOURCE_REF,),
        optional=True,
        description="Published aggregate results of the 2016 survey.",
    ),
)

TABLES_BY_NAME: dict[str, TableSpec] = {t.name: t for t in TABLES}


@dataclass
class Problem:
    """One thing wrong with the data, located as a spreadsheet shows it."""

    file: str
    message: str
    row: int | None = None  # spreadsheet row: the header is row 1
    column: str | None = None
    fix: str = field(default="")

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        text = f"{where}: {self.message}"
        return f"{text} {self.fix}".strip() if self.fix else text


PROBLEM_COLUMNS = ["file", "row", "column", "problem", "how to fix"]


def problems_table(problems: Iterable[Problem]) -> pd.DataFrame:
    """Problems as a table, one row each: file, row, column, problem, how to fix."""
    return pd.DataFrame(
        [
            {
                "file": p.file,
                "row": p.row,
                "column": p.column or "",
                "problem": p.message,
                "how to fix": p.fix,
            }
            for p in problems
        ],
        columns=PROBLEM_COLUMNS,
    )


# --- Duplicate rows (checked by components/data/load.py) -------------------------------------
#
# Each table's *logical key*: the columns that identify one fact. Two rows with the same logical
# key are duplicates (an exact copy, or the same fact stated twice with different details); the
# validator reports the pair with both spreadsheet rows and leaves the later row out.
#
# Tables with an id (`TableSpec.key`) use it. Fact tables keep "one row per source" (README:
# "Disagreements are kept ... each version is its own row with its own source"), so their key
# includes `source_id`: two rows that differ only in their source are two sources agreeing or
# disagreeing, never a duplicate. A table added without an entry here is checked for exact copies
# (every column is its key), so no table goes unchecked.
DUPLICATE_KEYS: dict[str, tuple[str, ...]] = {
    # Who belongs to which group: the same entity, group and role, from the same source.
    "memberships": ("entity_id", "group_id", "role", "source_id"),
    # The same coalition in the same partnership with the same role, from the same source.
    "network_coalitions": ("network_id", "coalition_id", "role", "source_id"),
    # Several leaders or co-founders per source are normal, so the value is part of the key.
    "coalition_facts": ("coalition_id", "fact", "value", "source_id"),
    # One source may name a focus area in several wordings (e.g. two speakers in one article).
    "focus_evidence": ("group_id", "focus_id", "own_words", "source_id"),
    # README: "One row per fact **and source**".
    "survey_facts": ("fact_id", "source_id"),
    # README: "One row per question, answer **and source**".
    "survey_results": ("question_id", "answer", "source_id"),
}


def duplicate_key(spec: TableSpec) -> tuple[str, ...]:
    """The columns whose values may not repeat in `spec`'s table (see DUPLICATE_KEYS)."""
    return spec.key or DUPLICATE_KEYS.get(spec.name) or tuple(c.name for c in spec.columns)


@dataclass
class DuplicateProblem(Problem):
    """Two rows with the same logical key: `row` is the later one (left out), `first_row` the kept one."""

    first_row: int | None = None
    key: tuple[str, ...] = ()

    @property
    def rows(self) -> tuple[int | None, int | None]:
        return (self.first_row, self.row)
