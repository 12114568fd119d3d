# a real table: adult.csv (30162 records, ';'-separated) from the shared data, cross-checked
# with an independent Python count. Which of several tied classes is named "the worst" is an
# implementation detail, so the class sizes after "a class of" are left out.
set -o pipefail
cd "$SHARED_DATA/adult" || exit 99
"$OUTIS" risk adult.csv --qi sex,race,marital-status --sensitive salary-class,age \
  --combinations pairs | sed -E 's/ \(a class of [0-9]+ records?\)//'
