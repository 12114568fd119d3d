/* table_int.h - the table's private layout, for the modules built on it. */
#ifndef OUTIS_TABLE_INT_H
#define OUTIS_TABLE_INT_H

#include "io/csv.h"

struct outis_table {
    csv_data data;
};

#endif
