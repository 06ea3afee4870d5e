"""Every import and export of a roster or ledger: the one import pipeline (pipeline.py) and its kinds —
members (花名册), proposals (提案台账), activities (委员之家活动台账), consultations (有事来商量台账),
opinions (社情民意信息台账), platforms (村（社区）及协商议事室名单) — and the ledger exports (export.py,
proposals.py, member_export.py)."""
