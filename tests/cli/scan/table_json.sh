# --json for a table: every column with its entities, shares, reasons and masked example
set -o pipefail
"$OUTIS" scan --today 2025-06-01 --json scan_table.csv |
  sed 's/"outis_version": "[0-9][^"]*"/"outis_version": "X.Y.Z"/'
