/* account.h - privacy accounting for the budget ledger: zero-concentrated DP (zCDP) to
 * (epsilon, delta)-DP and back, and the composition rule that turns what a dataset has spent
 * into one (epsilon, delta) guarantee. Doubles are fine here: every conversion rounds towards
 * more privacy spent, never less. */
#ifndef OUTIS_DP_ACCOUNT_H
#define OUTIS_DP_ACCOUNT_H

#include "outis/dp.h"

/* Relative slack in budget comparisons: sums of decimal fractions such as 0.1 are inexact in
 * binary, and ten charges of 0.1 must fill a budget of 1. */
#define DP_BUDGET_SLACK 1e-9

/* The smallest epsilon such that every rho-zCDP mechanism is (epsilon, delta)-DP, by the
 * conversion of Canonne, Kamath and Steinke 2020 (arXiv 2004.00010, section 2.3;
 * `cdp2adp.py#cdp_eps`), rounded up. Never above Bun and Steinke's rho + 2 sqrt(rho ln(1/delta)).
 * 0 when rho is 0 or delta >= 1; +inf when delta <= 0 < rho, or rho or delta is NaN. */
double dp_rho_to_eps(double rho, double delta);

/* The largest rho whose conversion at delta is at most eps (rounded down): what a pure
 * (epsilon, delta) budget allows in zCDP. 0 when eps <= 0 or delta <= 0; +inf when
 * delta >= 1 or eps is +inf. */
double dp_eps_delta_to_rho(double eps, double delta);

/* The epsilon that what was spent amounts to under a budget of total delta delta_total (see
 * account.c for why this composition is valid); *delta_spent (may be NULL) receives the
 * delta it uses. +inf when rho > 0 but no delta is left to convert it with. */
double dp_spent_epsilon(const outis_dp_cost *spent, double delta_total, double *delta_spent);

/* 1 if a budget of (epsilon_total, delta_total) covers spent (what would have been spent
 * after a charge), else 0. */
int dp_budget_allows(double epsilon_total, double delta_total, const outis_dp_cost *spent);

#endif
