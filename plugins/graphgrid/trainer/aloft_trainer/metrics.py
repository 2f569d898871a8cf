"""Scores: entity-level micro F1 for span taggers, token accuracy, per-label P/R/F1, classifier F1."""


def entities(tags):
    """Spans ``(type, start, end)`` of an IOB sequence (end exclusive).

    Follows conlleval: an I-X that does not continue an X entity starts a new one, and an entity ends at
    O, at B-, or at an I- of another type.
    """
    spans = []
    kind, start = None, None
    for i, tag in enumerate(list(tags) + ["O"]):
        prefix, _, label = tag.partition("-")
        if prefix not in ("B", "I") or not label:
            prefix, label = "O", None
        if kind is not None and (prefix != "I" or label != kind):
            spans.append((kind, start, i))
            kind = None
        if prefix == "B" or (prefix == "I" and kind is None):
            kind, start = label, i
    return spans


def _prf(tp, fp, fn):
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _row(tp, fp, fn):
    precision, recall, f1 = _prf(tp, fp, fn)
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "support": tp + fn}


def _counts(pairs, labels):
    """Per-label (tp, fp, fn) over (gold, predicted) items."""
    counts = {label: [0, 0, 0] for label in labels}
    for gold, predicted in pairs:
        if gold == predicted:
            counts[gold][0] += 1
        else:
            if predicted is not None:
                counts.setdefault(predicted, [0, 0, 0])[1] += 1
            if gold is not None:
                counts.setdefault(gold, [0, 0, 0])[2] += 1
    return counts


def entity_scores(gold_sequences, predicted_sequences):
    """Micro P/R/F1 over entities: one counts only when its type and its span both match."""
    per_type = {}
    tp_all = fp_all = fn_all = 0
    for gold_tags, predicted_tags in zip(gold_sequences, predicted_sequences):
        gold = set(entities(gold_tags))
        predicted = set(entities(predicted_tags))
        for span in gold | predicted:
            row = per_type.setdefault(span[0], [0, 0, 0])
            if span in gold and span in predicted:
                row[0] += 1
            elif span in predicted:
                row[1] += 1
            else:
                row[2] += 1
        tp_all += len(gold & predicted)
        fp_all += len(predicted - gold)
        fn_all += len(gold - predicted)
    precision, recall, f1 = _prf(tp_all, fp_all, fn_all)
    return {
        "f1": round(f1, 4), "precision": round(precision, 4), "recall": round(recall, 4),
        "per_label": {label: _row(*per_type[label]) for label in sorted(per_type)},
        "entities": tp_all + fn_all,
    }


def token_scores(gold_sequences, predicted_sequences):
    """Token accuracy and per-tag P/R/F1; micro F1 over tokens equals accuracy."""
    pairs = [(g, p) for gold, pred in zip(gold_sequences, predicted_sequences) for g, p in zip(gold, pred)]
    correct = sum(g == p for g, p in pairs)
    counts = _counts(pairs, sorted({g for g, _ in pairs}))
    return {
        "token_accuracy": round(correct / len(pairs), 4) if pairs else 0.0,
        "tokens": len(pairs),
        "per_label": {label: _row(*counts[label]) for label in sorted(counts)},
    }


def classification_scores(gold, predicted, positive=None):
    """Accuracy, per-label P/R/F1 and ``f1``: of the positive class when given (binary), else macro."""
    pairs = list(zip(gold, predicted))
    correct = sum(g == p for g, p in pairs)
    counts = _counts(pairs, sorted(set(gold)))
    per_label = {label: _row(*counts[label]) for label in sorted(counts)}
    if positive is not None:
        f1 = per_label.get(positive, {"f1": 0.0})["f1"]
    else:
        present = [per_label[label]["f1"] for label in sorted(set(gold))]
        f1 = round(sum(present) / len(present), 4) if present else 0.0
    return {
        "accuracy": round(correct / len(pairs), 4) if pairs else 0.0,
        "f1": f1,
        "f1_kind": "positive_class" if positive is not None else "macro",
        "per_label": per_label,
        "samples": len(pairs),
    }
