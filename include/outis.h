/* outis.h - the public interface of liboutis: measuring and removing the linkability of
 * personal data. Include this header only; it pulls in each concern's header. */
#ifndef OUTIS_H
#define OUTIS_H

#include "outis/error.h"
#include "outis/table.h"
#include "outis/hierarchy.h"
#include "outis/risk.h"
#include "outis/anon.h"
#include "outis/dp.h"
#include "outis/scan.h"
#include "outis/classify.h"

#define OUTIS_VERSION_MAJOR 0
#define OUTIS_VERSION_MINOR 1
#define OUTIS_VERSION_PATCH 0
#define OUTIS_VERSION_STRING "0.1.0"

#endif
