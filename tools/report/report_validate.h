/*
 * report_validate.h - the validator between jansson and the report model,
 * for report_load.c (and nothing else: commands read reports through
 * as_report_load).  Kept apart from report_model.h so that the commands
 * and the rest of the model do not see jansson.
 */
#ifndef ALLOCSITE_REPORT_VALIDATE_H
#define ALLOCSITE_REPORT_VALIDATE_H

#include <jansson.h>

#include "report_model.h"

/*
 * Checks the document root against the rules in report_model.h and fills
 * out, whose source (the name messages give the file) the caller has set.
 * Returns 0, or -1 with *error set to one line naming the file; out may
 * then hold part of the report, for the caller to free.
 */
int as_report_validate(const json_t *root, struct as_report *out, char **error);

#endif
