# -V is --version
set -o pipefail
"$OUTIS" -V | sed -E 's/^outis [0-9]+\.[0-9]+\.[0-9]+$/outis X.Y.Z/'
