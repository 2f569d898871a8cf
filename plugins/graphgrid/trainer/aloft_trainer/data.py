"""Reading GraphGrid SDK jsonl datasets and splitting them.

One sample per line: ``sentence`` (whitespace-tokenized string, or a token list) and any of
``named_entity`` (one IOB tag per token), ``pos`` (one Penn tag per token),
``sentiment`` (``{"binary": 0|1, "categorical": n}``) and ``keyphrases`` (list of phrases).
"""

import json
import os
import zlib

from .errors import EXIT_DATA, EXIT_USAGE, TrainerError

HOLDOUT_FRACTION = 0.2


def tokens_of(value):
    """A sentence or tag sequence as a token list: strings are split on whitespace."""
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list):
        return [str(v) for v in value]
    return None


def read_jsonl(path):
    """Every sample of one jsonl file; blank lines are ignored, a malformed line is an error naming it."""
    if not os.path.isfile(path):
        raise TrainerError("dataset file not found: %s" % path, EXIT_DATA)
    samples = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            line = line.strip()
            if not line:
                continue
            try:
                sample = json.loads(line)
            except ValueError as error:
                raise TrainerError("%s:%d is not JSON: %s" % (path, number, error), EXIT_DATA)
            if not isinstance(sample, dict) or tokens_of(sample.get("sentence")) is None:
                raise TrainerError("%s:%d has no 'sentence'" % (path, number), EXIT_DATA)
            samples.append(sample)
    return samples


def is_held_out(sample, fraction=HOLDOUT_FRACTION):
    """Whether a training sample belongs to the held-out part used when a dataset has no eval file.

    Decided by a hash of the sentence, so train and eval runs (and reruns) agree on the split without
    sharing state, and duplicate sentences never land on both sides.
    """
    key = " ".join(tokens_of(sample["sentence"])).encode("utf-8")
    return zlib.crc32(key) % 1000 < int(fraction * 1000)


def resolve(session, relative):
    """A dataset path inside the session directory; paths that leave it are refused."""
    root = os.path.realpath(session)
    path = os.path.realpath(os.path.join(root, relative))
    if path != root and not path.startswith(root + os.sep):
        raise TrainerError("dataset path leaves the session directory: %s" % relative, EXIT_USAGE)
    return path


def load_splits(session, datasets):
    """Train and eval samples of a request's ``datasets`` map: ``{name: {"train": path, "eval": path|None}}``.

    A dataset whose eval is null contributes its hash-selected held-out part of train to eval instead.
    Returns ``(train, eval, description)``.
    """
    if not isinstance(datasets, dict) or not datasets:
        raise TrainerError("no datasets given: pass --datasets '{\"sdk\": {\"train\": \"a/a.jsonl\", \"eval\": null}}'"
                           " or --train FILE", EXIT_USAGE)
    train, evaluation, described = [], [], {}
    for name in sorted(datasets):
        spec = datasets[name]
        if not isinstance(spec, dict) or not spec.get("train"):
            raise TrainerError("dataset '%s' has no 'train' path" % name, EXIT_USAGE)
        samples = read_jsonl(resolve(session, spec["train"]))
        if spec.get("eval"):
            train.extend(samples)
            evaluation.extend(read_jsonl(resolve(session, spec["eval"])))
            described[name] = {"train": spec["train"], "eval": spec["eval"]}
        else:
            train.extend(s for s in samples if not is_held_out(s))
            evaluation.extend(s for s in samples if is_held_out(s))
            described[name] = {"train": spec["train"], "eval": None,
                               "held_out_fraction": HOLDOUT_FRACTION}
    return train, evaluation, described
