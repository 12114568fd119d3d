# --version prints the program and version; the number itself is not pinned
set -o pipefail
"$OUTIS" --version | sed -E 's/^outis [0-9]+\.[0-9]+\.[0-9]+$/outis X.Y.Z/'
