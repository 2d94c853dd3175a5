"""N connections, opened first, then each sends one GET at the same moment to a backend that
answers after 1 s; prints how long until every answer arrived (wrk ramps connections up too
slowly to hold 10,000 requests in flight at once). Output: the RESULT line report.lua prints."""
import asyncio
import sys
import time

REQUEST = b"GET /wait HTTP/1.1\r\nHost: bench\r\n\r\n"


async def connect(port, sem):
    async with sem:  # pace the SYNs: an accept queue overflow would add 1 s retransmits
        for _ in range(50):
            try:
                return await asyncio.open_connection("127.0.0.1", port)
            except OSError:
                await asyncio.sleep(0.05)
    return None


async def exchange(conn, start):
    reader, writer = conn
    try:
        writer.write(REQUEST)
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        await reader.readexactly(length)
        ok = head.startswith(b"HTTP/1.1 200")
        return (time.monotonic() - start) * 1000, ok
    except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
        return None, False
    finally:
        writer.close()


async def main(port, n):
    sem = asyncio.Semaphore(256)
    conns = await asyncio.gather(*(connect(port, sem) for _ in range(n)))
    opened = [c for c in conns if c is not None]
    start = time.monotonic()
    results = await asyncio.wait_for(asyncio.gather(*(exchange(c, start) for c in opened)), timeout=60)
    total = time.monotonic() - start
    times = sorted(t for t, ok in results if ok and t is not None)
    errors = n - len(times)
    pct = lambda q: times[min(len(times) - 1, int(q * len(times)))] if times else 0
    print("RESULT rps=%.1f p50=%.3f p99=%.3f p999=%.3f max=%.3f errors=%d requests=%d"
          % (len(times) / total if total else 0, pct(0.5), pct(0.99), pct(0.999), times[-1] if times else 0,
             errors, len(times)))


asyncio.run(main(int(sys.argv[1]), int(sys.argv[2])))
