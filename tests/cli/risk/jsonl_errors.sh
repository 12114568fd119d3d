# JSON Lines errors: invalid JSON at its line and character column and what was expected, a
# line that is not an object, a key twice once nested keys are joined, a value over
# --max-field (exit 3); --skip-bad-rows skips and counts the bad lines; an unknown key names
# the closest (exit 2); an unknown --format (exit 2)
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
printf '{"a":1,"b":"x"}\n\n{"a":2,"b":}\n' >"$tmp/syntax.jsonl"
printf '{"a":1,"b":"x"}\n["a","b"]\n' >"$tmp/array.jsonl"
printf '{"a":1,"b":{"c":1},"b.c":2}\n' >"$tmp/twice.jsonl"
printf '{"a":1,"b":"\xe4\xb8\xad\xe6\x96\x87 text"}\n{"a":"NA","b":"x"' >"$tmp/tail.jsonl"
run() {
  "$OUTIS" risk "$@" 2>&1 | sed "s|$tmp|TMP|g"
  echo "exit ${PIPESTATUS[0]}"
}
run "$tmp/syntax.jsonl" --qi a --combinations none
run "$tmp/array.jsonl" --qi a --combinations none
run "$tmp/twice.jsonl" --qi a --combinations none
run "$tmp/tail.jsonl" --qi a --combinations none
run "$tmp/tail.jsonl" --qi a --combinations none --max-field 8
run "$tmp/syntax.jsonl" --qi a --combinations none --skip-bad-rows
run small.jsonl --qi age,contact.cty
run small.jsonl --qi age --format xml
