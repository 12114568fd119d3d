# errors in standard input name <stdin>
printf 'a,b\n1,2\n3\n' | "$OUTIS" risk - --qi a
