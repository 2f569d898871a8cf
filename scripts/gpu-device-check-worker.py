"""One PyTorch process of scripts/gpu-device-check: takes GPU memory in two steps and reports what torch counts.

Usage: gpu-device-check-worker.py NAME FIRST_MIB THEN_MIB DIR
Allocates FIRST_MIB, writes DIR/NAME.1.json, waits for DIR/go, grows to THEN_MIB, writes DIR/NAME.2.json, holds it
until DIR/stop appears (at most 120 s), then exits. Each report: pid, torch's reserved and allocated MiB, and the
device's free/total MiB as the CUDA runtime sees them (torch.cuda.mem_get_info).
"""
import json
import os
import sys
import time

import torch

MIB = 1024 * 1024


def report(directory, name, phase):
    torch.cuda.synchronize()
    free, total = torch.cuda.mem_get_info()
    data = {"name": name, "phase": phase, "pid": os.getpid(),
            "reserved_mib": torch.cuda.memory_reserved() // MIB, "allocated_mib": torch.cuda.memory_allocated() // MIB,
            "device_free_mib": free // MIB, "device_total_mib": total // MIB,
            "device_name": torch.cuda.get_device_name(0)}
    path = os.path.join(directory, "%s.%d.json" % (name, phase))
    with open(path + ".tmp", "w") as handle:
        json.dump(data, handle)
    os.replace(path + ".tmp", path)
    print("worker", json.dumps(data), flush=True)


def wait_for(path, limit):
    end = time.time() + limit
    while not os.path.exists(path) and time.time() < end:
        time.sleep(0.1)


def main():
    name, first, then, directory = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    held = [torch.empty(first * MIB, dtype=torch.uint8, device="cuda")]
    held[0].fill_(1)  # touch it: the memory is really in use, not only reserved
    report(directory, name, 1)
    wait_for(os.path.join(directory, "go"), 120)
    if then > first:
        held.append(torch.empty((then - first) * MIB, dtype=torch.uint8, device="cuda"))
        held[-1].fill_(1)
    report(directory, name, 2)
    wait_for(os.path.join(directory, "stop"), 120)


if __name__ == "__main__":
    main()
