"""The sentences of the 提案工作情况报告 that are drawn from the records (seeds 001 and 003).

Each category's paragraph opens `围绕……等提出提案N件。` and then names real proposals in the seeds'
`关于…、…等提案，……。` form with the outcome their replies record. Every example sentence is built from
its own proposals (titles, units, leaders, the reply's category or its first clause, the proposer's
verdicts), and its fixed words are taken from a rotation checked against the sentences already
written, so no two sentences of a report read the same apart from names and numbers.
Plain strings only: nothing is counted here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from desktop_app.domain.report_wording import join_names, shorten_title
from desktop_app.fileio.proposals_report_dto import CategoryFacts, ExampleProposal

TITLES_PER_SENTENCE = 3
THEMES = 3
UNITS_NAMED = 2
GROUPS_PER_CATEGORY = 3

# Fixed words of an example sentence by outcome; {units} are the handling units.
_OPENINGS = {
    "A": ("{units}认真研究办理，", "经{units}办理，", "{units}积极吸纳提案建议，", "{units}把提案建议融入日常工作，",
          "{units}逐条研究落实，", "{units}主动与提案者沟通协商，", "{units}将其纳入年度重点工作推进，",
          "{units}采纳了提案建议，"),
    "B": ("{units}高度重视，", "{units}结合部门职能研究办理，", "经{units}研究，", "{units}会同有关方面研究，",
          "{units}明确了责任科室和办理时限，", "{units}已制定工作方案，"),
    "text": ("{units}在答复中表示，", "据{units}答复，", "{units}答复称，", "{units}回复提案者，"),
    "open": ("已交由{units}办理", "由{units}负责办理，正在推进落实", "已转{units}研究办理",
             "{units}正在抓紧办理"),
}
_RESULTS = {
    "A": ("所提问题已经解决或基本解决", "推动所提问题得到解决或基本解决", "所提问题已基本解决"),
    "B": ("所提问题正在解决或已列入计划逐步解决", "相关工作正在逐步推进", "正在推动所提问题逐步解决",
          "所提建议已列入计划分步实施"),
    "text": ("",),
    "open": ("",),
}
_KEY_OPENINGS = ("{titles}列为重点提案，", "{titles}作为重点提案，", "{titles}被确定为重点提案，")
_FEEDBACK = {
    "satisfied": ("提案者对办理结果表示满意", "提案者表示满意", "提案者对答复表示满意"),
    "mixed": ("提案者反馈满意或基本满意", "提案者对办理结果总体认可", "提案者反馈基本满意"),
}
_CLAUSE_SPLIT = re.compile(r"[，。；;！？!?\n]")
_CLAUSE_SKIP = ("收悉", "答复如下", "尊敬", "您好", "委员：", "现将", "感谢", "答复")
_CLAUSE_PREFIXES = ("我局", "我委", "我们", "我单位", "我办", "我中心", "我部门", "经研究")
_PLACEHOLDER = re.compile(r"\{[^}]*\}")


def first_clause(text: str) -> str:
    """The reply's first clause that says what was done (`已将该路段纳入提质改造计划`), or "" when none does."""
    for clause in _CLAUSE_SPLIT.split(text or ""):
        clause = clause.strip(" \u3000：:")
        if not clause or any(word in clause for word in _CLAUSE_SKIP):
            continue
        for prefix in _CLAUSE_PREFIXES:
            if clause.startswith(prefix):
                clause = clause[len(prefix):].lstrip("，, ")
        if 8 <= len(clause) <= 40:
            return clause
        return ""
    return ""


def titles_phrase(titles: list[str], proposals: int) -> str:
    """关于甲、乙等提案 / 关于甲的提案 (one proposal) / 关于甲等提案 (one topic, several proposals)."""
    if len(titles) == 1 and proposals == 1:
        return f"关于{titles[0]}的提案"
    return f"关于{'、'.join(titles)}等提案"


def units_phrase(units: list[str]) -> str:
    names = list(dict.fromkeys(u for u in units if u))
    if len(names) > UNITS_NAMED:
        return "、".join(names[:UNITS_NAMED]) + "等单位"
    return "、".join(names) or "承办单位"


_LEADING_VERBS = ("加强", "加快", "推进", "推动", "支持", "完善", "规范", "促进", "提升", "做好", "强化", "深化",
                  "优化", "健全", "发展", "大力发展", "进一步")


def topic_core(short_title: str) -> str:
    """A shortened title without its leading verb: 加快农村养老 and 加强农村养老 are one topic in a list."""
    text = short_title
    for _ in range(2):  # 进一步加强……
        for verb in sorted(_LEADING_VERBS, key=len, reverse=True):
            if text.startswith(verb) and len(text) > len(verb) + 1:
                text = text[len(verb):]
                break
    return text


def leader_order(names: list[str]) -> list[str]:
    """Leaders in protocol order: 县委, 人大, 政府, 政协, then others; the principal before deputies; else as given."""
    def rank(name: str) -> tuple[int, int]:
        body = 0 if "县委" in name or "市委" in name or "区委" in name else \
            1 if "人大" in name else 2 if ("县长" in name or "市长" in name or "区长" in name or "政府" in name) else \
            3 if "政协" in name else 4
        return body, 1 if "副" in name else 0

    return sorted(dict.fromkeys(names), key=rank)


def leaders_phrase(leaders: list[tuple[str, str]], *, proposals: int = 1) -> str:
    """由县委副书记王某领办、县政协副主席李某督办 for one proposal (each role's leaders, first seen first);
    for several, 由甲、乙、丙等领办督办 (each leader once)."""
    if proposals > 1:
        names = leader_order([name for _, name in leaders])
        roles = "".join(role for role in ("领办", "督办") if any(r == role for r, _ in leaders))
        return f"由{join_names(names, limit=3)}{roles}" if names else ""
    parts = []
    for role in ("领办", "督办"):
        names = leader_order([name for r, name in leaders if r == role])
        if names:
            parts.append(f"{join_names(names, limit=2)}{role}")
    return f"由{'、'.join(parts)}" if parts else ""


@dataclass
class SentenceBook:
    """The example sentences of one report, so that no skeleton (fixed words) is used twice."""

    used: set[str] = field(default_factory=set)
    turns: dict[str, int] = field(default_factory=dict)
    endings: int = 0  # the proposer's-verdict phrase turns over the whole report, not per kind of sentence

    def pick(self, kind: str, candidates: list[tuple[str, dict[str, str]]]) -> str:
        """The first candidate (template, values) in this kind's rotation whose skeleton is new."""
        start = self.turns.get(kind, 0)
        for offset in range(len(candidates)):
            template, values = candidates[(start + offset) % len(candidates)]
            skeleton = re.sub(r"\d+", "", _PLACEHOLDER.sub("□", template))
            if skeleton not in self.used:
                self.used.add(skeleton)
                self.turns[kind] = start + offset + 1
                return template.format(**values)
        template, values = candidates[start % len(candidates)]  # every wording used: repeat (never happens in 24)
        self.turns[kind] = start + 1
        return template.format(**values)


def _feedback_kind(proposals: list[ExampleProposal]) -> str | None:
    verdicts = [v for p in proposals for v in p.verdicts]
    if not verdicts or "不满意" in verdicts:
        return None
    return "satisfied" if all(v == "满意" for v in verdicts) else "mixed"


def _outcome_kind(proposals: list[ExampleProposal]) -> str:
    categories = {p.reply_category for p in proposals}
    if "A" in categories:
        return "A"
    if "B" in categories:
        return "B"
    return "open"


def example_sentence(book: SentenceBook, proposals: list[ExampleProposal], titles: list[str]) -> str:
    """One sentence naming `titles` (shortened) of `proposals`, with what their records say was done."""
    outcome = _outcome_kind(proposals)
    with_text = next((p for p in proposals if first_clause(p.reply_text)), None)
    clause = first_clause(with_text.reply_text) if with_text else ""
    units = [with_text.reply_unit] if with_text and with_text.reply_unit else [u for p in proposals for u in p.units]
    values = {"titles": titles_phrase(titles, len(proposals)), "units": units_phrase(units), "clause": clause}
    key = any(p.is_key for p in proposals)
    lead = ""
    if key:
        values["leaders"] = leaders_phrase([pair for p in proposals for pair in p.leaders], proposals=len(proposals))
        lead = "{leaders}，" if values["leaders"] else ""
    kind = "text" if clause else outcome
    feedback = _feedback_kind(proposals)
    candidates: list[tuple[str, dict[str, str]]] = []
    openings, results = _OPENINGS[kind], _RESULTS[kind]
    endings = _FEEDBACK[feedback] if feedback else ("",)
    for turn in range(len(openings) * len(results) * len(endings)):
        opening = openings[turn % len(openings)]
        result = "{clause}" if kind == "text" else results[turn % len(results)]
        ending = endings[(book.endings + turn) % len(endings)]
        body = opening + result + (f"，{ending}" if ending else "")
        if key:
            head = _KEY_OPENINGS[turn % len(_KEY_OPENINGS)]
            template = head + lead + body
        else:
            template = "{titles}，" + body
        candidates.append((template + "。", values))
    sentence = book.pick(("key-" if key else "") + kind, candidates)
    if feedback:
        book.endings += 1
    return sentence


def _groups(facts: CategoryFacts) -> list[tuple[list[ExampleProposal], list[str]]]:
    """Up to three groups of proposals to name: key ones, A-answered, B-answered (or, lacking all, assigned)."""
    chosen: list[tuple[list[ExampleProposal], list[str]]] = []
    named: set[str] = set()

    def take(pool: list[ExampleProposal]) -> None:
        proposals, titles, cores = [], [], []
        for proposal in pool:
            short = shorten_title(proposal.title)
            core = topic_core(short)
            if short in titles:
                proposals.append(proposal)  # the same title again: one more proposal on a topic named
                continue
            if core in named or core in cores or len(titles) == TITLES_PER_SENTENCE:
                continue
            titles.append(short)
            cores.append(core)
            proposals.append(proposal)
        if titles:
            named.update(cores)
            chosen.append((proposals, titles))

    take([p for p in facts.proposals if p.is_key])
    take([p for p in facts.proposals if not p.is_key and p.reply_category == "A"])
    take([p for p in facts.proposals if not p.is_key and p.reply_category == "B"])
    if not chosen:
        take([p for p in facts.proposals if p.reply_category is None and p.units])
    return chosen[:GROUPS_PER_CATEGORY]


def themes_sentence(facts: CategoryFacts, named: set[str]) -> str:
    """围绕甲、乙、丙等提出提案N件。 — the category's most frequent topics; among topics as frequent, those the
    examples do not name come first, so the paragraph names as many different proposals as it can."""
    counts: dict[str, int] = {}
    for title, count in facts.topics:
        core = topic_core(shorten_title(title))
        counts[core] = counts.get(core, 0) + count
    topics, seen = [], set()
    for title, _ in facts.topics:
        short = shorten_title(title)
        if topic_core(short) not in seen:
            seen.add(topic_core(short))
            topics.append(short)
    ranked = sorted(topics, key=lambda t: (-counts[topic_core(t)], topic_core(t) in named))  # stable
    themes = ranked[:THEMES]
    if not themes:
        return f"提出提案{facts.count}件。"
    etc = "等" if facts.count > 1 else ""
    return f"围绕{'、'.join(themes)}{etc}提出提案{facts.count}件。"


def category_paragraph(book: SentenceBook, facts: CategoryFacts) -> tuple[str, str]:
    """(the themes sentence, the example sentences) of one category."""
    groups = _groups(facts)
    named = {topic_core(t) for _, titles in groups for t in titles}
    examples = "".join(example_sentence(book, proposals, titles) for proposals, titles in groups)
    return themes_sentence(facts, named), examples
