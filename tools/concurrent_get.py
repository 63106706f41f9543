"""Asks one URL from N threads at once and reports, per request, the status, the bytes read, the
seconds to the first block and to the end: the measurement of BENCHMARKS.md's "Large answers
streamed". Loopback only; usage: python3 tools/concurrent_get.py URL N"""
import sys
import threading
import time
import urllib.request


def main():
    url, n = sys.argv[1], int(sys.argv[2])
    if not url.startswith(("http://127.0.0.1", "http://localhost")):
        sys.exit("loopback URLs only")
    results = [None] * n

    def get(i):
        start = time.time()
        try:
            with urllib.request.urlopen(url, timeout=120) as response:
                size, first = 0, None
                while True:
                    block = response.read(1 << 16)
                    if first is None:
                        first = time.time() - start
                    if not block:
                        break
                    size += len(block)
                results[i] = (response.status, size, round(first, 2), round(time.time() - start, 2))
        except Exception as e:  # a failed request is a result to report, not a reason to stop
            results[i] = ("ERR", str(e)[:80], None, round(time.time() - start, 2))

    threads = [threading.Thread(target=get, args=(i,)) for i in range(n)]
    began = time.time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print("wall", round(time.time() - began, 2))
    for result in results:
        print(result)


if __name__ == "__main__":
    main()
