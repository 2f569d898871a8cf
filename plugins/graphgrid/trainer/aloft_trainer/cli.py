"""Command line: ``python3 -m aloft_trainer train|eval|models``.

Progress goes to stdout line by line; the metrics JSON is written to a file and printed as the last
line, which is what the Docker operator pushes as XCom. Exit codes: 0 success, 2 usage (unknown model,
bad arguments), 3 data (missing file, no labels), 4 artifact (unreadable model), 5 device (GPU requested
but not reachable).
"""

import argparse
import json
import os
import sys

from . import FORMAT
from .data import load_splits
from .device import CPU, DEVICES, READY_FILE, mark_ready, prepare
from .errors import EXIT_USAGE, TrainerError
from .tasks import NOT_IMPLEMENTED, TASKS, task_for
from .training import evaluate, load, save, train


def _parser():
    parser = argparse.ArgumentParser(prog="aloft_trainer", description="Train and evaluate GraphGrid NLP models.")
    commands = parser.add_subparsers(dest="command", required=True)

    def common(command):
        command.add_argument("--session", default=os.environ.get("ALOFT_SESSION_DIR", "/session"),
                             help="session directory (the run's volume); dataset paths are relative to it")
        command.add_argument("--datasets", help="the request's datasets map as JSON: "
                                                '{"sdk": {"train": "a/a.jsonl", "eval": null}}')
        command.add_argument("--train", help="one training file (instead of --datasets)")
        command.add_argument("--eval", help="its eval file; omitted: a held-out part of --train")
        command.add_argument("--metrics", help="where to write the metrics JSON (default under the session)")

    train_command = commands.add_parser("train", help="train a model and score it on the eval split")
    train_command.add_argument("--model", required=True, help="one of: " + ", ".join(sorted(TASKS)))
    train_command.add_argument("--artifact", help="where to write the model (default model/<model>.json)")
    train_command.add_argument("--epochs", type=int)
    train_command.add_argument("--seed", type=int, default=13)
    train_command.add_argument("--device", choices=DEVICES, default=os.environ.get("ALOFT_TRAINING_DEVICE", CPU),
                               help="cpu; gpu (holds --gpu-memory-mib on GPU 0 through CUDA, fails without it); "
                                    "simulated-gpu")
    train_command.add_argument("--gpu-memory-mib", type=int, default=os.environ.get("ALOFT_GPU_MEMORY_MIB", "0"),
                               help="GPU memory the session declared to the preflight")
    train_command.add_argument("--ready-file", default=READY_FILE,
                               help="written once training runs on its device (the container healthcheck)")
    common(train_command)

    eval_command = commands.add_parser("eval", help="score a trained model on the eval split")
    eval_command.add_argument("--artifact", required=True, help="the model written by train")
    common(eval_command)

    commands.add_parser("models", help="list the models this trainer trains")
    return parser


def _datasets(args, fallback=None):
    if args.datasets:
        try:
            return json.loads(args.datasets)
        except ValueError as error:
            raise TrainerError("--datasets is not JSON: %s" % error, EXIT_USAGE)
    if args.train:
        return {"train": {"train": args.train, "eval": args.eval}}
    return fallback


def _in_session(session, path, default):
    path = path or default
    return path if os.path.isabs(path) else os.path.join(session, path)


def _finish(metrics, path):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(metrics, handle, sort_keys=True, indent=2)
    print("metrics written to %s" % path, flush=True)
    print(json.dumps(metrics, sort_keys=True, separators=(",", ":")), flush=True)


def run(argv):
    args = _parser().parse_args(argv)

    def say(line):
        print(line, flush=True)

    if args.command == "models":
        for name in sorted(TASKS):
            say("%s\t%s" % (name, TASKS[name].kind))
        for name in NOT_IMPLEMENTED:
            say("%s\tnot implemented" % name)
        return 0
    if args.command == "train":
        task_for(args.model)  # an unknown model fails before any data is read
        datasets = _datasets(args)
        train_samples, eval_samples, described = load_splits(args.session, datasets)
        say("loaded %d train and %d eval samples from %s" % (len(train_samples), len(eval_samples),
                                                             ", ".join(sorted(described))))
        hold = prepare(args.device, args.gpu_memory_mib, say)
        mark_ready(args.ready_file)
        artifact, seconds = train(args.model, train_samples, say, args.epochs, args.seed)
        del hold  # the GPU memory is the session's until training is done
        artifact["datasets"] = datasets
        artifact_path = _in_session(args.session, args.artifact, os.path.join("model", args.model + ".json"))
        save(artifact, artifact_path)
        say("model written to %s" % artifact_path)
        metrics = evaluate(artifact, eval_samples) if eval_samples else {"eval_samples": 0}
        metrics.update({"model": args.model, "phase": "train", "training_seconds": round(seconds, 3),
                        "train_samples": artifact["train_samples"], "epochs": artifact["epochs"],
                        "seed": artifact["seed"], "device": args.device, "artifact": artifact_path, "datasets": described,
                        "format": FORMAT})
        _finish(metrics, _in_session(args.session, args.metrics, os.path.join("metrics", "train.json")))
        return 0
    artifact_path = _in_session(args.session, args.artifact, None)
    artifact = load(artifact_path)
    datasets = _datasets(args, artifact.get("datasets"))
    _, eval_samples, described = load_splits(args.session, datasets)
    say("evaluating %s on %d samples" % (artifact["model"], len(eval_samples)))
    metrics = evaluate(artifact, eval_samples)
    metrics.update({"model": artifact["model"], "phase": "eval", "artifact": artifact_path,
                    "datasets": described, "format": FORMAT})
    _finish(metrics, _in_session(args.session, args.metrics, os.path.join("metrics", "eval.json")))
    return 0


def main(argv=None):
    try:
        return run(sys.argv[1:] if argv is None else argv)
    except TrainerError as error:
        print("error: %s" % error, file=sys.stderr, flush=True)
        return error.exit_code
