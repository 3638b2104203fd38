"""Made-up local news used by several test modules: distinct sentences, since extractors drop repeated paragraphs."""

BRIDGE_PARAGRAPHS = [
    "The city council voted on Tuesday to close the old harbour bridge to cars from next spring.",
    "Engineers had warned for years that the steel supports were corroding faster than expected.",
    "Residents on the north bank said the detour would add twenty minutes to their daily commute.",
    "The mayor promised a ferry service until the new crossing opens, probably in three years.",
    "Local shop owners worry that fewer visitors will come through the old town on weekends.",
    "A cycling group welcomed the decision and asked for the bridge to stay open to bikes.",
]

# Four short stories of one outlet, for learning what an outlet repeats across its articles.
HARBOUR_STORIES = [
    ["The ferry company ordered two new boats for the harbour crossing this winter.",
     "Each boat carries up to two hundred passengers and forty bicycles on the upper deck."],
    ["The fish market moved to the old customs house after a fire damaged its hall.",
     "Traders said the new building was colder but closer to the car park on the quay."],
    ["The lighthouse on the north pier will be repainted in red and white next month.",
     "Volunteers from the sailing club offered to help the council with the scaffolding."],
    ["The harbour master retired after thirty years of guiding ships into the port.",
     "Her successor, a former ferry captain, starts work on the first of March."],
]
