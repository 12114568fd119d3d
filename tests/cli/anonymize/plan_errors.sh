# errors in a --plan file name the field and what was expected (exit 2): a wrong type, an
# unknown field (top level, in a column, in a rule), a field of another treatment, an unknown
# role or treatment, a treatment the role does not allow, a missing hierarchy, bad rules,
# bad criteria, no quasi-identifier, no criterion, malformed JSON (exit 3); TMP/p.json
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
cp anon_age.csv "$tmp/" || exit 99
status=0
while IFS= read -r q; do
  printf '%s\n' "$q" >"$tmp/p.json"
  echo "$q"
  "$OUTIS" anonymize anon_people.csv --plan "$tmp/p.json" -o "$tmp/o.csv" 2>&1 |
    sed "s|$tmp|TMP|g"
  status=${PIPESTATUS[0]}
  echo "exit $status"
done <<'JSON'
{"columns": {"age": {"role": "quasi-identifying", "hierarchy": "anon_age.csv"}}, "criteria": {"k": "2"}}
{"columns": {"age": {"role": "quasi-identifying", "hierarchy": "anon_age.csv"}}, "criteria": {"k": 2}, "colour": 1}
{"columns": {"age": {"role": "quasi-identifying", "hierarchy": "anon_age.csv", "width": 3}}, "criteria": {"k": 2}}
{"columns": {"age": {"role": "quasi-identifying", "hierarchy": {"intervals": {"width": 5, "start": 0}}}}, "criteria": {"k": 2}}
{"columns": {"id": {"role": "identifying", "treatment": "pseudonymize", "keep_first": 1}, "age": {"role": "quasi-identifying", "hierarchy": "anon_age.csv"}}, "criteria": {"k": 2}}
{"columns": {"age": {"role": "quasi"}}, "criteria": {"k": 2}}
{"columns": {"age": {"hierarchy": "anon_age.csv"}}, "criteria": {"k": 2}}
{"columns": {"age": {"role": "quasi-identifying", "treatment": "hide"}}, "criteria": {"k": 2}}
{"columns": {"age": {"role": "quasi-identifying", "treatment": "keep"}}, "criteria": {"k": 2}}
{"columns": {"age": {"role": "quasi-identifying", "hierarchy": "anon_age.csv"}, "name": {"role": "identifying", "treatment": "keep"}}, "criteria": {"k": 2}}
{"columns": {"age": {"role": "quasi-identifying"}}, "criteria": {"k": 2}}
{"columns": {"age": {"role": "quasi-identifying", "hierarchy": 5}}, "criteria": {"k": 2}}
{"columns": {"age": {"role": "quasi-identifying", "hierarchy": {"intervals": {"width": -1}}}}, "criteria": {"k": 2}}
{"columns": {"age": {"role": "quasi-identifying", "hierarchy": {"intervals": {"width": 10, "cuts": [20]}}}}, "criteria": {"k": 2}}
{"columns": {"age": {"role": "quasi-identifying", "hierarchy": {"intervals": {"cuts": [30, 20]}}}}, "criteria": {"k": 2}}
{"columns": {"visit": {"role": "quasi-identifying", "hierarchy": {"dates": ["year", "month"]}}}, "criteria": {"k": 2}}
{"columns": {"zip": {"role": "quasi-identifying", "hierarchy": {"mask": {"char": "**"}}}}, "criteria": {"k": 2}}
{"columns": {"sex": {"role": "quasi-identifying", "hierarchy": {"tree": {"F": 1}}}}, "criteria": {"k": 2}}
{"columns": {"age": {"role": "quasi-identifying", "hierarchy": {"bins": 3}}}, "criteria": {"k": 2}}
{"columns": {"id": {"role": "identifying", "treatment": "pseudonymize", "encoding": "base64"}}, "criteria": {"k": 2}}
{"columns": {"id": {"role": "identifying", "treatment": "pseudonymize", "encoding": "base32", "length": 60}}, "criteria": {"k": 2}}
{"columns": {"phone": {"role": "identifying", "treatment": "encrypt", "alphabet": "0010"}}, "criteria": {"k": 2}}
{"columns": {"visit": {"role": "insensitive", "treatment": "shift-date"}}, "criteria": {"k": 2}}
{"columns": {"visit": {"role": "insensitive", "treatment": "shift-date", "person": "id", "max_days": 0}}, "criteria": {"k": 2}}
{"columns": {"age": {"role": "quasi-identifying", "treatment": "microaggregate", "k": 1}}, "criteria": {"k": 2}}
{"columns": {"age": {"role": "quasi-identifying", "treatment": "microaggregate"}, "diagnosis": {"role": "sensitive"}}, "criteria": {"l": {"l": 2}}}
{"columns": {"age": {"role": "quasi-identifying", "hierarchy": "anon_age.csv"}}, "criteria": {"l": {"kind": "recursive", "l": 2}}}
{"columns": {"age": {"role": "quasi-identifying", "hierarchy": "anon_age.csv"}}, "criteria": {"l": {"kind": "distinct", "l": 2, "c": 3}}}
{"columns": {"age": {"role": "quasi-identifying", "hierarchy": "anon_age.csv"}}, "criteria": {"t": {"kind": "manhattan", "t": 0.2}}}
{"columns": {"age": {"role": "quasi-identifying", "hierarchy": "anon_age.csv"}}, "criteria": {"t": {"t": 2}}}
{"columns": {"age": {"role": "quasi-identifying", "hierarchy": "anon_age.csv"}}, "criteria": {"t": {"t": 0.2}}}
{"columns": {"age": {"role": "quasi-identifying", "hierarchy": "anon_age.csv"}}, "criteria": {}}
{"columns": {"age": {"role": "quasi-identifying", "hierarchy": "anon_age.csv"}}, "criteria": {"k": 2}, "suppression": 1}
{"columns": {"age": {"role": "quasi-identifying", "hierarchy": "anon_age.csv"}}, "criteria": {"k": 2}, "metric": "utility"}
{"columns": {"age": {"role": "quasi-identifying", "hierarchy": "anon_age.csv"}}, "criteria": {"k": 2}, "key_file": 3}
{"columns": {"diagnosis": {"role": "sensitive"}}, "criteria": {"k": 2}}
{"columns": {"age": "quasi-identifying"}}
{"columns": []}
[1]
{"columns": {"age": {"role": "quasi-identifying", "hierarchy": "anon_age.csv"}}, "criteria": {"k": 2}
JSON
exit "$status"
