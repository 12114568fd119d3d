# '-' reads JSON Lines from standard input with --format jsonl (CSV otherwise)
"$OUTIS" risk - --format jsonl --qi age,sex,zip --combinations none <small.jsonl
