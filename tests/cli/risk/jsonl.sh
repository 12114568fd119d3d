# JSON Lines (small.jsonl: small.csv's records, with nested keys and arrays; zip missing as
# null, as an absent key and as ""): the same report as text.sh
"$OUTIS" risk small.jsonl --qi age,sex,zip --sensitive diagnosis,salary
