#!/usr/bin/env bash
# The audit trail (triggers.jsonl: every firing with the values that caused it, every
# negotiation step) of the negotiation tutorial must match the approved file.
# Re-approve after an intended change with CERCO_APPROVE=1.
set -euo pipefail
cerco=$1
src=$2
approved="$src/tests/approved/audit_negotiation.jsonl"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$cerco" run tutorial/negotiation --quiet --out "$out/run"
if [ -n "${CERCO_APPROVE:-}" ]; then
  cp "$out/run/triggers.jsonl" "$approved"
  echo "approved $approved"
  exit 0
fi
test -s "$approved"
if ! diff -u "$approved" "$out/run/triggers.jsonl"; then
  echo "the audit trail differs from $approved (CERCO_APPROVE=1 to accept)"
  exit 1
fi
echo "audit trail matches ($(wc -l < "$approved") lines)"
