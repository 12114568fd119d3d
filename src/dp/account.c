/* account.c - zCDP to (epsilon, delta)-DP conversion and the ledger's composition rule; see
 * account.h. References: Bun and Steinke, "Concentrated differential privacy:
 * simplifications, extensions, and lower bounds" (TCC 2016, arXiv 1605.02065); Canonne,
 * Kamath and Steinke, "The discrete Gaussian for differential privacy" (NeurIPS 2020, arXiv
 * 2004.00010, section 2.3, code `cdp2adp.py`). */
#include "account.h"

#include <float.h>
#include <math.h>

/* The grid over ln(a - 1) that brackets the best order a before the golden-section search:
 * GRID_HALF either side of the order that is best for Bun and Steinke's bound. */
#define GRID_HALF 25.0
#define GRID_STEP 0.125

/* CKS 2020: a rho-zCDP mechanism is (eps, delta)-DP for every order a > 1 with
 *     delta = e^{(a-1)(a rho - eps)} (1 - 1/a)^a / (a - 1).
 * Taking logs and solving for eps, with u = a - 1 > 0 and L = ln(1/delta):
 *     eps = a rho + (a ln(1 - 1/a) - ln(a - 1) + L) / (a - 1)
 * and, since a ln(1 - 1/a) - ln(a - 1) = u ln u - (1 + u) ln(1 + u),
 *     eps(u) = rho (1 + u) + (L - ln(1 + u)) / u - ln(1 + 1/u).
 * This form has no cancellation for large or small u. *scale receives the size of its
 * largest term, which bounds the rounding error of the sum. */
static double eps_at(double rho, double log_inv_delta, double u, double *scale)
{
    double a = rho * (1 + u), b = (log_inv_delta - log1p(u)) / u, c = log1p(1 / u);
    *scale = fmax(fabs(a), fmax(fabs(b), fabs(c)));
    return a + b - c;
}

/* Every u gives a valid epsilon, so a search that misses the minimum costs tightness, never
 * soundness. eps(u) is smooth and, in practice, has one minimum; the grid over ln u finds
 * its neighbourhood without relying on that, and a golden-section search refines it. */
static double cks_eps(double rho, double log_inv_delta, double *scale)
{
    double centre = 0.5 * (log(log_inv_delta) - log(rho)); /* ln sqrt(L / rho) */
    double best = INFINITY, best_t = centre, s;
    for (double k = -GRID_HALF; k <= GRID_HALF; k += GRID_STEP) {
        double v = eps_at(rho, log_inv_delta, exp(centre + k), &s);
        if (v < best) {
            best = v;
            best_t = centre + k;
            *scale = s;
        }
    }
    const double phi = 0.6180339887498949; /* (sqrt(5) - 1) / 2 */
    double lo = best_t - GRID_STEP, hi = best_t + GRID_STEP;
    double x1 = hi - phi * (hi - lo), x2 = lo + phi * (hi - lo);
    double s1, s2;
    double f1 = eps_at(rho, log_inv_delta, exp(x1), &s1);
    double f2 = eps_at(rho, log_inv_delta, exp(x2), &s2);
    for (int i = 0; i < 100 && hi - lo > 1e-15; i++) {
        if (f1 < best) {
            best = f1;
            *scale = s1;
        }
        if (f2 < best) {
            best = f2;
            *scale = s2;
        }
        if (f1 <= f2) {
            hi = x2;
            x2 = x1;
            f2 = f1;
            s2 = s1;
            x1 = hi - phi * (hi - lo);
            f1 = eps_at(rho, log_inv_delta, exp(x1), &s1);
        } else {
            lo = x1;
            x1 = x2;
            f1 = f2;
            s1 = s2;
            x2 = lo + phi * (hi - lo);
            f2 = eps_at(rho, log_inv_delta, exp(x2), &s2);
        }
    }
    return best;
}

/* Rounds a computed bound up past its rounding error: relative slack for the search, and
 * 64 ulps of the largest term for the sum. */
static double round_up(double v, double scale)
{
    return v + 1e-9 * fabs(v) + 64 * DBL_EPSILON * scale;
}

double dp_rho_to_eps(double rho, double delta)
{
    if (isnan(rho) || isnan(delta) || rho < 0) {
        return INFINITY;
    }
    if (rho == 0 || delta >= 1) {
        return 0;
    }
    if (delta <= 0 || isinf(rho)) {
        return INFINITY;
    }
    double log_inv_delta = -log(delta);
    /* Bun and Steinke 2016, Prop. 1.3: the RDP bound a rho + L/(a - 1) at its best order.
     * CKS is below it for every order (it subtracts positive terms), so this is a guard. */
    double bs = rho + 2 * sqrt(rho * log_inv_delta);
    double scale = 0;
    double cks = cks_eps(rho, log_inv_delta, &scale);
    double eps = fmin(round_up(cks, scale), round_up(bs, bs));
    return eps > 0 ? eps : 0;
}

double dp_eps_delta_to_rho(double eps, double delta)
{
    if (isnan(eps) || isnan(delta) || eps <= 0 || delta <= 0) {
        return 0;
    }
    if (delta >= 1 || isinf(eps)) {
        return INFINITY;
    }
    /* Bracket the answer within a factor of 2, then bisect. Invariant: dp_rho_to_eps(lo) <= eps
     * < dp_rho_to_eps(hi), so returning lo rounds down. */
    double lo = eps, hi = eps;
    if (dp_rho_to_eps(eps, delta) <= eps) {
        while (dp_rho_to_eps(hi, delta) <= eps) {
            lo = hi;
            hi *= 2;
            if (isinf(hi)) {
                return lo;
            }
        }
    } else {
        while (dp_rho_to_eps(lo, delta) > eps) {
            hi = lo;
            lo /= 2;
            if (lo == 0) {
                break;
            }
        }
    }
    for (int i = 0; i < 100; i++) {
        double mid = lo + (hi - lo) / 2;
        if (mid <= lo || mid >= hi) {
            break;
        }
        if (dp_rho_to_eps(mid, delta) <= eps) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    return lo;
}

/* Why this is a valid composition. The releases of a dataset fall into three kinds: pure
 * eps_i-DP ones (Laplace), (eps_j, delta_j)-DP ones (private partition selection) and
 * rho_k-zCDP ones (Gaussian). By basic composition (Dwork and Roth 2014, Thm 3.16) the first
 * two together are (sum eps, sum delta)-DP: that is spent.epsilon and spent.delta. The zCDP
 * ones compose to (sum rho)-zCDP (Bun and Steinke 2016, Lemma 1.7), and a rho-zCDP mechanism
 * is (eps(rho, d), d)-DP for every d in (0, 1] at once, so we may pick d after the fact as
 * long as the choice does not look at the data: d = delta_total - spent.delta depends only
 * on the declared costs. Basic composition of the two parts then gives
 * (spent.epsilon + eps(sum rho, d), spent.delta + d) = (epsilon_spent, delta_total)-DP.
 * Converting the sum of rho once, instead of each release, is the point of zCDP: the
 * conversion's square-root cost is paid once. Releases whose parameters are chosen after
 * seeing earlier outputs are covered by privacy filters: basic composition (Rogers, Roth,
 * Ullman and Vadhan 2016) and zCDP (Whitehouse, Ramdas, Rogers and Wu 2023) stay valid when
 * the analyst stops as soon as the next release would exceed a fixed budget, which is what
 * the ledger enforces. */
double dp_spent_epsilon(const outis_dp_cost *spent, double delta_total, double *delta_spent)
{
    double eps = spent->epsilon;
    double delta = spent->delta;
    if (spent->rho != 0) {
        eps += dp_rho_to_eps(spent->rho, delta_total - spent->delta);
        delta = delta_total;
    }
    if (delta_spent != NULL) {
        *delta_spent = delta;
    }
    return eps;
}

int dp_budget_allows(double epsilon_total, double delta_total, const outis_dp_cost *spent)
{
    /* Written so that NaN anywhere refuses. */
    if (!(spent->epsilon >= 0 && spent->rho >= 0 && spent->delta >= 0)) {
        return 0;
    }
    if (!(spent->delta <= delta_total * (1 + DP_BUDGET_SLACK))) {
        return 0;
    }
    if (spent->rho > 0 && !(delta_total - spent->delta > 0)) {
        return 0; /* a Gaussian release needs some delta to convert with */
    }
    double eps = dp_spent_epsilon(spent, delta_total, NULL);
    return eps <= epsilon_total * (1 + DP_BUDGET_SLACK);
}
