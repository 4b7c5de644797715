#!/usr/bin/env python3
"""Runs kinesalite's AWS-recorded mocha suite against an endpoint and counts honestly.

With many failures mocha blames a late assertion on whatever runs next (another test, or a hook,
after which it skips the rest of the file), so one run's count is not the truth. This runner:
1. runs the whole suite once through the shared runner (`kinesalite-suite.sh`);
2. lists every test the suite defines (`list-tests.js`), so a test mocha never ran is seen;
3. reruns each failed or never-run test on its own (`--grep '^full title$'`): a pass there is
   a pass, a failure there is the test's own.
A passing test in the whole run stays a pass: a stray assertion can only fail a test.

    run_suite.py [http://127.0.0.1:4567] [--results results.json] [--no-isolate]
    (`make peer-test` starts the endpoint with endpoint/tests/with_endpoint.sh and runs this)

    run_suite.py URL --titles tests/peer_differences.md --require without_new_members.js
    runs only the tests a file lists (`- <full title>` lines), each on its own, with a script
    mocha loads first (`make peer-evidence`: the listed differences, without AWS's new members).

Prints `peer suite: P of 285 pass, F fail, 5 pending (290 tests, all ran)`; exits 0 whatever
the count (the count is the result), 2 if the suite could not run at all.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SUITE = os.environ.get("KINESALITE_SUITE", "/work/shared/peers/kinesalite-suite.sh")


def work_dir():
    tmp = os.environ.get("TMPDIR", "/tmp")
    return os.environ.get("KINESALITE_WORK", os.path.join(tmp, "kinesalite-suite"))


EXTRA = []


def mocha(endpoint, args):
    """One run of the shared runner with mocha's JSON reporter: its `tests` list, or None."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as out:
        path = out.name
    try:
        # The JSON reporter writes to stdout; mocha's own warnings go to stderr.
        with open(path, "w") as stdout:
            subprocess.run([SUITE, endpoint, "--reporter", "json", *EXTRA, *args], stdout=stdout,
                           stderr=subprocess.DEVNULL, check=False)
        with open(path) as f:
            text = f.read()
        start = text.find("{")
        return json.loads(text[start:])["tests"] if start >= 0 else None
    except (json.JSONDecodeError, KeyError):
        return None
    finally:
        os.unlink(path)


def outcome(test):
    """`pass`, `fail` or `pending` for one entry of mocha's JSON report."""
    if test.get("err"):
        return "fail"
    if test.get("duration") is None:
        return "pending"
    return "pass"


def error_text(test):
    err = test.get("err") or {}
    return err.get("message", "")[:2000]


def keyed(titles):
    seen = {}
    for title in titles:
        seen[title] = seen.get(title, 0) + 1
        yield title if seen[title] == 1 else f"{title} #{seen[title]}"


def record(results, report, overwrite=False):
    """Takes mocha's report into `results`; a pass is never undone by a later stray failure."""
    tests = [t for t in report if t.get("fullTitle")]
    for key, test in zip(keyed(t["fullTitle"] for t in tests), tests):
        entry = results.get(key)
        # A hook's failure ("before all" hook ...) is not one of the listed tests.
        if entry is not None and (overwrite or entry["outcome"] != "pass"):
            entry["outcome"], entry["error"] = outcome(test), error_text(test)


def listed_tests():
    out = subprocess.run(["node", os.path.join(HERE, "list-tests.js"), work_dir()],
                         capture_output=True, text=True, check=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("endpoint", nargs="?", default=os.environ.get("ENDPOINT_URL"),
                        help="the endpoint's URL (default: $ENDPOINT_URL)")
    parser.add_argument("--results", help="write every test's outcome and error here (JSON)")
    parser.add_argument("--no-isolate", action="store_true",
                        help="one whole run only; the count may then be untrustworthy")
    parser.add_argument("--require", help="a script mocha loads before the suite")
    parser.add_argument("--titles", help="only the tests this file lists, each on its own")
    args = parser.parse_args()
    if not args.endpoint:
        parser.error("no endpoint URL (argument or ENDPOINT_URL)")
    if args.require:
        EXTRA.extend(["--require", os.path.abspath(args.require)])
    if args.titles:
        return only_titles(args.endpoint, args.titles, args.results)

    whole = mocha(args.endpoint, [])
    if whole is None:
        print("peer suite: the suite did not run (see kinesalite-suite.sh)", file=sys.stderr)
        return 2
    listed = listed_tests()
    # Two tests may share a full title (getShardIterator has such a pair): the nth one of a
    # title is `title #n` when counted.
    results = {}
    for key, test in zip(keyed(t["title"] for t in listed), listed):
        results[key] = {"title": test["title"], "file": test["file"],
                        "outcome": "pending" if test["pending"] else "not run", "error": ""}
    record(results, whole)
    ran_whole = sum(1 for r in results.values() if r["outcome"] != "not run")

    if not args.no_isolate:
        again = sorted({e["title"] for e in results.values() if e["outcome"] in ("fail", "not run")})
        for title in again:
            alone = mocha(args.endpoint, ["--grep", "^" + re.escape(title) + "$"]) or []
            for key, entry in results.items():
                if entry["title"] == title and entry["outcome"] in ("fail", "not run"):
                    entry["outcome"] = "fail"
                    entry["error"] = "did not run on its own either (a hook failed)"
            record(results, alone, overwrite=True)

    counts = {k: sum(1 for r in results.values() if r["outcome"] == k)
              for k in ("pass", "fail", "pending", "not run")}
    total = len(results)
    runnable = total - counts["pending"]
    ran = "all ran" if counts["not run"] == 0 else f"{counts['not run']} never ran"
    print(f"peer suite: {counts['pass']} of {runnable} pass, {counts['fail']} fail, "
          f"{counts['pending']} pending ({total} tests, {ran}; the whole run alone reached "
          f"{ran_whole})")
    if args.results:
        with open(args.results, "w") as f:
            json.dump(results, f, indent=1, sort_keys=True)
    return 0


def only_titles(endpoint, path, results_path):
    """Each `- <title>` of a file (a parenthesised note after it ignored), run on its own."""
    with open(path) as f:
        titles = [re.sub(r" \(.*$", "", line[2:].strip()) for line in f
                  if line.startswith("- ") and not line.startswith("- **") and " should " in line]
    results = {}
    for title in titles:
        report = mocha(endpoint, ["--grep", "^" + re.escape(title) + "$"]) or []
        tests = [t for t in report if t.get("fullTitle") == title]
        results[title] = {"outcome": outcome(tests[0]) if tests else "not run",
                          "error": error_text(tests[0]) if tests else ""}
        print(f"{results[title]['outcome']:8} {title}")
    passed = sum(1 for r in results.values() if r["outcome"] == "pass")
    print(f"listed: {passed} of {len(titles)} pass")
    if results_path:
        with open(results_path, "w") as f:
            json.dump(results, f, indent=1, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
