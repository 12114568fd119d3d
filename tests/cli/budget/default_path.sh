# without --ledger or OUTIS_LEDGER the ledger is $XDG_STATE_HOME/outis/ledger.db, else
# $HOME/.local/state/outis/ledger.db, whose directories are created with mode 0700
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
unset OUTIS_LEDGER
HOME=$tmp/home XDG_STATE_HOME= "$OUTIS" budget set small.csv --epsilon 1 >/dev/null || exit
stat -c '%a %n' "$tmp/home/.local/state/outis" | sed "s|$tmp|TMP|"
test -f "$tmp/home/.local/state/outis/ledger.db" && echo "home ledger exists"
HOME=$tmp/home XDG_STATE_HOME=$tmp/state "$OUTIS" budget set small.csv --epsilon 2 >/dev/null || exit
stat -c '%a %n' "$tmp/state/outis" | sed "s|$tmp|TMP|"
test -f "$tmp/state/outis/ledger.db" && echo "state ledger exists"
HOME= XDG_STATE_HOME= "$OUTIS" budget show
