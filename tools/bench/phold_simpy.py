#!/usr/bin/python3
"""PHOLD in SimPy 2 (python3-simpy), the Python peer in the comparison.

The same model as cerco's and the naive reference: N LPs each start with M events at
lookahead + Exp(mean - lookahead); each event schedules one at now + lookahead +
Exp(mean - lookahead) on a uniformly random LP with probability `remote`, else on its
own LP. Each pending event is a SimPy process that holds until its time, the cheapest
way to keep N x M events pending in SimPy 2. Prints the same figures as the C++ drivers.

Run with Debian's interpreter: /usr/bin/python3 tools/bench/phold_simpy.py --events 300000
"""
import argparse
import random
import sys
import time

from SimPy.Simulation import Process, activate, hold, initialize, simulate, stopSimulation
import SimPy.Globals as Globals


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--lps", type=int, default=1000)
    p.add_argument("--events-per-lp", type=int, default=10)
    p.add_argument("--remote", type=float, default=0.5)
    p.add_argument("--mean-us", type=float, default=1000.0)
    p.add_argument("--lookahead-us", type=float, default=100.0)
    p.add_argument("--events", type=int, default=100000)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    if (a.lps < 1 or a.events_per_lp < 1 or not 0 <= a.remote <= 1
            or not 0 <= a.lookahead_us <= a.mean_us):
        print("phold_simpy: need lps >= 1, events-per-lp >= 1, 0 <= remote <= 1, "
              "0 <= lookahead-us <= mean-us", file=sys.stderr)
        return 2

    rng = random.Random(a.seed)
    delay_mean = a.mean_us - a.lookahead_us
    rate = 1.0 / delay_mean if delay_mean > 0 else None
    lookahead, remote, lps, target = a.lookahead_us, a.remote, a.lps, a.events
    processed = [0]

    def delay():
        return lookahead + (rng.expovariate(rate) if rate else 0.0)

    class Event(Process):
        """One pending PHOLD event; after it runs it becomes the event it schedules."""

        def run(self, lp):
            yield hold, self, delay()
            while True:
                processed[0] += 1
                if processed[0] >= target:
                    stopSimulation()
                dest = rng.randrange(lps) if rng.random() < remote else lp
                lp = dest
                yield hold, self, delay()

    start = time.perf_counter()
    initialize()
    for lp in range(lps):
        for _ in range(a.events_per_lp):
            e = Event()
            activate(e, e.run(lp))
    simulate(until=float("inf"))
    wall = time.perf_counter() - start
    population = sum(1 for rec in Globals.sim._timestamps if not rec[3])
    expected = lps * a.events_per_lp
    print("phold (simpy): %d LPs x %d events, remote %g, mean %g us, lookahead %g us"
          % (lps, a.events_per_lp, remote, a.mean_us, lookahead))
    print("events %d in %.3f s" % (processed[0], wall))
    print("events/s %.0f" % (processed[0] / wall))
    print("final population %d (expected %d)" % (population, expected))
    return 0 if population == expected else 1


if __name__ == "__main__":
    sys.exit(main())
