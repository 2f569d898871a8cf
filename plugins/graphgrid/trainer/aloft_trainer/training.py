"""Training and evaluation of one model: labelled data in, artifact and metrics out."""

import json
import math
import os
import time

from . import FORMAT
from .classifier import LogisticRegression
from .data import tokens_of
from .errors import EXIT_ARTIFACT, EXIT_DATA, TrainerError
from .metrics import classification_scores, entity_scores, token_scores
from .tagger import SequenceTagger
from .tasks import TAGGER, task_for

DEFAULT_EPOCHS = {TAGGER: 10, "classifier": 15}


def labelled(task, samples):
    """(tokens, labels) pairs of the samples that carry this task's labels, and how many were skipped."""
    pairs = []
    for sample in samples:
        labels = task.labels(sample)
        if labels is not None:
            pairs.append((tokens_of(sample["sentence"]), labels))
    return pairs, len(samples) - len(pairs)


def train(model, train_samples, say, epochs=None, seed=13):
    """Trains a model; returns the artifact (a JSON-ready dict) and the seconds training took."""
    task = task_for(model)
    data, skipped = labelled(task, train_samples)
    if not data:
        raise TrainerError("no training sample has '%s' labels (of %d samples) for model %s"
                           % (task.field, len(train_samples), model), EXIT_DATA)
    epochs = epochs or DEFAULT_EPOCHS[task.kind]
    say("training %s (%s) on %d samples (%d without '%s' skipped), %d epochs, seed %d"
        % (model, task.kind, len(data), skipped, task.field, epochs, seed))
    started = time.monotonic()
    if task.kind == TAGGER:
        labels = sorted({tag for _, tags in data for tag in tags})
        learner = SequenceTagger(labels)
        learner.train(data, epochs, seed,
                      lambda epoch, rate: say("epoch %d/%d loss=%.4f (token error rate)" % (epoch, epochs, rate)))
        weights = learner.weights()
    else:
        labels = sorted({label for _, label in data})
        learner = LogisticRegression(labels)
        learner.train(data, epochs, seed,
                      lambda epoch, loss: say("epoch %d/%d loss=%.4f (cross-entropy)" % (epoch, epochs, loss)))
        weights = learner.weights
    seconds = time.monotonic() - started
    say("trained in %.2fs: %d labels, %d features" % (seconds, len(labels), len(weights)))
    artifact = {
        "format": FORMAT, "model": model, "kind": task.kind, "labels": labels, "epochs": epochs,
        "seed": seed, "train_samples": len(data), "weights": weights,
    }
    return artifact, seconds


def evaluate(artifact, samples):
    """Metrics of an artifact on samples that carry its labels."""
    task = task_for(artifact["model"])
    data, skipped = labelled(task, samples)
    if not data:
        raise TrainerError("no evaluation sample has '%s' labels (of %d samples)" % (task.field, len(samples)),
                           EXIT_DATA)
    if artifact["kind"] == TAGGER:
        tagger = SequenceTagger(artifact["labels"], artifact["weights"])
        predicted, loss, tokens = [], 0.0, 0
        for words, gold in data:
            tags, sentence_loss = tagger.tag(words, gold)
            predicted.append(tags)
            loss += sentence_loss
            tokens += len(words)
        gold_tags = [tags for _, tags in data]
        metrics = token_scores(gold_tags, predicted)
        if task.entity_f1:
            spans = entity_scores(gold_tags, predicted)
            metrics.update({"f1": spans["f1"], "precision": spans["precision"], "recall": spans["recall"],
                            "entities": spans["entities"], "per_label": spans["per_label"],
                            "per_tag": metrics.pop("per_label"), "f1_kind": "entity_micro"})
        else:
            metrics.update({"f1": metrics["token_accuracy"], "f1_kind": "token_micro"})
        metrics["loss"] = round(loss / max(tokens, 1), 4)
    else:
        classifier = LogisticRegression(artifact["labels"], artifact["weights"])
        predicted, loss = [], 0.0
        for words, gold in data:
            label, probs = classifier.predict(words)
            predicted.append(label)
            loss -= math.log(max(probs[classifier.labels.index(gold)], 1e-12)) if gold in classifier.labels else 0.0
        positive = "1" if artifact["model"] == "sentiment_analysis_binary" else None
        metrics = classification_scores([gold for _, gold in data], predicted, positive)
        metrics["loss"] = round(loss / len(data), 4)
    metrics["eval_samples"] = len(data)
    metrics["eval_skipped"] = skipped
    return metrics


def save(artifact, path):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    temporary = path + ".tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(artifact, handle, sort_keys=True, separators=(",", ":"))
    os.replace(temporary, path)


def load(path):
    try:
        with open(path, encoding="utf-8") as handle:
            artifact = json.load(handle)
    except (OSError, ValueError) as error:
        raise TrainerError("cannot read model artifact %s: %s" % (path, error), EXIT_ARTIFACT)
    if not isinstance(artifact, dict) or artifact.get("format") != FORMAT:
        raise TrainerError("%s is not an %s model artifact" % (path, FORMAT), EXIT_ARTIFACT)
    return artifact
