"""bench/cpu_split.py reads the CPU time of running processes from /proc."""

import mmap
import os
import time
from pathlib import Path

import pytest

from bench.cpu_split import cpu_seconds, page_faults

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="no /proc")


def test_the_cpu_time_a_process_spends_is_read():
    def mine(pid: int, _command: str) -> bool:
        return pid == os.getpid()

    before = cpu_seconds(mine)
    started = time.process_time()
    while time.process_time() - started < 0.3:
        sum(range(1000))
    spent = cpu_seconds(mine) - before
    # The kernel counts in ticks (1/100 s here): within two of what Python counted.
    assert 0.28 <= spent <= 0.4
    assert cpu_seconds(lambda pid, command: False) == 0


def test_the_page_faults_of_a_process_are_read():
    def mine(pid: int, _command: str) -> bool:
        return pid == os.getpid()

    # Mapped on its own (not from a heap that may hold freed pages already), in pages of
    # 4 KB: each page touched is faulted in once.
    touched = mmap.mmap(-1, 8 * 1024 * 1024)
    touched.madvise(mmap.MADV_NOHUGEPAGE)
    before = page_faults(mine)
    for offset in range(0, len(touched), mmap.PAGESIZE):
        touched[offset] = 1
    assert page_faults(mine) - before >= 8 * 1024 * 1024 // mmap.PAGESIZE
    touched.close()
    assert page_faults(lambda pid, command: False) == 0
