import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from .support import SAMPLE, TRAINER, run_cli, session_with_sample


class CliTest(unittest.TestCase):

    def test_train_then_eval_on_a_held_out_split(self):
        session = session_with_sample()
        datasets = json.dumps({"sdk": {"train": "sample/sample.jsonl", "eval": None}})
        trained = run_cli("train", "--model", "named_entity_recognition", "--session", session,
                          "--datasets", datasets, "--epochs", "5")
        self.assertEqual(trained.returncode, 0, trained.stderr)
        lines = trained.stdout.strip().splitlines()
        self.assertTrue(any(line.startswith("epoch 5/5 loss=") for line in lines))
        last = json.loads(lines[-1])
        with open(os.path.join(session, "metrics", "train.json")) as handle:
            self.assertEqual(json.load(handle), last)
        self.assertGreater(last["f1"], 0.85)
        self.assertIsNone(last["datasets"]["sdk"]["eval"])
        self.assertTrue(os.path.isfile(os.path.join(session, "model", "named_entity_recognition.json")))

        evaluated = run_cli("eval", "--session", session, "--artifact", "model/named_entity_recognition.json")
        self.assertEqual(evaluated.returncode, 0, evaluated.stderr)
        scored = json.loads(evaluated.stdout.strip().splitlines()[-1])
        self.assertEqual(scored["f1"], last["f1"])
        self.assertEqual(scored["eval_samples"], last["eval_samples"])
        self.assertEqual(scored["phase"], "eval")

    def test_unknown_model_exits_2_and_lists_the_valid_ones(self):
        result = run_cli("train", "--model", "sentiment", "--session", session_with_sample(),
                         "--train", "sample/sample.jsonl")
        self.assertEqual(result.returncode, 2)
        self.assertIn("unknown model 'sentiment'", result.stderr)
        self.assertIn("named_entity_recognition", result.stderr)
        self.assertEqual(result.stdout, "")

    def test_platform_model_without_a_trainer_says_so(self):
        result = run_cli("train", "--model", "translation", "--session", session_with_sample(),
                         "--train", "sample/sample.jsonl")
        self.assertEqual(result.returncode, 2)
        self.assertIn("does not implement", result.stderr)

    def test_missing_dataset_exits_3_and_an_escaping_path_exits_2(self):
        session = session_with_sample()
        missing = run_cli("train", "--model", "part_of_speech_tagging", "--session", session, "--train", "nope.jsonl")
        self.assertEqual(missing.returncode, 3)
        self.assertIn("dataset file not found", missing.stderr)
        escaping = run_cli("train", "--model", "part_of_speech_tagging", "--session", session,
                           "--train", "../../etc/passwd")
        self.assertEqual(escaping.returncode, 2)
        self.assertIn("leaves the session directory", escaping.stderr)

    def test_unreadable_artifact_exits_4(self):
        session = session_with_sample()
        result = run_cli("eval", "--session", session, "--artifact", "sample/sample.jsonl")
        self.assertEqual(result.returncode, 4)


class SampleDatasetTest(unittest.TestCase):

    def test_the_generator_reproduces_the_shipped_files(self):
        output = tempfile.mkdtemp(prefix="aloft-sample-")
        self.addCleanup(shutil.rmtree, output, True)
        script = os.path.join(TRAINER, "tools", "make_sample_dataset.py")
        subprocess.run([sys.executable, script, output], check=True, capture_output=True, timeout=60)
        for name in ("sample.jsonl", "sample-eval.jsonl"):
            self.assertTrue(filecmp.cmp(os.path.join(output, name), os.path.join(SAMPLE, name), shallow=False), name)


if __name__ == "__main__":
    unittest.main()
