import ctypes.util
import json
import os
import unittest

from .support import run_cli, session_with_sample


class DeviceTest(unittest.TestCase):

    def train(self, *extra):
        session = session_with_sample()
        ready = os.path.join(session, "ready")
        result = run_cli("train", "--model", "sentiment_analysis_binary", "--session", session,
                         "--train", "sample/sample.jsonl", "--ready-file", ready, *extra)
        return result, ready

    def test_cpu_is_the_default_and_marks_the_session_ready(self):
        result, ready = self.train()
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(json.loads(result.stdout.splitlines()[-1])["device"], "cpu")
        self.assertTrue(os.path.isfile(ready))

    def test_simulated_gpu_says_so(self):
        result, ready = self.train("--device", "simulated-gpu", "--gpu-memory-mib", "3072")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("simulated GPU: this container holds no GPU memory; Aloft's simulated GPU accounts 3072 MiB",
                      result.stdout)
        self.assertEqual(json.loads(result.stdout.splitlines()[-1])["device"], "simulated-gpu")

    @unittest.skipIf(ctypes.util.find_library("cuda"), "this machine has a CUDA driver")
    def test_gpu_without_a_cuda_driver_exits_5_before_training(self):
        result, ready = self.train("--device", "gpu", "--gpu-memory-mib", "1024")
        self.assertEqual(result.returncode, 5)
        self.assertIn("no CUDA driver library", result.stderr)
        self.assertFalse(os.path.exists(ready))
        self.assertNotIn("epoch", result.stdout)


if __name__ == "__main__":
    unittest.main()
