# 13 QIs: auto stops at pairs; the text shows 8 of each size
"$OUTIS" risk wide.csv --qi c1,c2,c3,c4,c5,c6,c7,c8,c9,c10,c11,c12,c13
